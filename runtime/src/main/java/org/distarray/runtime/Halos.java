package org.distarray.runtime;

import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.HaloPlan;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.distarray.runtime.internal.Client;

/**
 * Ghost cells: a ghosted array is the interior of a padded array whose blocks carry width more layers on both sides
 * of every axis ({@link HaloPlan#padded}); both share the engines' storage. Refreshing the ghosts is one round per
 * axis in which the engines send their edge slabs straight to their neighbours (the coordinator only sends the
 * plan of the round), and a stencil refreshes them and then runs on every engine's block with its ghosts, writing a
 * new ghosted array.
 */
final class Halos {
  /** What a ghosted array keeps besides its interior: the padded array, the width and the boundary. */
  record Ghosts(DistArray padded, int width, Boundary boundary) {}

  private Halos() {}

  /** {@link DistArray#ghosted}. */
  static DistArray ghosted(DistContext ctx, DistArray a, int width, Boundary boundary) {
    if (boundary == null) {
      throw new IllegalArgumentException("a ghosted array needs a boundary: ZERO, PERIODIC or EDGE");
    }
    if (a.ndim() == 0) {
      throw new IllegalArgumentException("a 0-d array has no neighbours to keep ghost layers of");
    }
    Distribution d = blockLayout(a.distribution());
    Distribution paddedLayout = HaloPlan.padded(d, width);
    DistArray out = newGhosted(ctx, ctx.zeros(paddedLayout, a.dtype()), d, width, boundary);
    try {
      out.assign(allOf(a.ndim()), a);
      updateGhosts(ctx, out);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return out;
  }

  /** {@link DistArray#updateGhosts}: one round of copies engine to engine, corners included. */
  static void updateGhosts(DistContext ctx, DistArray a) {
    Ghosts g = ghostsOf(a);
    long padded = g.padded().id(ctx);
    HaloPlan.Edge edge = HaloPlan.Edge.valueOf(g.boundary().name());
    Client client = ctx.client();
    Coordinator.ArrayReply reply = client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.UpdateGhosts(padded, g.width(), edge, r),
        "the ghost layers of " + a);
    Client.raise(reply.error());
  }

  /**
   * {@link DistArray#stencil}: one command per engine, which sends its edge slabs, computes the interior of its new
   * block while they travel and the rim once its ghosts are in; a new ghosted array like a (its own ghosts are
   * refreshed by its next step).
   */
  static DistArray stencil(DistContext ctx, DistArray a, Stencil s) {
    if (s == null) {
      throw new IllegalArgumentException("stencil needs a Stencil, got null");
    }
    Ghosts g = ghostsOf(a);
    long inner = a.id(ctx);
    long padded = g.padded().id(ctx);
    HaloPlan.Edge edge = HaloPlan.Edge.valueOf(g.boundary().name());
    Client client = ctx.client();
    org.distarray.actors.TaskPayload task = client.payloadOf(new ApplyStencil(s, g.width()));
    Coordinator.StencilReply reply = client.ask(client.coordinator(),
        (ActorRef<Coordinator.StencilReply> r) -> new Coordinator.StencilStep(inner, padded, g.width(), edge, task, r),
        "a stencil step of " + a);
    Client.raise(reply.error());
    DistArray outPadded = ctx.adopt(reply.padded());
    DistArray out = ctx.adopt(reply.inner());
    out.attachGhosts(new Ghosts(outPadded, g.width(), g.boundary()));
    return out;
  }

  /** The interior of padded as a ghosted array laid out by d (padded is closed with it). */
  private static DistArray newGhosted(DistContext ctx, DistArray padded, Distribution d, int width,
      Boundary boundary) {
    try {
      long source = padded.id(ctx);
      long[] offsets = new long[d.ndim()];
      java.util.Arrays.fill(offsets, width);
      Client client = ctx.client();
      Coordinator.ArrayReply reply = client.ask(client.coordinator(),
          (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.InnerArray(source, d, offsets, width, r),
          "the interior of the padded blocks of " + padded);
      DistArray inner = ctx.adopt(reply);
      inner.attachGhosts(new Ghosts(padded, width, boundary));
      return inner;
    } catch (RuntimeException e) {
      padded.close();
      throw e;
    }
  }

  private static Ghosts ghostsOf(DistArray a) {
    Ghosts g = a.ghosts();
    if (g == null) {
      throw new IllegalStateException(a + " has no ghost layers: make a ghosted copy with ghosted(width, boundary)");
    }
    return g;
  }

  /** d when every axis is in blocks; else blocks over the same grid and engines ('n' where the grid is 1). */
  private static Distribution blockLayout(Distribution d) {
    StringBuilder kinds = new StringBuilder();
    boolean blocks = true;
    int[] grid = d.gridShape();
    for (int k = 0; k < d.ndim(); k++) {
      char t = d.axisMap(k).distType();
      blocks &= t == 'b' || t == 'n';
      kinds.append(grid[k] > 1 ? 'b' : 'n');
    }
    return blocks ? d : Distribution.of(d.shape(), kinds.toString(), grid, d.targets());
  }

  private static String allOf(int ndim) {
    return String.join(", ", java.util.Collections.nCopies(ndim, ":"));
  }

  /** Runs the stencil on this engine's block of argument 0 with its ghosts, into argument 1's block. */
  public record ApplyStencil(Stencil stencil, int width) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      stencil.apply(blocks.ghostedBlock(0), blocks.block(1), width);
      return blocks.rank();
    }
  }
}

package org.distarray.runtime.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.BlockCopy;
import org.distarray.arrays.dist.Distribution;

/**
 * Blocks between the client and the engines, in C-order parts of at most {@code distarray.client.part-bytes}
 * (under the remote frame size in cluster mode) with at most {@value #WINDOW} parts in flight: the client's memory
 * holds the whole array plus a few parts, and no message outgrows a frame.
 */
public final class BlockParts {
  static final int WINDOW = 16;

  private BlockParts() {}

  /** One part in flight: where it goes once it arrives. */
  private record InFlight(CompletableFuture<Engine.Done> answer, NdArray into) {}

  /** Every block of array (distributed by d) copied into whole, which has d's shape. */
  public static void gather(Client client, long array, Distribution d, NdArray whole, String what) {
    DType dtype = whole.dtype();
    long perPart = Math.max(1, client.chunkBytes() / dtype.itemSize());
    Deque<InFlight> window = new ArrayDeque<>();
    NdArray[] locals = new NdArray[d.ranks()];
    for (int rank = 0; rank < d.ranks(); rank++) {
      locals[rank] = NdArray.zeros(dtype, d.localShape(rank).dims());
      NdArray flat = locals[rank].reshape(-1);
      ActorRef<Engine.Command> engine = client.engine(d.target(rank));
      for (long start = 0; start < flat.size(); start += perPart) {
        int n = (int) Math.min(perPart, flat.size() - start);
        long from = start;
        CompletableFuture<Engine.Done> answer = client.start(engine,
            (ActorRef<Engine.Done> r) -> new Engine.FetchPart(0, array, from, n, r));
        window.add(new InFlight(answer, flat.view(List.of(new AxisRange(start, 1, n, false)))));
        if (window.size() >= WINDOW) {
          land(client, window.poll(), what);
        }
      }
    }
    while (!window.isEmpty()) {
      land(client, window.poll(), what);
    }
    for (int rank = 0; rank < d.ranks(); rank++) {
      BlockCopy.toGlobal(locals[rank], d, rank, whole);
    }
  }

  private static void land(Client client, InFlight part, String what) {
    Engine.Done done = client.await(part.answer(), what);
    Client.raise(done.error());
    part.into().copyFrom(done.block().reshape(-1));
  }

  /** Each rank's block of a (of d's shape) stored on its engine as array. */
  public static void scatter(Client client, long array, Distribution d, NdArray a, String what) {
    long perPart = Math.max(1, client.chunkBytes() / a.dtype().itemSize());
    Deque<CompletableFuture<Engine.Done>> window = new ArrayDeque<>();
    for (int rank = 0; rank < d.ranks(); rank++) {
      NdArray flat = BlockCopy.fromGlobal(a, d, rank).reshape(-1);
      ActorRef<Engine.Command> engine = client.engine(d.target(rank));
      long start = 0;
      do { // an empty block still gets one (empty) part, which creates it
        int n = (int) Math.min(perPart, flat.size() - start);
        NdArray part = flat.view(List.of(new AxisRange(start, 1, n, false)));
        long from = start;
        window.add(client.start(engine,
            (ActorRef<Engine.Done> r) -> new Engine.StorePart(0, array, d, from, part, r)));
        if (window.size() >= WINDOW) {
          Client.raise(client.await(window.poll(), what).error());
        }
        start += n;
      } while (start < flat.size());
    }
    while (!window.isEmpty()) {
      Client.raise(client.await(window.poll(), what).error());
    }
  }
}

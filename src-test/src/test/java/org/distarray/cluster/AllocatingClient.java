package org.distarray.cluster;

import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.Shape;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;

/**
 * A client program for {@link ClientLossTest}, run in a JVM of its own: connects, allocates arrays of ones over all
 * engines and {@value #DERIVED} more derived from them (an elementwise result and a redistribution), prints
 * {@value #ALLOCATED} with its memory report, and then either dies at once without closing anything ({@code halt}:
 * {@code Runtime.halt}, as a crash) or closes its context and prints {@value #CLOSED} ({@code close}).
 *
 * <p>Usage: {@code AllocatingClient <client-config> <arrays> <elements-per-array> halt|close}
 */
final class AllocatingClient {
  static final String ALLOCATED = "allocated:";
  static final String CLOSED = "closed";
  /** Arrays made from the first two arrays of ones, besides them. */
  static final int DERIVED = 2;

  private AllocatingClient() {}

  public static void main(String[] args) {
    if (args.length != 4 || !(args[3].equals("halt") || args[3].equals("close"))) {
      System.err.println("usage: AllocatingClient <client-config> <arrays> <elements-per-array> halt|close; got "
          + List.of(args));
      System.exit(2);
    }
    int arrays = Integer.parseInt(args[1]);
    long elements = Long.parseLong(args[2]);
    DistContext ctx = DistContext.connect(Path.of(args[0]));
    List<DistArray> kept = new ArrayList<>();
    for (int i = 0; i < arrays; i++) {
      kept.add(ctx.ones(ctx.distribution(Shape.of(elements), "b")));
    }
    kept.add(kept.get(0).multiply(2.0).evaluate());
    kept.add(kept.get(1).redistribute(ctx.distribution(Shape.of(elements), "c")));
    System.out.println(ALLOCATED + " " + kept.size() + " arrays of " + elements + " float64 on engines "
        + ctx.engineNodes() + "; " + ctx.memory());
    System.out.flush();
    if (args[3].equals("halt")) {
      Reference.reachabilityFence(kept); // the handles live until the end: nothing is freed by the collector
      Runtime.getRuntime().halt(0);
    }
    ctx.close();
    System.out.println(CLOSED);
    System.out.flush();
    System.exit(0);
  }
}

package org.distarray.samples;

import java.util.List;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;

/**
 * A first distributed program on the embedded runtime: four engines in this JVM, a 2-D array split over a
 * (2, 2) grid, fused elementwise work, reductions, random numbers and a task on every engine.
 *
 * <p>Usage: {@code QuickStart [rows, default 8] [columns, default 6]}.
 */
public final class QuickStart {
  private QuickStart() {}

  /** Reports what one engine holds: its rank and its block's shape. */
  record Describe() implements LocalTask<String> {
    @Override
    public String run(LocalBlocks blocks) {
      return "engine " + blocks.engineId() + " holds rank " + blocks.rank() + ", a block of shape "
          + blocks.block(0).shape();
    }
  }

  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 8;
    long cols = args.length > 1 ? Long.parseLong(args[1]) : 6;
    try (DistContext ctx = DistContext.local(4)) {
      Distribution d = ctx.distribution(Shape.of(rows, cols), "bc");
      System.out.println("distribution: " + d);
      NdArray local = NdArray.arange(rows * cols).reshape(rows, cols);
      try (DistArray a = ctx.fromNdArray(local, d);
           DistArray b = a.multiply(0.5).add(1.0).sqrt();
           DistArray colSums = b.sum(0);
           DistArray noise = ctx.random(42).randn(d)) {
        System.out.println("sqrt(a * 0.5 + 1).sum()       = " + b.sum());
        System.out.println("sqrt(a * 0.5 + 1).sum(axis=0) = " + colSums.toNdArray());
        System.out.println("a.argmax()                    = " + a.argmax());
        System.out.println("randn(seed 42): mean " + noise.mean() + ", std " + noise.std());
        List<String> where = ctx.apply(new Describe(), a);
        where.forEach(System.out::println);
        System.out.println("while the arrays are open, " + ctx.memory());
      }
      // every array above is closed; the intermediates of the chain a.multiply(0.5).add(1.0) were never named, so
      // the runtime frees them once the garbage collector finds them unreachable: then the engines hold nothing
      System.gc();
      System.out.println("at the end, " + ctx.memory());
    }
  }
}

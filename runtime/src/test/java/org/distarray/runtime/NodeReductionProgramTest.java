package org.distarray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.distarray.arrays.Shape;
import org.junit.jupiter.api.Test;

/**
 * Small reductions on many engines of one JVM are done by one engine reading the others' blocks: a program that
 * writes between reductions must see every write at once, through views and lazy results too. Expected values are
 * NumPy's for the same steps, worked out in the comments.
 */
class NodeReductionProgramTest {
  @Test
  void everyReductionSeesTheWritesBeforeIt() {
    try (DistContext ctx = DistContext.local(16)) {
      // x = np.zeros(1000); 'b' over 16 engines, blocks of 62 or 63 elements
      DistArray x = ctx.zeros(ctx.distribution(Shape.of(1000), "b"));
      double expected = 0;
      for (int step = 0; step < 200; step++) {
        int from = (step * 37) % 990;
        x.assign(from + ":" + (from + 10), step); // x[from:from+10] = step
        expected = 0;
        double[] model = new double[1000];
        for (int s = 0; s <= step; s++) { // the writes so far, in order
          int f = (s * 37) % 990;
          for (int i = f; i < f + 10; i++) {
            model[i] = s;
          }
        }
        for (double v : model) {
          expected += v;
        }
        assertEquals(expected, x.sum(), 0.0, "step " + step); // integers below 2^53: exact in any order
        assertEquals(step, x.max(), 0.0, "step " + step);
      }
      // a view over every engine's block: x[::3].sum() from the same model
      double viewSum = 0;
      for (int i = 0; i < 1000; i += 3) {
        viewSum += x.getDouble(i);
      }
      try (DistArray every3 = x.slice("::3")) {
        assertEquals(viewSum, every3.sum(), 0.0);
      }
      // a lazy result keeps the values its input had when it was made: (x + 1).sum() == x.sum() + 1000
      DistArray lazy = x.add(1.0);
      double before = x.sum();
      x.assign(":", 0.0);
      assertEquals(before + 1000, lazy.sum(), 0.0);
      assertEquals(0.0, x.sum(), 0.0);
      lazy.close();
      x.close();
    }
  }
}

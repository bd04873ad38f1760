package org.distarray.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Products laid out by rows in the embedded runtime read the rows of b that other engines hold from their blocks
 * (no copy of b on every engine) when each engine's block of b holds whole rows, in any layout of the rows, and fall
 * back to sending b's panels when it does not; either way the values are NumPy's and no loan is left afterwards.
 * a is {@code np.arange(12.).reshape(4, 3)} on three engines, so the product's grid is three rows by one column.
 */
class LentRowsTest {
  /** {@code np.arange(12.).reshape(4, 3) @ np.arange(6.).reshape(3, 2)}. */
  private static final double[] PRODUCT = {10, 13, 28, 40, 46, 67, 64, 94};
  /** {@code np.arange(12.).reshape(4, 3) @ np.arange(6.).reshape(3, 2)[::-1]}. */
  private static final double[] PRODUCT_OF_REVERSED = {2, 5, 20, 32, 38, 59, 56, 86};
  private static DistContext ctx;

  @BeforeAll
  static void start() {
    ctx = DistContext.local(3);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  private static double[] product(String layoutOfB, boolean reversed) {
    NdArray x = NdArray.arange(12).astype(DType.FLOAT64).reshape(4, 3);
    NdArray y = NdArray.arange(6).astype(DType.FLOAT64).reshape(3, 2);
    try (DistArray a = ctx.fromNdArray(x, ctx.distribution(Shape.of(4, 3), "bn"));
        DistArray b = ctx.fromNdArray(y, ctx.distribution(Shape.of(3, 2), layoutOfB));
        DistArray operand = reversed ? b.slice("::-1") : b;
        DistArray c = a.matmul(operand)) {
      return c.toNdArray().toDoubleArray();
    }
  }

  @Test
  void rowsHeldInAnyLayoutAreLentNotSent() {
    for (String layout : new String[] {"cn", "bn", "nn"}) {
      long before = LentRows.loansMade();
      assertArrayEquals(PRODUCT, product(layout, false), layout);
      assertEquals(before + 1, LentRows.loansMade(), "b laid out " + layout + " is lent");
      assertEquals(0, LentRows.loans(), "no loan is left after the product");
    }
    long before = LentRows.loansMade();
    assertArrayEquals(PRODUCT_OF_REVERSED, product("cn", true));
    assertEquals(before + 1, LentRows.loansMade(), "a reversed view of b is lent too");
  }

  @Test
  void blocksWithPartsOfRowsAreSentAsBefore() {
    long before = LentRows.loansMade();
    assertArrayEquals(PRODUCT, product("nc", false));
    assertArrayEquals(PRODUCT, product("nb", false));
    assertEquals(before, LentRows.loansMade(), "b's columns are spread over the engines: its panels are sent");
    assertEquals(0, LentRows.loans());
  }
}

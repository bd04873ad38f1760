package org.distarray.arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Promotion as NumPy's {@code np.promote_types}. */
class DTypeTest {
  @Test
  void promotionFollowsNumpy() {
    assertEquals(DType.FLOAT64, DType.promote(DType.INT32, DType.FLOAT32)); // np.promote_types('i4', 'f4')
    assertEquals(DType.FLOAT64, DType.promote(DType.INT64, DType.FLOAT32));
    assertEquals(DType.FLOAT32, DType.promote(DType.BOOL, DType.FLOAT32));
    assertEquals(DType.INT64, DType.promote(DType.INT32, DType.INT64));
    assertEquals(DType.INT32, DType.promote(DType.BOOL, DType.INT32));
    assertEquals(DType.FLOAT64, DType.promote(DType.FLOAT32, DType.FLOAT64));
    assertEquals(DType.BOOL, DType.promote(DType.BOOL, DType.BOOL));
  }

  @Test
  void namesRoundTripAndUnknownNamesAreRejected() {
    for (DType t : DType.values()) {
      assertEquals(t, DType.fromName(t.numpyName()));
      assertEquals(t, DType.fromName(t.typeCode()));
    }
    assertEquals(DType.COMPLEX128, DType.fromName("complex")); // Python's complex
    DTypeException e = assertThrows(DTypeException.class, () -> DType.fromName("float16"));
    assertEquals("unknown dtype 'float16': expected one of float64, float32, int64, int32, int16, int8, uint64, uint32,"
        + " uint16, uint8, bool, complex128, complex64", e.getMessage());
  }
}

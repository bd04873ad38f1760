package org.distarray.arrays;

import java.util.Locale;

/**
 * Element types of arrays, with NumPy's names, sizes and promotion rules.
 *
 * <p>Promotion follows NumPy: {@code BOOL < INT32 < INT64 < FLOAT64} and {@code BOOL < FLOAT32 < FLOAT64};
 * an integer with FLOAT32 gives FLOAT64 (NumPy's {@code promote_types(int32, float32)}).
 * Operation-specific rules (true division of integers gives FLOAT64, comparisons give BOOL) live with
 * the operations in {@code org.distarray.arrays.ops}.
 */
public enum DType {
  FLOAT64("float64", 8, "f8"),
  FLOAT32("float32", 4, "f4"),
  INT64("int64", 8, "i8"),
  INT32("int32", 4, "i4"),
  BOOL("bool", 1, "b1");

  private final String numpyName;
  private final int itemSize;
  private final String typeCode;

  DType(String numpyName, int itemSize, String typeCode) {
    this.numpyName = numpyName;
    this.itemSize = itemSize;
    this.typeCode = typeCode;
  }

  /** NumPy's name of the dtype, for example {@code "float64"}. */
  public String numpyName() {
    return numpyName;
  }

  /** Bytes per element. */
  public int itemSize() {
    return itemSize;
  }

  /** The array-interface type code without byte order, for example {@code "f8"}. */
  public String typeCode() {
    return typeCode;
  }

  public boolean isFloating() {
    return this == FLOAT64 || this == FLOAT32;
  }

  public boolean isInteger() {
    return this == INT64 || this == INT32;
  }

  /**
   * The smallest dtype both values can be cast to safely, as NumPy's {@code promote_types}.
   *
   * <p>Example: {@code promote(INT32, FLOAT32) == FLOAT64}, {@code promote(BOOL, INT32) == INT32}.
   */
  public static DType promote(DType a, DType b) {
    if (a == b) {
      return a;
    }
    if (a == BOOL) {
      return b;
    }
    if (b == BOOL) {
      return a;
    }
    if (a == FLOAT64 || b == FLOAT64) {
      return FLOAT64;
    }
    if (a == FLOAT32 || b == FLOAT32) {
      return FLOAT64; // the other one is an integer: float32 cannot hold it exactly
    }
    return INT64; // INT32 with INT64
  }

  /**
   * The dtype with this NumPy name ({@code "float64"}, {@code "f8"}, {@code "int32"}, {@code "bool"}, ...).
   *
   * @throws DTypeException naming the text when no dtype has that name
   */
  public static DType fromName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (DType t : values()) {
      if (t.numpyName.equals(n) || t.typeCode.equals(n) || t.name().toLowerCase(Locale.ROOT).equals(n)) {
        return t;
      }
    }
    if (n.equals("double")) {
      return FLOAT64;
    }
    if (n.equals("?")) {
      return BOOL;
    }
    throw new DTypeException("unknown dtype '" + name + "': expected one of float64, float32, int64, int32, bool");
  }

  @Override
  public String toString() {
    return numpyName;
  }
}

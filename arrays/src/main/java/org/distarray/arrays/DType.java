package org.distarray.arrays;

import java.util.Locale;

/**
 * Element types of arrays, with NumPy's names, sizes and promotion rules.
 *
 * <p>Promotion follows NumPy 2's table ({@code promote_types}): BOOL below everything; signed integers
 * {@code INT8 < INT16 < INT32 < INT64}, unsigned {@code UINT8 < UINT16 < UINT32 < UINT64}; a signed with an
 * unsigned integer gives the smallest signed type that holds both ({@code UINT8} with {@code INT8} gives
 * {@code INT16}, {@code UINT32} with {@code INT32} gives {@code INT64}) and {@code UINT64} with any signed integer
 * gives FLOAT64; 8- and 16-bit integers with FLOAT32 give FLOAT32, wider ones give FLOAT64. A complex dtype with
 * anything gives the complex dtype whose parts hold the promotion of the real parts ({@code COMPLEX64} with
 * {@code FLOAT32} or {@code INT16} stays {@code COMPLEX64}, with {@code FLOAT64} or {@code INT32} gives
 * {@code COMPLEX128}).
 * Operation-specific rules (true division of integers gives FLOAT64, comparisons give BOOL) live with
 * the operations in {@code org.distarray.arrays.ops}.
 */
public enum DType {
  FLOAT64("float64", 8, "f8"),
  FLOAT32("float32", 4, "f4"),
  INT64("int64", 8, "i8"),
  INT32("int32", 4, "i4"),
  BOOL("bool", 1, "b1"),
  INT16("int16", 2, "i2"),
  INT8("int8", 1, "i1"),
  UINT64("uint64", 8, "u8"),
  UINT32("uint32", 4, "u4"),
  UINT16("uint16", 2, "u2"),
  UINT8("uint8", 1, "u1"),
  COMPLEX128("complex128", 16, "c16"),
  COMPLEX64("complex64", 8, "c8");

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

  /** True for COMPLEX128 and COMPLEX64 (a pair of doubles or floats per element, stored interleaved). */
  public boolean isComplex() {
    return this == COMPLEX128 || this == COMPLEX64;
  }

  /** True for the float and complex dtypes: the inexact ones, NumPy's {@code np.inexact}. */
  public boolean isInexact() {
    return isFloating() || isComplex();
  }

  /** The dtype of a complex dtype's real and imaginary parts (FLOAT64 or FLOAT32); other dtypes themselves. */
  public DType partType() {
    return this == COMPLEX128 ? FLOAT64 : this == COMPLEX64 ? FLOAT32 : this;
  }

  /** The complex dtype whose parts are this float dtype's (FLOAT32 gives COMPLEX64, anything else COMPLEX128). */
  public DType complexType() {
    return this == FLOAT32 || this == COMPLEX64 ? COMPLEX64 : COMPLEX128;
  }

  /** True for the signed and unsigned integer dtypes (not BOOL). */
  public boolean isInteger() {
    return isSigned() || isUnsigned();
  }

  /** True for INT8, INT16, INT32 and INT64. */
  public boolean isSigned() {
    return this == INT64 || this == INT32 || this == INT16 || this == INT8;
  }

  /** True for UINT8, UINT16, UINT32 and UINT64. */
  public boolean isUnsigned() {
    return this == UINT64 || this == UINT32 || this == UINT16 || this == UINT8;
  }

  /** The signed integer dtype of this many bytes (1, 2, 4 or 8). */
  static DType signedOfSize(int bytes) {
    return switch (bytes) {
      case 1 -> INT8;
      case 2 -> INT16;
      case 4 -> INT32;
      default -> INT64;
    };
  }

  /**
   * The smallest dtype both values can be cast to safely, as NumPy's {@code promote_types}.
   *
   * <p>Example: {@code promote(INT32, FLOAT32) == FLOAT64}, {@code promote(BOOL, INT32) == INT32},
   * {@code promote(UINT8, INT8) == INT16}, {@code promote(UINT64, INT64) == FLOAT64}.
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
    if (a.isComplex() || b.isComplex()) {
      return promote(a.partType(), b.partType()).complexType();
    }
    if (a == FLOAT64 || b == FLOAT64) {
      return FLOAT64;
    }
    if (a == FLOAT32 || b == FLOAT32) {
      DType other = a == FLOAT32 ? b : a;
      return other.itemSize <= 2 ? FLOAT32 : FLOAT64; // float32 holds every 8- and 16-bit integer exactly
    }
    if (a.isSigned() == b.isSigned()) {
      return a.itemSize >= b.itemSize ? a : b;
    }
    DType signed = a.isSigned() ? a : b;
    DType unsigned = a.isSigned() ? b : a;
    if (signed.itemSize > unsigned.itemSize) {
      return signed;
    }
    return unsigned.itemSize == 8 ? FLOAT64 : signedOfSize(unsigned.itemSize * 2);
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
    if (n.equals("complex")) {
      return COMPLEX128;
    }
    if (n.equals("?")) {
      return BOOL;
    }
    throw new DTypeException("unknown dtype '" + name + "': expected one of float64, float32, int64, int32, int16, int8, uint64, uint32, uint16, uint8, bool, complex128, complex64");
  }

  @Override
  public String toString() {
    return numpyName;
  }
}

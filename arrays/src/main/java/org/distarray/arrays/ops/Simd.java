package org.distarray.arrays.ops;

/**
 * Whether kernels use the JDK's vector API (the incubator module {@code jdk.incubator.vector}, present when the JVM
 * starts with {@code --add-modules jdk.incubator.vector}); {@code -Ddistarray.simd=false} turns it off. Without it
 * the same kernels run as scalar loops with the same results.
 */
public final class Simd {
  private Simd() {}

  private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  private static final boolean AVAILABLE = MODULE && !"false".equals(System.getProperty("distarray.simd"));

  /** True when the vector kernels run in this JVM. */
  public static boolean available() {
    return AVAILABLE;
  }

  /** Which kernels run and, when the scalar ones do, how to get the vector ones. */
  public static String implementation() {
    if (AVAILABLE) {
      return "vector API (jdk.incubator.vector)";
    }
    return MODULE
        ? "scalar loops (-Ddistarray.simd=false)"
        : "scalar loops (start the JVM with --add-modules jdk.incubator.vector for vector sums)";
  }
}

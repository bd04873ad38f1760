package org.distarray.arrays.dist;

import java.math.BigInteger;

/** Intersection of two ascending arithmetic progressions of indices, for {@link IndexRuns#intersect(IndexRuns)}. */
final class Progressions {
  private Progressions() {
  }

  /**
   * Adds to {@code out} the indices in both {@code s1, s1 + st1, ..., last1} and {@code s2, s2 + st2, ..., last2}
   * (steps positive): one progression with step {@code lcm(st1, st2)}, found by the Chinese remainder theorem.
   */
  static void intersect(long s1, long st1, long last1, long s2, long st2, long last2, IndexRuns.Builder out) {
    long lo = Math.max(s1, s2);
    long hi = Math.min(last1, last2);
    if (lo > hi) {
      return;
    }
    if (st1 == 1 && st2 == 1) {
      out.addRun(lo, 1, hi - lo + 1);
    } else if (st1 == 1) {
      addClipped(s2, st2, lo, hi, out);
    } else if (st2 == 1) {
      addClipped(s1, st1, lo, hi, out);
    } else {
      BigInteger a = BigInteger.valueOf(st1);
      BigInteger b = BigInteger.valueOf(st2);
      BigInteger g = a.gcd(b);
      BigInteger diff = BigInteger.valueOf(s2).subtract(BigInteger.valueOf(s1));
      if (diff.mod(g).signum() != 0) {
        return;
      }
      BigInteger bg = b.divide(g);
      BigInteger t = diff.divide(g).multiply(a.divide(g).modInverse(bg)).mod(bg);
      BigInteger x0 = BigInteger.valueOf(s1).add(a.multiply(t));
      BigInteger lcm = a.divide(g).multiply(b);
      BigInteger k = ceilDiv(BigInteger.valueOf(lo).subtract(x0), lcm);
      BigInteger first = x0.add(k.multiply(lcm));
      if (first.compareTo(BigInteger.valueOf(hi)) > 0) {
        return;
      }
      long f = first.longValueExact();
      long count = BigInteger.valueOf(hi).subtract(first).divide(lcm).longValueExact() + 1;
      out.addRun(f, count == 1 ? 1 : lcm.longValueExact(), count);
    }
  }

  private static BigInteger ceilDiv(BigInteger x, BigInteger d) {
    BigInteger[] qr = x.divideAndRemainder(d);
    return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
  }

  /** Adds the part of run {@code s, s + st, ...} (st > 0, s <= lo) inside {@code [lo, hi]}. */
  private static void addClipped(long s, long st, long lo, long hi, IndexRuns.Builder out) {
    long first = s + Math.floorDiv(lo - s + st - 1, st) * st;
    if (first <= hi) {
      out.addRun(first, st, (hi - first) / st + 1);
    }
  }
}

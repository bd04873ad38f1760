package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteSumsTest {
  @Test
  void wordWiseSumsEqualTheByteByByteSumsAtEveryLengthAndOffset() {
    Random random = new Random(5);
    byte[] a = new byte[5000];
    random.nextBytes(a);
    for (int p : new int[] {0, 1, 3, 7}) {
      for (int n : new int[] {0, 1, 7, 8, 9, 2047, 2048, 2049, 4000}) {
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < n; i++) {
          unsigned += a[p + i] & 0xFF;
          signed += a[p + i];
        }
        assertEquals(unsigned, ByteSums.sum(a, p, n, false), "uint8 from " + p + ", " + n + " elements");
        assertEquals(signed, ByteSums.sum(a, p, n, true), "int8 from " + p + ", " + n + " elements");
      }
    }
  }

  @Test
  void lanesDoNotOverflowOnTheLargestValues() {
    byte[] ones = new byte[100_003];
    java.util.Arrays.fill(ones, (byte) -1); // 255 as uint8, -1 as int8
    assertEquals(255L * ones.length, ByteSums.sum(ones, 0, ones.length, false));
    assertEquals(-1L * ones.length, ByteSums.sum(ones, 0, ones.length, true));
    java.util.Arrays.fill(ones, (byte) -128);
    assertEquals(-128L * ones.length, ByteSums.sum(ones, 0, ones.length, true));
  }
}

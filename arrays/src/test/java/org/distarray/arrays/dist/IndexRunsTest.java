package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IndexRunsTest {

  @Test
  void intersectionOfTwoProgressionsIsAProgressionWithTheLcmStep() {
    IndexRuns threes = IndexRuns.of(1, 3, 12);
    IndexRuns fours = IndexRuns.of(2, 4, 10);

    IndexRuns both = threes.intersect(fours);

    assertEquals(IndexRuns.of(10, 12, 3), both);
    assertArrayEquals(new long[] {10, 22, 34}, both.toArray());
  }

  @Test
  void progressionsThatNeverMeetHaveAnEmptyIntersection() {
    assertTrue(IndexRuns.of(0, 2, 10).intersect(IndexRuns.of(1, 4, 5)).isEmpty());
  }

  @Test
  void intersectionWithBlocksSweepsRunsInOrder() {
    IndexRuns blocks = IndexRuns.ofIndices(0, 1, 4, 5, 8, 9);
    IndexRuns range = IndexRuns.range(1, 9);

    assertArrayEquals(new long[] {1, 4, 5, 8}, blocks.intersect(range).toArray());
  }

  @Test
  void randomIntersectionsMatchSetIntersection() {
    Random rnd = new Random(3);
    for (int i = 0; i < 500; i++) {
      IndexRuns a = randomAscending(rnd);
      IndexRuns b = randomAscending(rnd);
      TreeSet<Long> expected = new TreeSet<>();
      for (long x : a.toArray()) {
        expected.add(x);
      }
      TreeSet<Long> inB = new TreeSet<>();
      for (long x : b.toArray()) {
        inB.add(x);
      }
      expected.retainAll(inB);
      long[] want = new long[expected.size()];
      int k = 0;
      for (long x : expected) {
        want[k++] = x;
      }
      assertArrayEquals(want, a.intersect(b).toArray(), a + " & " + b);
    }
  }

  @Test
  void builderMergesContinuingRuns() {
    IndexRuns r = new IndexRuns.Builder().add(0).addRun(1, 1, 3).addRun(4, 1, 2).add(10).build();

    assertEquals(2, r.runs());
    assertEquals("[0:6, 10:11]", r.toString());
    assertEquals(7, r.size());
  }

  @Test
  void reversedWalksBackwards() {
    IndexRuns r = IndexRuns.ofIndices(1, 2, 3, 7, 9).reversed();

    assertArrayEquals(new long[] {9, 7, 3, 2, 1}, r.toArray());
    assertTrue(!r.isAscending());
  }

  @Test
  void progressionIsRecognisedAcrossRuns() {
    IndexRuns r = new IndexRuns.Builder().add(0).addRun(2, 2, 3).build();

    assertArrayEquals(new long[] {0, 2, 4}, r.asProgression());
    assertNull(IndexRuns.ofIndices(0, 1, 3).asProgression());
    assertArrayEquals(new long[] {5, 1, 1}, IndexRuns.ofIndices(5).asProgression());
  }

  @Test
  void forEachRunVisitsRunsInOrder() {
    StringBuilder sb = new StringBuilder();
    IndexRuns.of(3, -1, 3).forEachRun((start, step, count) -> sb.append(start).append(',').append(step)
        .append(',').append(count));

    assertEquals("3,-1,3", sb.toString());
  }

  @Test
  void intersectRejectsDescendingIndices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IndexRuns.of(5, -1, 3).intersect(IndexRuns.range(0, 5)));

    assertTrue(e.getMessage().contains("ascending"), e.getMessage());
  }

  private static IndexRuns randomAscending(Random rnd) {
    IndexRuns.Builder b = new IndexRuns.Builder();
    long next = rnd.nextInt(5);
    int runs = rnd.nextInt(4);
    for (int r = 0; r < runs; r++) {
      long step = 1 + rnd.nextInt(6);
      long count = 1 + rnd.nextInt(8);
      b.addRun(next, step, count);
      next += (count - 1) * step + 1 + rnd.nextInt(6);
    }
    return b.build();
  }
}

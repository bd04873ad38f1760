package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;

/**
 * Planning for {@code a[ranges] = value}: which pieces of value each engine of a needs, broadcast as NumPy does
 * (value's shape broadcasts to the selection's), and how many of its elements each rank of a gets written.
 *
 * <p>A move pairs a piece of value (value-local indices) with a piece of a's block (a-local indices, one range per
 * axis of a, a single index on an integer-indexed axis); the value data, reshaped to {@code shapeAtTarget}, is
 * stretched along the axes where value has length 1 or no axis at all.
 */
public final class AssignPlan {
  /** One piece of value for one rank of the assigned array. */
  public record Move(int valueRank, int targetRank, Piece valueLocal, Piece targetLocal, long[] shapeAtTarget) {}

  private final List<Move> moves;
  private final long[] elementsPerRank;

  private AssignPlan(List<Move> moves, long[] elementsPerRank) {
    this.moves = moves;
    this.elementsPerRank = elementsPerRank;
  }

  /**
   * Plans {@code target[ranges] = value}.
   *
   * @throws ShapeMismatchException "could not broadcast input array from shape (3,) into shape (2, 4)"
   */
  public static AssignPlan of(Distribution target, List<AxisRange> ranges, Distribution value) {
    SlicePlan slice = SlicePlan.of(target, ranges);
    long[] s = slice.resultShape().dims();
    long[] v = value.shape().dims();
    int lead = s.length - v.length;
    boolean fits = lead >= 0;
    for (int j = 0; fits && j < v.length; j++) {
      fits = v[j] == s[j + lead] || v[j] == 1;
    }
    if (!fits) {
      throw new ShapeMismatchException("could not broadcast input array from shape " + value.shape()
          + " into shape " + slice.resultShape());
    }
    int nd = target.ndim();
    int[] resultAxis = new int[nd];
    for (int a = 0, k = 0; a < nd; a++) {
      resultAxis[a] = ranges.get(a).dropped() ? -1 : k++;
    }
    long[] elements = new long[target.ranks()];
    List<Move> moves = new ArrayList<>();
    for (SlicedPiece p : slice.pieces()) {
      int t = p.sourceRank();
      int[] ct = target.gridCoords(t);
      elements[t] += p.size();
      for (int vr = 0; vr < value.ranks(); vr++) {
        int[] cv = value.gridCoords(vr);
        List<IndexRuns> valueLocal = new ArrayList<>(v.length);
        List<IndexRuns> targetLocal = new ArrayList<>(nd);
        long[] shapeAtTarget = new long[nd];
        boolean empty = false;
        for (int a = 0; a < nd && !empty; a++) {
          int k = resultAxis[a];
          int j = k < 0 ? -1 : k - lead;
          IndexRuns globals = p.globalIndices().axis(a);
          if (k < 0 || j < 0 || v[j] != s[k] || s[k] == 1 && v[j] == 1) {
            targetLocal.add(target.axis(a).toLocal(ct[a], globals));
            shapeAtTarget[a] = 1;
            if (j >= 0) {
              valueLocal.add(IndexRuns.of(0, 1, 1));
            }
            continue;
          }
          IndexRuns positions = p.positions().axis(k);
          IndexRuns ascending = positions.isAscending() ? positions : positions.reversed();
          IndexRuns q = ascending.intersect(value.axis(j).owned(cv[j]));
          empty = q.isEmpty();
          valueLocal.add(value.axis(j).toLocal(cv[j], q));
          targetLocal.add(target.axis(a).toLocal(ct[a], affine(q, ranges.get(a))));
          shapeAtTarget[a] = q.size();
        }
        if (!empty) {
          moves.add(new Move(vr, t, new Piece(valueLocal), new Piece(targetLocal), shapeAtTarget));
        }
      }
    }
    return new AssignPlan(moves, elements);
  }

  /** The selected indices start + q * step for the positions q. */
  private static IndexRuns affine(IndexRuns q, AxisRange r) {
    IndexRuns.Builder b = new IndexRuns.Builder();
    for (int i = 0; i < q.runs(); i++) {
      long n = q.runLength(i);
      long step = n > 1 ? q.runStep(i) * r.step() : 1;
      b.addRun(r.start() + q.runStart(i) * r.step(), step, n);
    }
    return b.build();
  }

  /** The moves, by value rank then target rank. */
  public List<Move> moves() {
    return moves;
  }

  /** Elements of the selection that rank of the assigned array holds. */
  public long elements(int rank) {
    return elementsPerRank[rank];
  }

  @Override
  public String toString() {
    return "AssignPlan(" + moves.size() + " moves, selection " + Shape.format(elementsPerRank) + " per rank)";
  }
}

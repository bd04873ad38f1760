package org.distarray.arrays.dist;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;

/**
 * Planning for elementwise work between arrays of different shapes or distributions (NumPy broadcasting).
 *
 * <p>The result takes the distribution of the operand with more elements (on a tie, the left operand's), stretched
 * to the broadcast shape: new leading axes and axes stretched from length 1 are not distributed ('n'). Each other
 * operand is then aligned to it: every result rank receives exactly the piece of the operand its block needs
 * (one index along stretched axes), from the engines that hold it; nothing is copied whole to every engine.
 */
public final class BroadcastPlan {
  private BroadcastPlan() {}

  /** One piece to move: from a source rank's block (local indices) into a target rank's aligned block. */
  public record Move(int sourceRank, int targetRank, Piece sourceLocal, Piece targetLocal) {}

  /**
   * The result distribution of op(a, b) by the rule above.
   *
   * @throws ShapeMismatchException when the shapes do not broadcast, naming both
   */
  public static Distribution resultDistribution(Distribution a, Distribution b) {
    Shape s = NdArray.broadcastShapes(a.shape(), b.shape());
    Distribution larger = b.shape().size() > a.shape().size() ? b : a;
    return stretch(larger, s);
  }

  /** d stretched to shape s (which d's shape broadcasts to): new leading and stretched axes become 'n'. */
  public static Distribution stretch(Distribution d, Shape s) {
    long[] from = d.shape().dims();
    long[] to = s.dims();
    int lead = to.length - from.length;
    if (lead < 0) {
      throw new ShapeMismatchException("cannot broadcast shape " + d.shape() + " to " + s);
    }
    List<AxisMap> maps = new ArrayList<>(to.length);
    int[] grid = new int[to.length];
    int[] dGrid = d.gridShape();
    for (int k = 0; k < to.length; k++) {
      int j = k - lead;
      if (j >= 0 && from[j] == to[k]) {
        maps.add(d.axisMap(j));
        grid[k] = dGrid[j];
      } else if (j < 0 || from[j] == 1) {
        maps.add(AxisMap.none());
        grid[k] = 1;
      } else {
        throw new ShapeMismatchException("cannot broadcast shape " + d.shape() + " to " + s);
      }
    }
    return Distribution.of(s, maps, grid, d.targets());
  }

  /** The shape of target rank's aligned block of an operand of shape source: local lengths, 1 on stretched axes. */
  public static long[] alignedBlockShape(Shape source, Distribution target, int targetRank) {
    long[] b = source.dims();
    long[] s = target.shape().dims();
    long[] local = target.localShape(targetRank).dims();
    int lead = s.length - b.length;
    long[] out = new long[b.length];
    for (int j = 0; j < b.length; j++) {
      out[j] = b[j] == s[j + lead] ? local[j + lead] : 1;
    }
    return out;
  }

  /**
   * The pieces that align an operand distributed by source with target (whose shape source's broadcasts to): for
   * every target rank, the elements its block needs, from every source rank that holds some.
   *
   * @throws ShapeMismatchException when source's shape does not broadcast to target's, naming both
   */
  public static List<Move> align(Distribution source, Distribution target) {
    long[] b = source.shape().dims();
    long[] s = target.shape().dims();
    int lead = s.length - b.length;
    if (lead < 0) {
      throw new ShapeMismatchException("cannot broadcast shape " + source.shape() + " to " + target.shape());
    }
    for (int j = 0; j < b.length; j++) {
      if (b[j] != s[j + lead] && b[j] != 1) {
        throw new ShapeMismatchException("cannot broadcast shape " + source.shape() + " to " + target.shape());
      }
    }
    List<Move> moves = new ArrayList<>();
    for (int r = 0; r < target.ranks(); r++) {
      int[] cr = target.gridCoords(r);
      for (int src = 0; src < source.ranks(); src++) {
        int[] cs = source.gridCoords(src);
        List<IndexRuns> from = new ArrayList<>(b.length);
        List<IndexRuns> to = new ArrayList<>(b.length);
        boolean empty = false;
        for (int j = 0; j < b.length && !empty; j++) {
          int k = j + lead;
          if (b[j] == s[k]) {
            IndexRuns g = target.axis(k).owned(cr[k]).intersect(source.axis(j).owned(cs[j]));
            empty = g.isEmpty();
            from.add(source.axis(j).toLocal(cs[j], g));
            to.add(target.axis(k).toLocal(cr[k], g));
          } else {
            from.add(IndexRuns.of(0, 1, 1));
            to.add(IndexRuns.of(0, 1, 1));
          }
        }
        if (!empty) {
          moves.add(new Move(src, r, new Piece(from), new Piece(to)));
        }
      }
    }
    return moves;
  }
}

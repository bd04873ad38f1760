package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.ops.Reductions;

/**
 * Where each rank's share of a reduction goes: ranks that hold the same part of the kept axes form a group, and
 * each group folds its shares up a binary tree (depth log2 of the group size) to its root, the rank whose grid
 * coordinates along the reduced axes are all 0. A root holds the group's result block: the result is distributed
 * over the kept axes with the kept axes' maps and grid, on the roots' engines.
 */
final class ReductionPlan {
  /** One rank's role: its engine, its parent's engine (-1 for a root), and how many children it waits for. */
  record Step(int engine, int parentEngine, int children) {}

  private final boolean[] reduced;
  private final List<Step> steps;
  private final int roots;
  private final Distribution resultDistribution;
  private final DType resultType;

  private ReductionPlan(boolean[] reduced, List<Step> steps, int roots, Distribution resultDistribution,
      DType resultType) {
    this.reduced = reduced;
    this.steps = steps;
    this.roots = roots;
    this.resultDistribution = resultDistribution;
    this.resultType = resultType;
  }

  /**
   * Plans op over axes (null: all, for a value) of an array distributed by d.
   *
   * @throws IllegalArgumentException for bad axes, or min/max/argmin/argmax over no elements, naming them
   */
  static ReductionPlan of(Distribution d, DType dtype, ReduceOp op, int[] axes) {
    int nd = d.ndim();
    boolean[] reduced = checkedAxes(d, op, axes);
    long[] dims = d.shape().dims();
    int[] grid = d.gridShape();
    List<Integer> keptAxes = new ArrayList<>();
    List<Integer> reducedAxes = new ArrayList<>();
    for (int k = 0; k < nd; k++) {
      (reduced[k] ? reducedAxes : keptAxes).add(k);
    }
    int groups = 1;
    for (int k : keptAxes) {
      groups *= grid[k];
    }
    int groupSize = d.ranks() / groups;
    int[][] members = new int[groups][groupSize];
    for (int rank = 0; rank < d.ranks(); rank++) {
      int[] c = d.gridCoords(rank);
      members[rowMajor(c, grid, keptAxes)][rowMajor(c, grid, reducedAxes)] = rank;
    }
    List<Step> steps = new ArrayList<>();
    int[] rootTargets = new int[groups];
    for (int g = 0; g < groups; g++) {
      rootTargets[g] = d.target(members[g][0]);
      for (int i = 0; i < groupSize; i++) {
        int parent = i == 0 ? -1 : d.target(members[g][(i - 1) / 2]);
        int children = (2 * i + 1 < groupSize ? 1 : 0) + (2 * i + 2 < groupSize ? 1 : 0);
        steps.add(new Step(d.target(members[g][i]), parent, children));
      }
    }
    Distribution result = null;
    if (axes != null) {
      long[] keptDims = new long[keptAxes.size()];
      int[] keptGrid = new int[keptAxes.size()];
      List<AxisMap> keptMaps = new ArrayList<>();
      for (int j = 0; j < keptAxes.size(); j++) {
        int k = keptAxes.get(j);
        keptDims[j] = dims[k];
        keptGrid[j] = grid[k];
        keptMaps.add(d.axisMap(k));
      }
      result = Distribution.of(Shape.of(keptDims), keptMaps, keptGrid, rootTargets);
    }
    return new ReductionPlan(reduced, steps, axes == null ? 1 : groups, result, op.resultType(dtype));
  }

  /**
   * The axes op reduces (axes null: all), checked.
   *
   * @throws IllegalArgumentException for bad axes, or min/max/argmin/argmax over no elements, naming them
   */
  static boolean[] checkedAxes(Distribution d, ReduceOp op, int[] axes) {
    int nd = d.ndim();
    boolean[] reduced = Reductions.reducedAxes(nd, axes);
    long[] dims = d.shape().dims();
    long reducedCount = 1;
    long keptCount = 1;
    for (int k = 0; k < nd; k++) {
      if (reduced[k]) {
        reducedCount *= dims[k];
      } else {
        keptCount *= dims[k];
      }
    }
    boolean needsElements = op == ReduceOp.MIN || op == ReduceOp.MAX || op == ReduceOp.ARGMIN
        || op == ReduceOp.ARGMAX;
    if (needsElements && reducedCount == 0 && keptCount > 0) {
      throw new IllegalArgumentException("zero-size array to reduction operation " + op.numpyName()
          + " which has no identity (shape " + d.shape() + ")");
    }
    return reduced;
  }

  private static int rowMajor(int[] coords, int[] grid, List<Integer> axes) {
    int r = 0;
    for (int k : axes) {
      r = r * grid[k] + coords[k];
    }
    return r;
  }

  boolean[] reduced() {
    return reduced.clone();
  }

  List<Step> steps() {
    return steps;
  }

  /** How many roots answer the coordinator. */
  int roots() {
    return roots;
  }

  /** The result's distribution, or null for a reduction to a value. */
  Distribution resultDistribution() {
    return resultDistribution;
  }

  DType resultType() {
    return resultType;
  }
}

package org.distarray.arrays.dist;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a transfer piece into chunks: contiguous ranges of the piece's C order, each of at most {@code maxElements}
 * elements and with at most {@code maxRuns} runs in its source and target pieces together (the chunk's header).
 *
 * <p>For a piece of shape {@code (s0, ..., sn)}: k is the outermost axis whose inner product
 * {@code s[k+1] * ... * sn} is at most maxElements; the axes after k stay whole, axis k is cut in steps of
 * {@code maxElements / (s[k+1] * ... * sn)} indices and the axes before k take one index at a time. A chunk whose
 * runs exceed maxRuns is cut shorter along its cut axis (the longest prefix that fits), or one index at a time
 * along the next axis in, down to a single element, which is a chunk whatever its runs. A piece of no axes is one
 * chunk.
 *
 * <p>The target piece pairs up with the source element by element in C order, in one of two forms: the same number
 * of axes and the same shape (a chunk takes the same positions along each axis), or one axis of flat C-order
 * positions, as a reshape addresses a block of other axes (a chunk takes the positions {@code [from, to)}).
 *
 * <p>Chunks are made lazily, in C order, each in time logarithmic in the pieces' runs. Example: the piece
 * {@code [0:1], [0:1000]} with maxElements 64 is the 16 chunks {@code [0:1], [0:64]} ... {@code [0:1], [960:1000]}.
 */
public final class PieceChunks implements Iterable<PieceChunks.Chunk> {

  /**
   * One chunk.
   *
   * @param source the sub-piece of the source piece
   * @param target the matching part of the target piece
   * @param from the position in the source piece's C order of the chunk's first element
   * @param to the position after its last element
   */
  public record Chunk(Piece source, Piece target, long from, long to) {
    /** Number of elements. */
    public long size() {
      return to - from;
    }
  }

  private final Piece source;
  private final Piece target;
  private final long maxElements;
  private final long maxRuns;

  private PieceChunks(Piece source, Piece target, long maxElements, long maxRuns) {
    this.source = source;
    this.target = target;
    this.maxElements = maxElements;
    this.maxRuns = maxRuns;
  }

  /**
   * The chunks of source paired with target.
   *
   * @throws IllegalArgumentException when target has neither source's shape nor one axis of source's size, or a
   *     bound is below 1
   */
  public static PieceChunks of(Piece source, Piece target, long maxElements, long maxRuns) {
    if (maxElements < 1 || maxRuns < 1) {
      throw new IllegalArgumentException("chunks need maxElements and maxRuns of at least 1, got " + maxElements
          + " and " + maxRuns);
    }
    boolean sameShape = target.ndim() == source.ndim() && Arrays.equals(target.shape(), source.shape());
    boolean flat = target.ndim() == 1 && target.size() == source.size();
    if (!sameShape && !flat) {
      throw new IllegalArgumentException("a target piece of shape " + org.distarray.arrays.Shape.format(
          target.shape()) + " does not pair up with a source piece of shape "
          + org.distarray.arrays.Shape.format(source.shape()));
    }
    return new PieceChunks(source, target, maxElements, maxRuns);
  }

  /** The chunks in C order; each call starts over. */
  @Override
  public Iterator<Chunk> iterator() {
    return source.ndim() == 0 ? new Single() : new Cutter();
  }

  /** The one chunk of a piece of no axes. */
  private final class Single implements Iterator<Chunk> {
    private boolean done;

    @Override
    public boolean hasNext() {
      return !done;
    }

    @Override
    public Chunk next() {
      if (done) {
        throw new NoSuchElementException();
      }
      done = true;
      return new Chunk(source, target, 0, 1);
    }
  }

  /**
   * Part of the piece: the axes before cut at the single positions fixed, axis cut at positions [lo, hi), the axes
   * after it whole; always contiguous in C order.
   */
  private record Box(int cut, long[] fixed, long lo, long hi) {}

  private final class Cutter implements Iterator<Chunk> {
    private final int nd = source.ndim();
    private final long[] shape = source.shape();
    /** inner[a]: the product of the lengths of the axes after a. */
    private final long[] inner = new long[nd];
    private final RunPositions[] src = new RunPositions[nd];
    /** The target's axes when it has the source's shape, else null. */
    private final RunPositions[] tgt;
    /** The target's one axis of flat positions, else null. */
    private final RunPositions flat;
    /** wholeRuns[a]: the runs of source and target along the axes from a on (0 for the flat target's). */
    private final long[] wholeRuns = new long[nd + 1];
    private final Deque<Box> pending = new ArrayDeque<>();

    Cutter() {
      boolean sameAxes = target.ndim() == nd;
      tgt = sameAxes ? new RunPositions[nd] : null;
      flat = sameAxes ? null : new RunPositions(target.axis(0));
      long p = 1;
      for (int a = nd - 1; a >= 0; a--) {
        inner[a] = p;
        p *= shape[a];
        src[a] = new RunPositions(source.axis(a));
        wholeRuns[a] = wholeRuns[a + 1] + source.axis(a).runs();
        if (sameAxes) {
          tgt[a] = new RunPositions(target.axis(a));
          wholeRuns[a] += target.axis(a).runs();
        }
      }
      if (!source.isEmpty()) {
        pending.push(new Box(0, new long[0], 0, shape[0]));
      }
    }

    @Override
    public boolean hasNext() {
      return !pending.isEmpty();
    }

    @Override
    public Chunk next() {
      while (true) {
        Box b = pending.pop();
        int c = b.cut();
        long take = maxElements / inner[c];
        long limit = take >= b.hi() - b.lo() ? b.hi() : b.lo() + take;
        long end = b.lo();
        if (limit > b.lo() && fits(b, limit)) {
          end = limit;
        } else if (limit > b.lo() + 1) {
          long yes = b.lo();
          long no = limit;
          while (no - yes > 1) {
            long mid = yes + (no - yes) / 2;
            if (fits(b, mid)) {
              yes = mid;
            } else {
              no = mid;
            }
          }
          end = yes;
        }
        if (end == b.lo() && c == nd - 1) {
          end = b.lo() + 1; // a single element is a chunk whatever its runs
        }
        if (end > b.lo()) {
          if (end < b.hi()) {
            pending.push(new Box(c, b.fixed(), end, b.hi()));
          }
          return chunk(b, end);
        }
        if (b.lo() + 1 < b.hi()) {
          pending.push(new Box(c, b.fixed(), b.lo() + 1, b.hi()));
        }
        long[] fixed = Arrays.copyOf(b.fixed(), c + 1);
        fixed[c] = b.lo();
        pending.push(new Box(c + 1, fixed, 0, shape[c + 1]));
      }
    }

    /** The C-order position in the piece of the box's first element. */
    private long start(Box b) {
      long p = b.lo() * inner[b.cut()];
      for (int a = 0; a < b.cut(); a++) {
        p += b.fixed()[a] * inner[a];
      }
      return p;
    }

    /** True when the part of b up to position end of its cut axis has at most maxRuns runs (an upper bound). */
    private boolean fits(Box b, long end) {
      int c = b.cut();
      long runs = wholeRuns[c + 1] + src[c].runsIn(b.lo(), end) + c;
      if (tgt != null) {
        runs += tgt[c].runsIn(b.lo(), end) + c;
      } else {
        long p0 = start(b);
        runs += flat.runsIn(p0, p0 + (end - b.lo()) * inner[c]);
      }
      return runs <= maxRuns;
    }

    private Chunk chunk(Box b, long end) {
      long from = start(b);
      long to = from + (end - b.lo()) * inner[b.cut()];
      Piece s = part(source, src, b, end);
      Piece t = tgt != null ? part(target, tgt, b, end) : Piece.of(flat.slice(from, to));
      return new Chunk(s, t, from, to);
    }

    private Piece part(Piece whole, RunPositions[] axes, Box b, long end) {
      IndexRuns[] out = new IndexRuns[nd];
      int c = b.cut();
      for (int a = 0; a < nd; a++) {
        out[a] = a < c ? IndexRuns.of(axes[a].indexAt(b.fixed()[a]), 1, 1)
            : a == c ? axes[a].slice(b.lo(), end) : whole.axis(a);
      }
      return Piece.of(out);
    }
  }

  /** An index sequence with the position of each run's first index, for finding positions by binary search. */
  private static final class RunPositions {
    private final IndexRuns runs;
    /** runFrom[r]: the position of run r's first index; runFrom[runs] is the size. */
    private final long[] runFrom;

    RunPositions(IndexRuns runs) {
      this.runs = runs;
      this.runFrom = new long[runs.runs() + 1];
      for (int r = 0; r < runs.runs(); r++) {
        runFrom[r + 1] = runFrom[r] + runs.runLength(r);
      }
    }

    /** The run holding position pos. */
    private int runAt(long pos) {
      int i = Arrays.binarySearch(runFrom, 0, runs.runs(), pos);
      return i >= 0 ? i : -i - 2;
    }

    /** The runs that positions [from, to) touch (at least the runs of their slice, which may merge some). */
    long runsIn(long from, long to) {
      return from >= to ? 0 : runAt(to - 1) - runAt(from) + 1;
    }

    long indexAt(long pos) {
      int r = runAt(pos);
      return runs.runStart(r) + (pos - runFrom[r]) * runs.runStep(r);
    }

    /** The indices at positions [from, to), as runs. */
    IndexRuns slice(long from, long to) {
      IndexRuns.Builder b = new IndexRuns.Builder();
      for (int r = from >= to ? runs.runs() : runAt(from); r < runs.runs() && runFrom[r] < to; r++) {
        long lo = Math.max(from, runFrom[r]);
        long hi = Math.min(to, runFrom[r + 1]);
        long step = runs.runStep(r);
        b.addRun(runs.runStart(r) + (lo - runFrom[r]) * step, hi - lo > 1 ? step : 1, hi - lo);
      }
      return b.build();
    }
  }
}

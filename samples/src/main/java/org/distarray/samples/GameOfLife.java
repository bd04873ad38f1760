package org.distarray.samples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.task.IndexFunction;
import org.distarray.runtime.Boundary;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.Stencil;

/**
 * Conway's Game of Life on a torus: the board is a ghosted INT8 array with {@code PERIODIC} boundaries over a grid
 * of engines, and each generation is one {@code stencil} of a box stencil written here as a record ({@link Life}):
 * the eight neighbours of every cell, corners included, come from the ghost layers. The result is checked against
 * the same generations on one local board, and the final board is written as a PNG.
 *
 * <p>Usage: {@code GameOfLife [--size N (128)] [--generations G (100)] [--dist D (bb)] [--engines E (4)]
 * [--out DIR] [--connect FILE]}; writes {@code life.png}.
 */
public final class GameOfLife {
  static final String USAGE = "GameOfLife [--size N] [--generations G] [--dist D] [--engines E] [--out DIR]"
      + " [--connect FILE]";

  private GameOfLife() {}

  /** The outcome: the final board, the serial board and the live cells at the end. */
  public record Result(NdArray board, NdArray serial, long alive) {}

  /**
   * One generation of Life: a live cell with two or three live neighbours lives on, a dead cell with exactly three
   * becomes live, every other cell is dead. A box stencil of reach 1 over INT8 boards (0 dead, 1 live).
   */
  public record Life() implements Stencil {
    @Override
    public void apply(NdArray g, NdArray out, int width) {
      long[] n = out.dims();
      for (long i = 0; i < n[0]; i++) {
        for (long j = 0; j < n[1]; j++) {
          long r = i + width;
          long c = j + width;
          long around = g.getLong(r - 1, c - 1) + g.getLong(r - 1, c) + g.getLong(r - 1, c + 1)
              + g.getLong(r, c - 1) + g.getLong(r, c + 1)
              + g.getLong(r + 1, c - 1) + g.getLong(r + 1, c) + g.getLong(r + 1, c + 1);
          boolean live = g.getLong(r, c) != 0;
          out.set(around == 3 || (live && around == 2) ? 1 : 0, i, j);
        }
      }
    }
  }

  /** The first board: a few gliders and an R-pentomino on an empty torus, placed by their position. */
  public record Seed(long size) implements IndexFunction {
    @Override
    public double apply(long[] at) {
      long i = at[0];
      long j = at[1];
      // a glider every 16 cells along the diagonal: .X. / ..X / XXX
      long gi = i % 16;
      long gj = j % 16;
      boolean glider = i < size / 2 && j < size / 2
          && ((gi == 1 && gj == 2) || (gi == 2 && gj == 3) || (gi == 3 && gj >= 1 && gj <= 3));
      // an R-pentomino in the middle of the lower right quarter: .XX / XX. / .X.
      long ri = i - 3 * size / 4;
      long rj = j - 3 * size / 4;
      boolean r = (ri == 0 && (rj == 1 || rj == 2)) || (ri == 1 && (rj == 0 || rj == 1)) || (ri == 2 && rj == 1);
      return glider || r ? 1 : 0;
    }
  }

  public static void main(String[] args) {
    SampleOptions.main(args, a -> run(a, System.out));
  }

  /** Runs the sample with the given arguments, printing to out. */
  public static Result run(String[] args, PrintStream out) {
    SampleOptions o = SampleOptions.parse(args, USAGE, "size", "generations", "dist");
    long n = o.positiveLong("size", 128);
    int generations = o.positiveInt("generations", 100);
    String dist = o.string("dist", "bb");
    if (n < 8) {
      throw new IllegalArgumentException("--size must be at least 8 (room for the seed), not " + n);
    }
    Path dir = o.out();
    NdArray board;
    NdArray start;
    try (DistContext ctx = o.open(4)) {
      DistArray b;
      try (DistArray seed = ctx.fromFunction(new Seed(n), ctx.distribution(Shape.of(n, n), dist), DType.INT8)) {
        start = seed.toNdArray();
        b = seed.ghosted(1, Boundary.PERIODIC);
      }
      out.printf("Game of Life on a %d x %d torus, %d generations, '%s' over a %s grid of %d engines%n", n, n,
          generations, dist, java.util.Arrays.toString(b.distribution().gridShape()), b.distribution().ranks());
      long t0 = System.nanoTime();
      try {
        for (int g = 0; g < generations; g++) {
          DistArray next = b.stencil(new Life());
          b.close();
          b = next;
        }
        board = b.toNdArray();
      } finally {
        b.close();
      }
      out.printf("%d generations in %.1f ms; at the end, %s%n", generations, (System.nanoTime() - t0) / 1e6,
          ctx.memory());
    }
    NdArray serial = serial(start, generations);
    long alive = 0;
    for (long cell : board.toLongArray()) {
      alive += cell;
    }
    out.printf("%d live cells; the same as the serial generations: %b%n", alive,
        java.util.Arrays.equals(board.toLongArray(), serial.toLongArray()));
    Path png = dir.resolve("life.png");
    writePng(board, png);
    out.println("wrote " + png);
    return new Result(board, serial, alive);
  }

  /** The same generations on one local board, wrapping around at the edges. */
  static NdArray serial(NdArray start, int generations) {
    long n = start.dims()[0];
    long m = start.dims()[1];
    NdArray b = start.copy();
    for (int g = 0; g < generations; g++) {
      NdArray next = NdArray.zeros(DType.INT8, n, m);
      for (long i = 0; i < n; i++) {
        for (long j = 0; j < m; j++) {
          long around = 0;
          for (long di = -1; di <= 1; di++) {
            for (long dj = -1; dj <= 1; dj++) {
              if (di != 0 || dj != 0) {
                around += b.getLong(Math.floorMod(i + di, n), Math.floorMod(j + dj, m));
              }
            }
          }
          boolean live = b.getLong(i, j) != 0;
          next.set(around == 3 || (live && around == 2) ? 1 : 0, i, j);
        }
      }
      b = next;
    }
    return b;
  }

  /** Live cells black on white, one pixel per cell scaled up to at least 256 pixels a side. */
  static void writePng(NdArray board, Path png) {
    int n = (int) board.dims()[0];
    int m = (int) board.dims()[1];
    int scale = Math.max(1, 256 / Math.max(n, m));
    BufferedImage img = new BufferedImage(m * scale, n * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < n * scale; y++) {
      for (int x = 0; x < m * scale; x++) {
        img.setRGB(x, y, board.getLong(y / scale, x / scale) != 0 ? 0x000000 : 0xffffff);
      }
    }
    try {
      ImageIO.write(img, "png", png.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png, e);
    }
  }
}

package org.distarray.runtime.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionPlotTest {
  @TempDir
  Path dir;

  private static long pixelsOf(BufferedImage img, int rgb) {
    long n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        n += img.getRGB(x, y) == rgb ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void cellsTakeTheColoursOfTheirEnginesOnly() throws IOException {
    // 'b' over engines 5 and 2: elements 0-5 on engine 5, 6-11 on engine 2
    Distribution d = Distribution.of(Shape.of(12), "b", new int[] {5, 2});
    DistributionPlot plot = DistributionPlot.of(d).cellSize(40);
    Path png = plot.writePng(dir.resolve("sub/b.png"));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(12 * 40 + 110, img.getWidth());
    assertEquals(40 + 150, img.getHeight());
    for (int engine = 0; engine < 8; engine++) {
      long n = pixelsOf(img, DistributionPlot.engineColor(engine).getRGB());
      if (engine == 2 || engine == 5) {
        assertTrue(n > 6 * 30 * 30, "engine " + engine + " has six cells: " + n + " pixels");
      } else {
        // anti-aliased label text may hit a palette colour by chance; a cell is 1600 pixels
        assertTrue(n < 100, "no cell of engine " + engine + ": " + n + " pixels");
      }
    }
    // the left half of the cell row is engine 5's colour, the right half engine 2's
    int y = img.getHeight() / 2 - 20;
    int left = -1;
    int right = -1;
    for (int x = 0; x < img.getWidth(); x++) {
      int rgb = img.getRGB(x, y);
      if (left < 0 && rgb == DistributionPlot.engineColor(5).getRGB()) {
        left = x;
      }
      if (rgb == DistributionPlot.engineColor(2).getRGB()) {
        right = x;
      }
    }
    assertTrue(left >= 0 && right > left, "engine 5 left of engine 2 (" + left + ", " + right + ")");
  }

  @Test
  void enginesGetDistinctColours() {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int e = 0; e < 16; e++) {
      assertTrue(seen.add(DistributionPlot.engineColor(e).getRGB()), "engine " + e);
    }
  }

  @Test
  void badPlotsAreRefusedWithTheirValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DistributionPlot.of(Distribution.of(Shape.of(2, 3, 4), "b", 2)));
    assertTrue(e.getMessage().contains("(2, 3, 4)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DistributionPlot.of(Distribution.of(Shape.of(5000), "b", 2)));
    assertTrue(e.getMessage().contains("5000 elements (at most 1600)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DistributionPlot.of(Distribution.of(Shape.of(5), "b", 2)).cellSize(0));
    assertTrue(e.getMessage().contains("not 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DistributionPlot.engineColor(-1));
  }
}

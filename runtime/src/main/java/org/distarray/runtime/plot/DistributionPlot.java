package org.distarray.runtime.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A picture of a 1-D or 2-D distribution: one cell per element, coloured by the engine that owns it, with a label in
 * each cell and a legend of the engines (Python DistArray's {@code plot_array_distribution}), drawn with JFreeChart.
 *
 * <p>Cells are labelled with the element's global flat index in C order, or with the array's values when the plot is
 * made {@link #of(DistArray) of an array}. Example: {@code DistributionPlot.of(ctx.distribution(Shape.of(8, 8),
 * "bc")).title("'bc' on 4 engines").writePng(Path.of("bc.png"))}.
 */
public final class DistributionPlot {
  /** The most elements drawn along one axis (one cell per element). */
  public static final int MAX_CELLS_PER_AXIS = 1600;
  /** The largest image side the automatic cell size aims for, in pixels. */
  private static final int TARGET_SIDE = 960;
  /** Pixels around the cells: axes, title and legend. */
  static final int MARGIN_WIDTH = 110;
  static final int MARGIN_HEIGHT = 150;
  private static final int MIN_LABELLED_CELL = 18;
  /** matplotlib's "tab10" colours, then evenly spread hues. */
  private static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
      0x7f7f7f, 0xbcbd22, 0x17becf};

  private final Distribution distribution;
  private final NdArray values;
  private String title;
  private int cellSize;
  private boolean labels = true;

  private DistributionPlot(Distribution distribution, NdArray values) {
    int ndim = distribution.ndim();
    if (ndim < 1 || ndim > 2) {
      throw new IllegalArgumentException("distribution plots draw 1-D and 2-D distributions, not shape "
          + distribution.shape());
    }
    for (int a = 0; a < ndim; a++) {
      if (distribution.shape().dim(a) > MAX_CELLS_PER_AXIS) {
        throw new IllegalArgumentException("distribution plots draw one cell per element: axis " + a + " of shape "
            + distribution.shape() + " has " + distribution.shape().dim(a) + " elements (at most "
            + MAX_CELLS_PER_AXIS + ")");
      }
    }
    this.distribution = distribution;
    this.values = values;
    this.title = "'" + distribution.dist() + "' over engines " + java.util.Arrays.toString(distribution.targets());
    long longest = Math.max(1, Math.max(rows(), columns()));
    this.cellSize = (int) Math.max(1, Math.min(60, TARGET_SIDE / longest));
  }

  /** A plot of a distribution, cells labelled with their global flat index (C order). */
  public static DistributionPlot of(Distribution distribution) {
    return new DistributionPlot(distribution, null);
  }

  /** A plot of an array's distribution, cells labelled with its values (gathered: meant for small arrays). */
  public static DistributionPlot of(DistArray array) {
    Distribution d = array.distribution();
    return new DistributionPlot(d, d.ndim() >= 1 && d.ndim() <= 2 ? array.toNdArray() : null);
  }

  /** The chart's title (default: the distribution's kinds and engines). */
  public DistributionPlot title(String title) {
    this.title = title;
    return this;
  }

  /** The side of one cell in pixels (default: what keeps the longer side near 960 pixels, at most 60). */
  public DistributionPlot cellSize(int pixels) {
    if (pixels < 1 || pixels > 400) {
      throw new IllegalArgumentException("cell size must be 1 to 400 pixels, not " + pixels);
    }
    this.cellSize = pixels;
    return this;
  }

  /** Whether cells carry labels (default true; labels are left out of cells under 18 pixels). */
  public DistributionPlot labels(boolean labels) {
    this.labels = labels;
    return this;
  }

  /** The image's width in pixels: the cells plus {@value #MARGIN_WIDTH} for the axes. */
  public int width() {
    return (int) columns() * cellSize + MARGIN_WIDTH;
  }

  /** The image's height in pixels: the cells plus {@value #MARGIN_HEIGHT} for axes, title and legend. */
  public int height() {
    return (int) rows() * cellSize + MARGIN_HEIGHT;
  }

  /** The colour of an engine's cells and legend entry. */
  public static Color engineColor(int engineId) {
    if (engineId < 0) {
      throw new IllegalArgumentException("engine ids are >= 0, not " + engineId);
    }
    if (engineId < PALETTE.length) {
      return new Color(PALETTE[engineId]);
    }
    float hue = (float) ((engineId * 0.618033988749895) % 1.0);
    return Color.getHSBColor(hue, 0.55f, 0.85f);
  }

  /** The chart, for further styling or for showing in a Swing panel. */
  public JFreeChart chart() {
    long rows = rows();
    long cols = columns();
    int n = (int) (rows * cols);
    double[][] xyz = new double[3][n];
    long[] index = new long[distribution.ndim()];
    int k = 0;
    for (long r = 0; r < rows; r++) {
      for (long c = 0; c < cols; c++, k++) {
        setIndex(index, r, c);
        xyz[0][k] = c;
        xyz[1][k] = r;
        xyz[2][k] = distribution.target(distribution.ownerRank(index));
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("owner", xyz);

    int[] targets = distribution.targets();
    int maxEngine = 0;
    for (int t : targets) {
      maxEngine = Math.max(maxEngine, t);
    }
    LookupPaintScale scale = new LookupPaintScale(0, maxEngine + 1.0, Color.WHITE);
    LegendItemCollection legend = new LegendItemCollection();
    for (int t : targets) {
      scale.add(t, engineColor(t));
      legend.add(new LegendItem("engine " + t, engineColor(t)));
    }
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(scale);

    NumberAxis x = new NumberAxis(distribution.ndim() == 2 ? "axis 1" : "axis 0");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setRange(-0.5, cols - 0.5);
    NumberAxis y = new NumberAxis(distribution.ndim() == 2 ? "axis 0" : "");
    y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    y.setRange(-0.5, rows - 0.5);
    y.setInverted(true);
    y.setTickLabelsVisible(distribution.ndim() == 2);
    y.setTickMarksVisible(distribution.ndim() == 2);

    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setFixedLegendItems(legend);
    if (labels && cellSize >= MIN_LABELLED_CELL) {
      Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(14, cellSize / 3)));
      k = 0;
      for (long r = 0; r < rows; r++) {
        for (long c = 0; c < cols; c++, k++) {
          XYTextAnnotation label = new XYTextAnnotation(label(r, c, index), c, r);
          label.setFont(font);
          label.setPaint(Color.BLACK);
          plot.addAnnotation(label, false);
        }
      }
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    LegendTitle legendTitle = chart.getLegend();
    legendTitle.setPosition(RectangleEdge.BOTTOM);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Writes the plot as a PNG of {@link #width()} x {@link #height()} pixels, creating missing directories. */
  public Path writePng(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ChartUtils.saveChartAsPNG(file.toFile(), chart(), width(), height());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the distribution plot " + file + ": " + e.getMessage(), e);
    }
  }

  private long rows() {
    return distribution.ndim() == 2 ? distribution.shape().dim(0) : 1;
  }

  private long columns() {
    return distribution.shape().dim(distribution.ndim() - 1);
  }

  private void setIndex(long[] index, long r, long c) {
    if (index.length == 2) {
      index[0] = r;
      index[1] = c;
    } else {
      index[0] = c;
    }
  }

  private String label(long r, long c, long[] index) {
    if (values == null) {
      return Long.toString(r * columns() + c);
    }
    setIndex(index, r, c);
    if (values.dtype() == DType.BOOL) {
      return values.getBoolean(index) ? "T" : "F";
    }
    double v = values.getDouble(index);
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format("%.3g", v);
  }
}

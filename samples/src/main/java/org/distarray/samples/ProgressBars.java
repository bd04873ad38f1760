package org.distarray.samples;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.distarray.runtime.ProgressListener;

/**
 * A {@link ProgressListener} that draws a progress bar (me.tongfei:progressbar) per operation when the program runs in
 * a terminal, and prints plain lines at each quarter otherwise (logs, pipes, CI).
 */
final class ProgressBars implements ProgressListener {
  private final boolean terminal = System.console() != null;
  private final PrintStream out;
  private ProgressBar bar;
  private String current;
  private long nextLine;
  private final String unit;
  private final long unitSize;

  /** Progress in elements, the bar counting Mi elements. */
  ProgressBars(PrintStream out) {
    this(out, " Mi elements", 1 << 20);
  }

  /** Progress in the given unit (for the bar: its name with a leading space, and how many counts make one). */
  ProgressBars(PrintStream out, String unit, long unitSize) {
    this.out = out;
    this.unit = unit;
    this.unitSize = unitSize;
  }

  @Override
  public synchronized void progress(String operation, long done, long total) {
    if (!operation.equals(current)) {
      current = operation;
      nextLine = 0;
      if (terminal) {
        bar = new ProgressBarBuilder().setTaskName(operation).setInitialMax(total).setUnit(unit, unitSize)
            .build();
      }
    }
    if (terminal) {
      bar.stepTo(done);
      if (done >= total) {
        bar.close();
        current = null;
      }
    } else if (done >= nextLine || done >= total) {
      out.printf("%s: %d of %d (%d%%)%n", operation, done, total, total == 0 ? 100 : done * 100 / total);
      nextLine = done + Math.max(1, total / 4);
      if (done >= total) {
        current = null;
      }
    }
  }
}

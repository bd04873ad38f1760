package org.distarray.arrays;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses NumPy basic-indexing text ({@code "1:3, ::2, -1, ..."}) against a shape into one {@link AxisRange}
 * per axis.
 *
 * <p>Items are separated by commas and may be surrounded by spaces: an integer (negative counts from the
 * end; the axis is dropped), a slice {@code start:stop:step} with any part omitted (bounds out of range
 * clip and negative steps walk backwards, exactly as Python's {@code slice.indices}), or one ellipsis
 * {@code ...} standing for as many full slices as needed. Axes without an item are taken whole. Empty text
 * selects the whole array.
 *
 * <p>Example: on shape (4, 5), {@code "1:3, ::-2"} gives {@code [AxisRange(1, 1, 2), AxisRange(4, -2, 3)]}.
 */
public final class BasicIndex {
  private BasicIndex() {}

  /**
   * The per-axis selection of {@code text} on an array of shape {@code dims}.
   *
   * @throws IndexSyntaxException quoting the text when it is not basic indexing (for example a zero step)
   * @throws IndexOutOfRangeException when an integer index is outside its axis or there are too many items
   */
  public static List<AxisRange> parse(String text, long[] dims) {
    String trimmed = text.trim();
    List<String> items = new ArrayList<>();
    if (!trimmed.isEmpty()) {
      for (String item : trimmed.split(",", -1)) {
        items.add(item.trim());
      }
      if (items.size() > 1 && items.get(items.size() - 1).isEmpty()) {
        items.remove(items.size() - 1); // a trailing comma, as in a[1,]
      }
    }
    int ellipses = 0;
    for (String item : items) {
      if (item.equals("...")) {
        ellipses++;
      } else if (item.isEmpty()) {
        throw new IndexSyntaxException("empty item in index '" + text + "'");
      }
    }
    if (ellipses > 1) {
      throw new IndexSyntaxException("an index can only have a single ellipsis ('...'): '" + text + "'");
    }
    int explicit = items.size() - ellipses;
    if (explicit > dims.length) {
      throw new IndexOutOfRangeException("too many indices for array: array is " + dims.length
          + "-dimensional, but " + explicit + " were indexed in '" + text + "'");
    }
    List<AxisRange> ranges = new ArrayList<>(dims.length);
    int axis = 0;
    for (String item : items) {
      if (item.equals("...")) {
        int fill = dims.length - explicit;
        for (int k = 0; k < fill; k++, axis++) {
          ranges.add(AxisRange.all(dims[axis]));
        }
      } else {
        ranges.add(parseItem(item, dims[axis], axis, text));
        axis++;
      }
    }
    for (; axis < dims.length; axis++) {
      ranges.add(AxisRange.all(dims[axis]));
    }
    return ranges;
  }

  private static AxisRange parseItem(String item, long n, int axis, String text) {
    if (item.indexOf(':') < 0) {
      long i = parseLong(item, text);
      long j = i < 0 ? i + n : i;
      if (j < 0 || j >= n) {
        throw new IndexOutOfRangeException("index " + i + " is out of bounds for axis " + axis + " with size " + n);
      }
      return new AxisRange(j, 1, 1, true);
    }
    String[] parts = item.split(":", -1);
    if (parts.length > 3) {
      throw new IndexSyntaxException("slice '" + item + "' has more than two ':' in index '" + text + "'");
    }
    Long start = optionalLong(parts[0], text);
    Long stop = optionalLong(parts[1], text);
    Long step = parts.length == 3 ? optionalLong(parts[2], text) : null;
    if (step != null && step == 0) {
      throw new IndexSyntaxException("slice step cannot be zero in index '" + text + "'");
    }
    return slice(start, stop, step == null ? 1 : step, n);
  }

  /**
   * The positions of the Python slice {@code start:stop:step} on an axis of length n (null bounds are omitted
   * ones), normalised as {@code slice.indices(n)} does.
   */
  public static AxisRange slice(Long start, Long stop, long step, long n) {
    if (step == 0) {
      throw new IndexSyntaxException("slice step cannot be zero");
    }
    long lo;
    long hi;
    if (step > 0) {
      lo = start == null ? 0 : clip(start < 0 ? start + n : start, 0, n);
      hi = stop == null ? n : clip(stop < 0 ? stop + n : stop, 0, n);
    } else {
      lo = start == null ? n - 1 : clip(start < 0 ? start + n : start, -1, n - 1);
      hi = stop == null ? -1 : clip(stop < 0 ? stop + n : stop, -1, n - 1);
    }
    long count = step > 0 ? Math.max(0, (hi - lo + step - 1) / step) : Math.max(0, (lo - hi - step - 1) / -step);
    return new AxisRange(count == 0 ? 0 : lo, step, count, false);
  }

  private static long clip(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static Long optionalLong(String s, String text) {
    String t = s.trim();
    return t.isEmpty() ? null : parseLong(t, text);
  }

  private static long parseLong(String s, String text) {
    String t = s.replace(" ", "");
    try {
      return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      throw new IndexSyntaxException("'" + s + "' is not an integer, slice or '...' in index '" + text + "'");
    }
  }
}

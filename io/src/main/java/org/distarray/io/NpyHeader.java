package org.distarray.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distarray.arrays.DType;
import org.distarray.arrays.Shape;

/**
 * The header of a NumPy {@code .npy} file (format 1.0, 2.0 and 3.0): dtype with byte order, C or Fortran order, shape,
 * and where the data starts. Supported dtypes: f8, f4, i8, i4 (either byte order) and b1.
 *
 * @param dtype the element type
 * @param order the byte order of the elements
 * @param fortranOrder true when the elements are stored in Fortran (column-major) order
 * @param shape the array's shape
 * @param dataOffset the byte position of the first element
 */
public record NpyHeader(DType dtype, ByteOrder order, boolean fortranOrder, long[] shape, long dataOffset) {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** Bytes of the element data. */
  public long dataBytes() {
    return Shape.of(shape).size() * dtype.itemSize();
  }

  /**
   * Reads the header of file.
   *
   * @throws IoException when the file is missing, not a .npy file, truncated, or of an unsupported dtype
   */
  public static NpyHeader read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(ch, file, 0);
    } catch (NoSuchFileException e) {
      throw new MissingFileException(file, null);
    } catch (IOException e) {
      throw new IoException(file, "cannot read: " + e, e);
    }
  }

  /** The header of a .npy stream that starts at byte base of an open file (a .dnpy file holds one after its own). */
  static NpyHeader read(FileChannel ch, Path file, long base) throws IOException {
    {
      ByteBuffer lead = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lead, base, file, "the header");
      for (int i = 0; i < MAGIC.length; i++) {
        if (lead.get(i) != MAGIC[i]) {
          throw new IoException(file, "not a .npy file (no \\x93NUMPY magic string)");
        }
      }
      int major = lead.get(6);
      int minor = lead.get(7);
      long length;
      int start;
      if (major == 1) {
        length = Short.toUnsignedInt(lead.getShort(8));
        start = 10;
      } else if (major == 2 || major == 3) {
        length = Integer.toUnsignedLong(lead.getInt(8));
        start = 12;
      } else {
        throw new IoException(file, ".npy format version " + major + "." + minor + " is not supported (1.0, 2.0, 3.0 are)");
      }
      if (length > 1 << 24) {
        throw new IoException(file, "corrupt .npy header: it claims " + length + " bytes");
      }
      ByteBuffer text = ByteBuffer.allocate((int) length);
      readFully(ch, text, base + start, file, "the header dictionary");
      String dict = new String(text.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      NpyHeader h = parse(file, dict, base + start + length);
      long needed = h.dataOffset() + h.dataBytes();
      if (ch.size() < needed) {
        throw new IoException(file, "truncated: the header says " + h.dataBytes() + " bytes of data (" + h.dtype()
            + " " + Shape.format(h.shape()) + ") but the file has " + (ch.size() - h.dataOffset()));
      }
      return h;
    }
  }

  static NpyHeader parse(Path file, String dict, long dataOffset) {
    Matcher d = DESCR.matcher(dict);
    Matcher f = FORTRAN.matcher(dict);
    Matcher s = SHAPE.matcher(dict);
    if (!d.find() || !f.find() || !s.find()) {
      throw new IoException(file, "corrupt .npy header: expected 'descr', 'fortran_order' and 'shape' in " + dict.trim());
    }
    String descr = d.group(1);
    if (descr.length() < 3) {
      throw new IoException(file, "unsupported dtype '" + descr + "'");
    }
    char byteOrder = descr.charAt(0);
    ByteOrder order = switch (byteOrder) {
      case '<', '|', '=' -> ByteOrder.LITTLE_ENDIAN;
      case '>' -> ByteOrder.BIG_ENDIAN;
      default -> throw new IoException(file, "unsupported dtype '" + descr + "'");
    };
    DType dtype = switch (descr.substring(1)) {
      case "f8" -> DType.FLOAT64;
      case "f4" -> DType.FLOAT32;
      case "i8" -> DType.INT64;
      case "i4" -> DType.INT32;
      case "b1" -> DType.BOOL;
      case "i2" -> DType.INT16;
      case "i1" -> DType.INT8;
      case "u8" -> DType.UINT64;
      case "u4" -> DType.UINT32;
      case "u2" -> DType.UINT16;
      case "u1" -> DType.UINT8;
      case "c16" -> DType.COMPLEX128;
      case "c8" -> DType.COMPLEX64;
      default -> throw new IoException(file, "unsupported dtype '" + descr
          + "' (supported: f8, f4, i8, i4, i2, i1, u8, u4, u2, u1, b1, c16, c8)");
    };
    List<Long> dims = new ArrayList<>();
    for (String part : s.group(1).split(",")) {
      String t = part.trim();
      if (t.isEmpty()) {
        continue;
      }
      try {
        long v = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
        if (v < 0) {
          throw new NumberFormatException();
        }
        dims.add(v);
      } catch (NumberFormatException e) {
        throw new IoException(file, "corrupt .npy header: bad shape (" + s.group(1) + ")");
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    return new NpyHeader(dtype, order, f.group(1).equals("True"), shape, dataOffset);
  }

  /**
   * The header NumPy (2.x) writes for an array of this dtype and shape, little-endian, C order, byte for byte:
   * format 1.0 (2.0 when the dictionary does not fit 1.0), padded with spaces and a newline so that the data starts
   * at a multiple of 64.
   */
  public static byte[] encode(DType dtype, long[] shape) {
    String descr = switch (dtype) {
      case FLOAT64 -> "<f8";
      case FLOAT32 -> "<f4";
      case INT64 -> "<i8";
      case INT32 -> "<i4";
      case BOOL -> "|b1";
      case INT16 -> "<i2";
      case INT8 -> "|i1";
      case UINT64 -> "<u8";
      case UINT32 -> "<u4";
      case UINT16 -> "<u2";
      case UINT8 -> "|u1";
      case COMPLEX128 -> "<c16";
      case COMPLEX64 -> "<c8";
    };
    StringBuilder dims = new StringBuilder();
    for (int k = 0; k < shape.length; k++) {
      dims.append(k == 0 ? "" : ", ").append(shape[k]);
    }
    if (shape.length == 1) {
      dims.append(',');
    }
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    if (shape.length > 0) { // as NumPy: room for the first axis to grow to 21 digits in place
      dict += " ".repeat(Math.max(0, 21 - String.valueOf(shape[0]).length()));
    }
    int major = dict.length() + 1 + 64 <= 65535 ? 1 : 2;
    int prefix = major == 1 ? 10 : 12;
    int pad = 64 - (prefix + dict.length() + 1) % 64; // 1..64, as NumPy pads
    int padded = prefix + dict.length() + pad + 1;
    String text = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) text.length());
    } else {
      b.putInt(text.length());
    }
    b.put(text.getBytes(StandardCharsets.ISO_8859_1));
    return b.array();
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long position, Path file, String what) throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      int n = ch.read(b, at);
      if (n < 0) {
        throw new IoException(file, "truncated: the file ends inside " + what);
      }
      at += n;
    }
  }
}

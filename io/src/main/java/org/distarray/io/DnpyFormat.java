package org.distarray.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distarray.arrays.dist.Distribution;

/**
 * Python DistArray's per-engine file {@code prefix_<rank>.dnpy}: the magic {@code \x93DARRY}, version 1.0, a
 * little-endian uint16 header length, the header as a Python dict literal
 * {@code {'__version__': '0.10.0', 'dim_data': (<one dict per axis>,), }} padded with spaces and a newline so that
 * what follows starts on a 16-byte boundary, then a complete .npy stream of the rank's local block.
 */
public final class DnpyFormat {
  private static final byte[] MAGIC = {(byte) 0x93, 'D', 'A', 'R', 'R', 'Y'};

  private DnpyFormat() {}

  /** The file of rank under prefix: {@code prefix_<rank>.dnpy}. */
  public static Path fileOf(Path prefix, int rank) {
    return prefix.resolveSibling(prefix.getFileName() + "_" + rank + ".dnpy");
  }

  /** The .dnpy header of rank's block of d (the .npy stream follows it). */
  static byte[] header(Distribution d, int rank) {
    List<String> dicts = new ArrayList<>();
    for (Map<String, Object> axis : d.dimData(rank)) {
      dicts.add(PyLiteral.write(axis));
    }
    String dict = "{'__version__': '0.10.0', 'dim_data': (" + String.join(", ", dicts) + ",), }";
    int prefix = MAGIC.length + 2 + 2;
    int pad = (16 - (prefix + dict.length() + 1) % 16) % 16;
    String text = dict + " ".repeat(pad) + "\n";
    if (text.length() > 65535) {
      throw new IllegalArgumentException("the .dnpy header of rank " + rank + " needs " + text.length()
          + " bytes; the format allows 65535");
    }
    ByteBuffer b = ByteBuffer.allocate(prefix + text.length()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
    b.put(text.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  /** A file's dim_data (one dict per axis) and where its .npy stream starts. */
  public record Header(List<Map<String, Object>> dimData, long npyStart) {}

  /**
   * Reads the .dnpy header of an open file.
   *
   * @throws IoException naming the file when it is not a .dnpy file or its header is corrupt
   */
  @SuppressWarnings("unchecked")
  static Header read(FileChannel ch, Path file) throws IOException {
    ByteBuffer lead = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    fill(ch, lead, 0, file);
    for (int i = 0; i < MAGIC.length; i++) {
      if (lead.get(i) != MAGIC[i]) {
        throw new IoException(file, "not a .dnpy file (no \\x93DARRY magic string)");
      }
    }
    if (lead.get(6) != 1) {
      throw new IoException(file, ".dnpy version " + lead.get(6) + "." + lead.get(7) + " is not supported (1.0 is)");
    }
    int length = Short.toUnsignedInt(lead.getShort(8));
    ByteBuffer text = ByteBuffer.allocate(length);
    fill(ch, text, 10, file);
    Object parsed;
    try {
      parsed = PyLiteral.parse(new String(text.array(), StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IoException(file, "corrupt .dnpy header: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> m) || !(m.get("dim_data") instanceof List<?> dims)) {
      throw new IoException(file, "corrupt .dnpy header: no 'dim_data' in " + parsed);
    }
    List<Map<String, Object>> dimData = new ArrayList<>();
    for (Object axis : dims) {
      if (!(axis instanceof Map<?, ?>)) {
        throw new IoException(file, "corrupt .dnpy header: dim_data holds " + axis + ", not a dict");
      }
      dimData.add((Map<String, Object>) axis);
    }
    return new Header(dimData, 10L + length);
  }

  private static void fill(FileChannel ch, ByteBuffer b, long position, Path file) throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      int n = ch.read(b, at);
      if (n < 0) {
        throw new IoException(file, "truncated: the file ends inside the .dnpy header");
      }
      at += n;
    }
  }
}

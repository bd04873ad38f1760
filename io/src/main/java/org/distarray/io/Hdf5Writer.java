package org.distarray.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.distarray.arrays.DType;

/**
 * Writes the skeleton of an HDF5 file with one contiguous dataset in the root group: superblock version 0, the root
 * group's symbol table (B-tree, local heap, symbol table node) and the dataset's object header (dataspace,
 * datatype, fill value, contiguous layout), followed by room for the data. The data's bytes (little-endian, C order)
 * start at a known address and are written by the engines, each its own elements. Offsets and lengths are 8 bytes.
 */
final class Hdf5Writer {
  private static final long UNDEFINED = -1L;
  private static final int LEAF_K = 4;
  private static final int INTERNAL_K = 16;

  private Hdf5Writer() {}

  /** Writes the skeleton of a file whose dataset name holds dtype elements of shape; returns the data's address. */
  static long create(Path file, String name, DType dtype, long[] shape) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    // layout of the file
    long superblock = 0;
    long rootHeader = 96;
    long rootHeaderSize = 16 + 8 + 16; // prefix, message header, symbol table message
    long btree = rootHeader + rootHeaderSize;
    long btreeSize = 24 + (2L * INTERNAL_K + 1) * 8 + 2L * INTERNAL_K * 8;
    long heap = btree + btreeSize;
    long heapDataSize = pad8(8 + nameBytes.length + 1);
    long heapData = heap + 32;
    long snod = heapData + heapDataSize;
    long snodSize = 8 + 2L * LEAF_K * 40;
    long dataset = snod + snodSize;
    long datasetSize = datasetHeader(dtype, shape, 0).length; // sized first, written with the data's address
    long data = pad8(dataset + datasetSize);
    long end = data + dataBytes(dtype, shape);

    ByteBuffer b = ByteBuffer.allocate((int) data).order(ByteOrder.LITTLE_ENDIAN);
    // superblock version 0
    b.put(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'});
    b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // versions, reserved
    b.put((byte) 0).put((byte) 8).put((byte) 8).put((byte) 0); // shared header version, sizes, reserved
    b.putShort((short) LEAF_K).putShort((short) INTERNAL_K).putInt(0);
    b.putLong(0).putLong(UNDEFINED).putLong(end).putLong(UNDEFINED);
    symbolEntry(b, 0, rootHeader, 1, btree, heap); // the root group's entry caches its B-tree and heap
    // root group object header (version 1) with a symbol table message
    b.position((int) rootHeader);
    b.put((byte) 1).put((byte) 0).putShort((short) 1).putInt(1).putInt((int) (rootHeaderSize - 16)).putInt(0);
    b.putShort((short) 0x11).putShort((short) 16).put((byte) 0).put(new byte[3]);
    b.putLong(btree).putLong(heap);
    // B-tree (version 1, group node, leaf) with one child: the symbol table node
    b.position((int) btree);
    b.put("TREE".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 0).putShort((short) 1);
    b.putLong(UNDEFINED).putLong(UNDEFINED);
    b.putLong(0).putLong(snod).putLong(8); // key 0 (""), child, key 1 (the name's heap offset)
    // local heap: "" at 0, the name at 8
    b.position((int) heap);
    b.put("HEAP".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put(new byte[3]);
    b.putLong(heapDataSize).putLong(1).putLong(heapData); // free list offset 1: no free block
    b.position((int) heapData + 8);
    b.put(nameBytes);
    // symbol table node with the dataset's entry
    b.position((int) snod);
    b.put("SNOD".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) 1);
    symbolEntry(b, 8, dataset, 0, 0, 0);
    // the dataset's object header (version 1)
    b.position((int) dataset);
    b.put(datasetHeader(dtype, shape, data));
    b.position(0);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      while (b.hasRemaining()) {
        ch.write(b, b.position());
      }
      if (end > data) {
        ch.write(ByteBuffer.allocate(1), end - 1); // the file's full length; the engines fill the data
      }
    }
    return data;
  }

  /**
   * The object header (version 1) of a dataset of dtype and shape stored contiguously at address: dataspace,
   * datatype, fill value and layout messages. Its length does not depend on the address.
   */
  static byte[] datasetHeader(DType dtype, long[] shape, long address) {
    byte[] messages = datasetMessages(dtype, shape, dataBytes(dtype, shape), address);
    ByteBuffer b = ByteBuffer.allocate(16 + messages.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 1).put((byte) 0).putShort((short) 4).putInt(1).putInt(messages.length).putInt(0);
    b.put(messages);
    return b.array();
  }

  /** The number of bytes of the elements of a dataset of dtype and shape. */
  static long dataBytes(DType dtype, long[] shape) {
    long elements = 1;
    for (long d : shape) {
      elements *= d;
    }
    return elements * (dtype == DType.BOOL ? 1 : dtype.itemSize());
  }

  private static void symbolEntry(ByteBuffer b, long nameOffset, long header, int cacheType, long btree, long heap) {
    b.putLong(nameOffset).putLong(header).putInt(cacheType).putInt(0);
    b.putLong(btree).putLong(heap);
  }

  /** Dataspace, datatype, fill value and contiguous layout messages, each with its 8-byte header, padded to 8. */
  private static byte[] datasetMessages(DType dtype, long[] shape, long bytes, long address) {
    ByteBuffer m = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
    // dataspace, version 1
    int spaceSize = 8 + 8 * shape.length;
    header(m, 0x0001, spaceSize);
    m.put((byte) 1).put((byte) shape.length).put((byte) 0).put((byte) 0).putInt(0);
    for (long d : shape) {
      m.putLong(d);
    }
    // datatype, version 1
    boolean floating = dtype == DType.FLOAT64 || dtype == DType.FLOAT32;
    int typeSize = floating ? 8 + 12 : 8 + 4;
    header(m, 0x0003, pad8(typeSize));
    int start = m.position();
    switch (dtype) {
      case FLOAT64 -> floating(m, 8, 63, 52, 11, 52, 1023);
      case FLOAT32 -> floating(m, 4, 31, 23, 8, 23, 127);
      case BOOL -> fixed(m, 1, false);
      default -> fixed(m, dtype.itemSize(), dtype.isSigned());
    }
    m.position(start + pad8(typeSize));
    // fill value, version 2: allocated early, never written, undefined
    header(m, 0x0005, 8);
    m.put((byte) 2).put((byte) 1).put((byte) 1).put((byte) 0).putInt(0);
    // layout, version 3: contiguous at address
    header(m, 0x0008, 24);
    m.put((byte) 3).put((byte) 1).putLong(address).putLong(bytes).put(new byte[6]);
    byte[] out = new byte[m.position()];
    m.flip().get(out);
    return out;
  }

  private static void header(ByteBuffer m, int type, int size) {
    m.putShort((short) type).putShort((short) size).put((byte) (type == 0x0003 ? 1 : 0)).put(new byte[3]);
  }

  private static void floating(ByteBuffer m, int size, int sign, int expLocation, int expSize, int mantissa,
      int bias) {
    m.put((byte) 0x11); // version 1, class 1 (floating point)
    m.put((byte) 0x20).put((byte) sign).put((byte) 0); // little-endian, implied leading 1; sign bit
    m.putInt(size);
    m.putShort((short) 0).putShort((short) (size * 8));
    m.put((byte) expLocation).put((byte) expSize).put((byte) 0).put((byte) mantissa).putInt(bias);
  }

  private static void fixed(ByteBuffer m, int size, boolean signed) {
    m.put((byte) 0x10); // version 1, class 0 (fixed point)
    m.put((byte) (signed ? 0x08 : 0)).put((byte) 0).put((byte) 0);
    m.putInt(size);
    m.putShort((short) 0).putShort((short) (size * 8));
  }

  private static long pad8(long n) {
    return (n + 7) / 8 * 8;
  }

  private static int pad8(int n) {
    return (n + 7) / 8 * 8;
  }
}

package org.distarray.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distarray.arrays.DType;

/**
 * Adds a dataset to the root group of an existing HDF5 file in place, as h5py's mode "a" does: every object already
 * in the file keeps its bytes and its address.
 *
 * <p>Why in place rather than rewriting the file with NetCDF-Java's reader: a rewrite would carry over only what that
 * reader and {@link Hdf5Writer} both understand (no attributes, groups, chunking or compression) and would copy every
 * existing element through the caller; adding one name to the root group's symbol table touches a few kilobytes. The
 * root group's index (its local heap of names, symbol table nodes and B-tree) is not edited node by node, which
 * would need HDF5's B-tree splits: it is written anew after the data with every old entry plus the new one, and the
 * root group's symbol table message and the superblock are pointed at it (the old index stays behind as unused
 * bytes, as HDF5's own deletions leave them). This covers files whose superblock is version 0 or 1 with 8-byte
 * addresses, whose root group is a symbol table: files of {@code saveHdf5} and of h5py's defaults. Others (netCDF-4,
 * h5py's {@code libver="latest"}) are refused, unchanged.
 *
 * <p>Order of writes: {@link #begin} writes the dataset's object header and sizes the file for its data past the
 * old end; the engines write the elements; {@link #commit} writes the new index, then the superblock's end address,
 * then the root group's pointers. Until then the file describes what it did before; {@link #abort} cuts it back
 * to its old length.
 */
final class Hdf5Append {
  private static final long UNDEFINED = -1L;
  /** The offset to the head of a local heap's free list when it has no free block. */
  private static final long FREE_NULL = 1;
  private static final int ENTRY = 40;
  private static final int MAX_LEVELS = 64;
  /** The bytes of a version 1 superblock with 8-byte addresses, up to the end of the root group's entry. */
  private static final int SUPERBLOCK = 100;

  private Hdf5Append() {}

  /** One link of the root group: its name and its symbol table entry's other fields, copied as they are. */
  private record Entry(byte[] name, long header, int cacheType, byte[] scratch) {}

  /**
   * An append in progress: the file, its length before, where addresses count from, the superblock's fields to
   * update, where the root group's symbol table message is, the group K values, the root group's entries with the
   * new one, and where the new dataset's elements and the file end.
   */
  record Plan(Path file, long oldLength, long base, long eofField, long rootScratch, boolean rootCached,
      long symbolTableMessage, int leafK, int internalK, List<Entry> entries, long dataAddress, long end) {}

  /**
   * Checks that file can take a dataset called name and writes its object header past the file's end.
   *
   * @throws IoException naming the file and the name when the root group already has that name (the file is left
   *     as it was), when the file is not HDF5, or when its layout is not one this class can add to
   */
  static Plan begin(Path file, String name, DType dtype, long[] shape) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long length = ch.size();
      long sb = findSuperblock(ch, file, length);
      ByteBuffer s = read(ch, file, sb, SUPERBLOCK);
      int version = s.get(8);
      if (version > 1) {
        throw new IoException(file, "cannot add dataset '" + name + "': its superblock is version " + version
            + " (root group stored as links, as netCDF-4 and h5py's libver='latest' write); saveHdf5 adds to files of "
            + "superblock version 0 or 1 (its own files and h5py's defaults)");
      }
      if (s.get(13) != 8 || s.get(14) != 8) {
        throw new IoException(file, "cannot add dataset '" + name + "': its addresses are " + s.get(13)
            + " bytes and its lengths " + s.get(14) + " (saveHdf5 adds to files with 8-byte ones)");
      }
      int leafK = s.getShort(16) & 0xffff;
      int internalK = s.getShort(18) & 0xffff;
      int at = version == 0 ? 24 : 28;
      long base = s.getLong(at);
      int root = at + 32;
      long rootHeader = s.getLong(root + 8);
      boolean cached = s.getInt(root + 16) == 1;
      long message = symbolTableMessage(ch, file, base, rootHeader);
      ByteBuffer m = read(ch, file, message, 16);
      List<Entry> entries = rootEntries(ch, file, base, m.getLong(0), m.getLong(8));
      byte[] newName = name.getBytes(StandardCharsets.US_ASCII);
      for (Entry e : entries) {
        if (Arrays.equals(e.name(), newName)) {
          throw new IoException(file, "already holds '" + name + "' in its root group: saveHdf5 adds datasets to"
              + " an existing HDF5 file and does not replace one (as h5py raises); choose another name or remove"
              + " the file first");
        }
      }
      long header = pad8(length);
      byte[] sized = Hdf5Writer.datasetHeader(dtype, shape, 0);
      long data = pad8(header + sized.length);
      long end = data + Hdf5Writer.dataBytes(dtype, shape);
      entries.add(new Entry(newName, header - base, 0, new byte[16]));
      entries.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
      Plan plan = new Plan(file, length, base, sb + at + 16, sb + root + 24, cached, message, leafK, internalK,
          entries, data, end);
      try {
        write(ch, header, ByteBuffer.wrap(Hdf5Writer.datasetHeader(dtype, shape, data - base)));
        if (end > data) {
          write(ch, end - 1, ByteBuffer.allocate(1)); // the engines fill the elements
        }
      } catch (IOException | RuntimeException e) {
        ch.truncate(length);
        throw e;
      }
      return plan;
    } catch (IOException e) {
      throw new IoException(file, "cannot add dataset '" + name + "': " + e, e);
    }
  }

  /** Writes the root group's new index and points the file at it: the new dataset is now part of the file. */
  static void commit(Plan p) {
    boolean grown = false; // once the superblock's end covers the new bytes, the file is valid without cutting it
    try (FileChannel ch = FileChannel.open(p.file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long start = pad8(p.end());
      Index index = index(p, start);
      write(ch, start, ByteBuffer.wrap(index.bytes()));
      long end = start + index.bytes().length;
      write(ch, p.eofField(), le(8).putLong(end - p.base()).flip());
      grown = true;
      ByteBuffer pointers = le(16).putLong(index.btree() - p.base()).putLong(start - p.base()).flip();
      write(ch, p.symbolTableMessage(), pointers);
      if (p.rootCached()) {
        write(ch, p.rootScratch(), pointers.rewind());
      }
    } catch (IOException e) {
      if (!grown) {
        abort(p);
      }
      throw new IoException(p.file(), "cannot add the dataset to the root group: " + e, e);
    }
  }

  /** Cuts the file back to its length before the append: its structure never pointed past it. */
  static void abort(Plan p) {
    try (FileChannel ch = FileChannel.open(p.file(), StandardOpenOption.WRITE)) {
      ch.truncate(p.oldLength());
    } catch (IOException ignored) {
      // best effort: the bytes past the old length are not part of the file's structure
    }
  }

  /** The new index's bytes (heap, symbol table nodes, B-tree nodes from the leaves up) and its B-tree root. */
  private record Index(byte[] bytes, long btree) {}

  private static Index index(Plan p, long start) {
    List<Entry> entries = p.entries();
    ByteBuffer names = le(64);
    long[] offsets = new long[entries.size()];
    names = grow(names, 8).put(new byte[8]); // offset 0: "", the B-tree's first key
    for (int i = 0; i < entries.size(); i++) {
      byte[] n = entries.get(i).name();
      offsets[i] = names.position();
      int padded = (int) pad8(n.length + 1);
      names = grow(names, padded).put(n).put(new byte[padded - n.length]);
    }
    int heapSize = names.position();
    int perNode = 2 * p.leafK();
    int snods = Math.max(1, (entries.size() + perNode - 1) / perNode);
    int snodSize = 8 + perNode * ENTRY;
    int treeK = 2 * p.internalK();
    int nodeSize = 24 + (2 * treeK + 1) * 8;
    // children of the current level: addresses and the heap offset of the last name under each
    List<long[]> level = new ArrayList<>();
    long at = start + 32 + heapSize + (long) snods * snodSize;
    ByteBuffer out = le((int) (at - start));
    out.put("HEAP".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put(new byte[3]);
    out.putLong(heapSize).putLong(FREE_NULL).putLong(start + 32 - p.base());
    out.put(names.array(), 0, heapSize);
    for (int n = 0; n < snods; n++) {
      int first = n * perNode;
      int count = Math.min(perNode, entries.size() - first);
      long address = start + 32 + heapSize + (long) n * snodSize;
      out.position((int) (address - start));
      out.put("SNOD".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) count);
      for (int i = first; i < first + count; i++) {
        Entry e = entries.get(i);
        out.putLong(offsets[i]).putLong(e.header()).putInt(e.cacheType()).putInt(0).put(e.scratch());
      }
      level.add(new long[] {address - p.base(), offsets[first + count - 1]});
    }
    List<ByteBuffer> nodes = new ArrayList<>();
    int depth = 0;
    do {
      List<long[]> parents = new ArrayList<>();
      int count = (level.size() + treeK - 1) / treeK;
      for (int n = 0; n < count; n++) {
        int first = n * treeK;
        int used = Math.min(treeK, level.size() - first);
        long address = at + (long) n * nodeSize;
        ByteBuffer node = le(nodeSize);
        node.put("TREE".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) depth).putShort((short) used);
        node.putLong(n == 0 ? UNDEFINED : address - nodeSize - p.base());
        node.putLong(n == count - 1 ? UNDEFINED : address + nodeSize - p.base());
        node.putLong(first == 0 ? 0 : level.get(first - 1)[1]); // a node's left key is its left sibling's right key
        for (int c = first; c < first + used; c++) {
          node.putLong(level.get(c)[0]).putLong(level.get(c)[1]);
        }
        nodes.add(node);
        parents.add(new long[] {address - p.base(), level.get(first + used - 1)[1]});
      }
      at += (long) count * nodeSize;
      level = parents;
      depth++;
    } while (level.size() > 1 && depth < MAX_LEVELS);
    ByteBuffer all = le((int) (at - start));
    all.put(out.array(), 0, out.capacity());
    for (ByteBuffer node : nodes) {
      all.put(node.array());
    }
    return new Index(all.array(), level.get(0)[0] + p.base());
  }

  /** The superblock's position: at 0, or after a user block at 512, 1024, 2048, ... */
  private static long findSuperblock(FileChannel ch, Path file, long length) throws IOException {
    byte[] signature = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    for (long at = 0; at + SUPERBLOCK <= length; at = at == 0 ? 512 : at * 2) {
      byte[] head = new byte[8];
      read(ch, file, at, 8).get(head);
      if (Arrays.equals(head, signature)) {
        return at;
      }
    }
    throw new IoException(file, "is not an HDF5 file (no HDF5 signature): saveHdf5 adds datasets to HDF5 files"
        + " and makes new ones");
  }

  /** The file position of the root group's symbol table message data (B-tree and heap addresses). */
  private static long symbolTableMessage(FileChannel ch, Path file, long base, long header) throws IOException {
    ByteBuffer prefix = read(ch, file, base + header, 16);
    if (prefix.get(0) != 1) {
      throw new IoException(file, "its root group's object header is version " + prefix.get(0) + " (saveHdf5 adds"
          + " to root groups with version 1 headers)");
    }
    List<long[]> blocks = new ArrayList<>();
    blocks.add(new long[] {base + header + 16, prefix.getInt(8) & 0xffffffffL});
    for (int b = 0; b < blocks.size() && b < 1000; b++) {
      long pos = blocks.get(b)[0];
      long end = pos + blocks.get(b)[1];
      while (pos + 8 <= end) {
        ByteBuffer h = read(ch, file, pos, 8);
        int type = h.getShort(0) & 0xffff;
        int size = h.getShort(2) & 0xffff;
        if (type == 0x11 && size >= 16) {
          return pos + 8;
        }
        if (type == 0x10 && size >= 16) {
          ByteBuffer c = read(ch, file, pos + 8, 16);
          blocks.add(new long[] {base + c.getLong(0), c.getLong(8)});
        }
        pos += 8 + size;
      }
    }
    throw new IoException(file, "its root group has no symbol table (links stored as messages, as newer HDF5"
        + " formats do); saveHdf5 adds to root groups that are symbol tables");
  }

  /** Every entry of the root group, in the B-tree's order (by name). */
  private static List<Entry> rootEntries(FileChannel ch, Path file, long base, long btree, long heap)
      throws IOException {
    ByteBuffer h = read(ch, file, base + heap, 32);
    expect(h, "HEAP", file, heap);
    long size = h.getLong(8);
    if (size < 0 || size > Integer.MAX_VALUE - 8) {
      throw new IoException(file, "the root group's local heap claims " + size + " bytes");
    }
    byte[] names = new byte[(int) size];
    read(ch, file, base + h.getLong(24), names.length).get(names);
    List<Entry> entries = new ArrayList<>();
    collect(ch, file, base, btree, names, entries, 0);
    return entries;
  }

  private static void collect(FileChannel ch, Path file, long base, long node, byte[] names, List<Entry> out,
      int depth) throws IOException {
    ByteBuffer n = read(ch, file, base + node, 24);
    expect(n, "TREE", file, node);
    int level = n.get(5);
    int used = n.getShort(6) & 0xffff;
    if (n.get(4) != 0 || depth > MAX_LEVELS) {
      throw new IoException(file, "the root group's B-tree node at " + node + " is not a group node");
    }
    ByteBuffer children = read(ch, file, base + node + 24, used * 16 + 8);
    for (int i = 0; i < used; i++) {
      long child = children.getLong(8 + 16 * i);
      if (level > 0) {
        collect(ch, file, base, child, names, out, depth + 1);
        continue;
      }
      ByteBuffer s = read(ch, file, base + child, 8);
      expect(s, "SNOD", file, child);
      int count = s.getShort(6) & 0xffff;
      ByteBuffer e = read(ch, file, base + child + 8, count * ENTRY);
      for (int k = 0; k < count; k++) {
        long nameOffset = e.getLong();
        long header = e.getLong();
        int cacheType = e.getInt();
        e.getInt();
        byte[] scratch = new byte[16];
        e.get(scratch);
        out.add(new Entry(name(names, nameOffset, file), header, cacheType, scratch));
      }
    }
  }

  private static byte[] name(byte[] heap, long offset, Path file) {
    if (offset < 0 || offset >= heap.length) {
      throw new IoException(file, "a root group entry names heap offset " + offset + " of " + heap.length);
    }
    int end = (int) offset;
    while (end < heap.length && heap[end] != 0) {
      end++;
    }
    return Arrays.copyOfRange(heap, (int) offset, end);
  }

  private static void expect(ByteBuffer b, String signature, Path file, long address) {
    byte[] got = new byte[4];
    b.get(0, got);
    if (!Arrays.equals(got, signature.getBytes(StandardCharsets.US_ASCII))) {
      throw new IoException(file, "expected " + signature + " at address " + address + " of the root group");
    }
  }

  private static ByteBuffer read(FileChannel ch, Path file, long position, int n) throws IOException {
    ByteBuffer b = le(n);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new IoException(file, "truncated: " + n + " bytes at " + position + " are past its end");
      }
    }
    return b.flip();
  }

  private static void write(FileChannel ch, long position, ByteBuffer b) throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      at += ch.write(b, at);
    }
  }

  private static ByteBuffer grow(ByteBuffer b, int more) {
    if (b.remaining() >= more) {
      return b;
    }
    ByteBuffer bigger = le(Math.max(b.capacity() * 2, b.position() + more));
    return bigger.put(b.array(), 0, b.position());
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static long pad8(long n) {
    return (n + 7) / 8 * 8;
  }
}

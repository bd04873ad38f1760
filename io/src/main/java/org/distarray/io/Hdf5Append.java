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
  private static final int MAX_LEVELS = 64;

  private Hdf5Append() {}

  /**
   * An append in progress: the file, its length before, its root group as it was, the root group's entries with the
   * new one (by name), and where the new dataset's elements and the file end.
   */
  record Plan(Path file, long oldLength, Hdf5RootGroup root, List<Hdf5RootGroup.Entry> entries, long dataAddress,
      long end) {}

  /**
   * Checks that file can take a dataset called name and writes its object header past the file's end.
   *
   * @throws IoException naming the file and the name when the root group already has that name (the file is left
   *     as it was), when the file is not HDF5, or when its layout is not one this class can add to
   */
  static Plan begin(Path file, String name, DType dtype, long[] shape) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long length = ch.size();
      Hdf5RootGroup root = Hdf5RootGroup.read(ch, file, "cannot add dataset '" + name + "'");
      long base = root.base();
      List<Hdf5RootGroup.Entry> entries = new ArrayList<>(root.entries());
      byte[] newName = name.getBytes(StandardCharsets.US_ASCII);
      for (Hdf5RootGroup.Entry e : entries) {
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
      entries.add(new Hdf5RootGroup.Entry(newName, header - base, 0, new byte[16]));
      entries.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
      Plan plan = new Plan(file, length, root, entries, data, end);
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
      write(ch, p.root().eofField(), le(8).putLong(end - p.root().base()).flip());
      grown = true;
      ByteBuffer pointers = le(16).putLong(index.btree() - p.root().base()).putLong(start - p.root().base()).flip();
      write(ch, p.root().symbolTableMessage(), pointers);
      if (p.root().rootCached()) {
        write(ch, p.root().rootScratch(), pointers.rewind());
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
    List<Hdf5RootGroup.Entry> entries = p.entries();
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
    int perNode = 2 * p.root().leafK();
    int snods = Math.max(1, (entries.size() + perNode - 1) / perNode);
    int snodSize = 8 + perNode * Hdf5RootGroup.ENTRY;
    int treeK = 2 * p.root().internalK();
    int nodeSize = 24 + (2 * treeK + 1) * 8;
    // children of the current level: addresses and the heap offset of the last name under each
    List<long[]> level = new ArrayList<>();
    long at = start + 32 + heapSize + (long) snods * snodSize;
    ByteBuffer out = le((int) (at - start));
    out.put("HEAP".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put(new byte[3]);
    out.putLong(heapSize).putLong(FREE_NULL).putLong(start + 32 - p.root().base());
    out.put(names.array(), 0, heapSize);
    for (int n = 0; n < snods; n++) {
      int first = n * perNode;
      int count = Math.min(perNode, entries.size() - first);
      long address = start + 32 + heapSize + (long) n * snodSize;
      out.position((int) (address - start));
      out.put("SNOD".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) count);
      for (int i = first; i < first + count; i++) {
        Hdf5RootGroup.Entry e = entries.get(i);
        out.putLong(offsets[i]).putLong(e.header()).putInt(e.cacheType()).putInt(0).put(e.scratch());
      }
      level.add(new long[] {address - p.root().base(), offsets[first + count - 1]});
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
        node.putLong(n == 0 ? UNDEFINED : address - nodeSize - p.root().base());
        node.putLong(n == count - 1 ? UNDEFINED : address + nodeSize - p.root().base());
        node.putLong(first == 0 ? 0 : level.get(first - 1)[1]); // a node's left key is its left sibling's right key
        for (int c = first; c < first + used; c++) {
          node.putLong(level.get(c)[0]).putLong(level.get(c)[1]);
        }
        nodes.add(node);
        parents.add(new long[] {address - p.root().base(), level.get(first + used - 1)[1]});
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
    return new Index(all.array(), level.get(0)[0] + p.root().base());
  }

  static void write(FileChannel ch, long position, ByteBuffer b) throws IOException {
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

  static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static long pad8(long n) {
    return (n + 7) / 8 * 8;
  }
}

package org.distarray.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The root group of an HDF5 file whose superblock is version 0 or 1 with 8-byte addresses and lengths and whose root
 * group is a symbol table (a local heap of names, a B-tree of symbol table nodes): its entries and where the file
 * points at them, as {@link Hdf5Append} needs them to add a dataset. Positions here are file positions; addresses in
 * entries are relative to base, as stored.
 *
 * @param base where the file's addresses count from (the superblock's base address)
 * @param leafK the superblock's group leaf node K: a symbol table node holds up to 2K entries
 * @param internalK the superblock's group internal node K: a B-tree node has up to 2K children
 * @param eofField the position of the superblock's end-of-file address
 * @param rootScratch the position of the root entry's cached B-tree and heap addresses
 * @param rootCached whether the root entry caches them (cache type 1)
 * @param symbolTableMessage the position of the root group's symbol table message data (B-tree and heap addresses)
 * @param entries the root group's entries in the B-tree's order (by name)
 */
record Hdf5RootGroup(long base, int leafK, int internalK, long eofField, long rootScratch, boolean rootCached,
    long symbolTableMessage, List<Entry> entries) {
  /** The bytes of a symbol table entry with 8-byte addresses. */
  static final int ENTRY = 40;
  /** The bytes of a version 1 superblock with 8-byte addresses, up to the end of the root group's entry. */
  private static final int SUPERBLOCK = 100;
  private static final int MAX_LEVELS = 64;

  /** One link of the root group: its name and its symbol table entry's other fields, copied as they are. */
  record Entry(byte[] name, long header, int cacheType, byte[] scratch) {}

  /**
   * Reads the root group of file.
   *
   * @throws IoException naming the file, after what (what was to be done), when it is not HDF5 or not of this layout
   */
  static Hdf5RootGroup read(FileChannel ch, Path file, String what) throws IOException {
    long sb = findSuperblock(ch, file, ch.size(), what);
    ByteBuffer s = read(ch, file, sb, SUPERBLOCK);
    int version = s.get(8);
    if (version > 1) {
      throw new IoException(file, what + ": its superblock is version " + version + " (root group stored as links,"
          + " as netCDF-4 and h5py's libver='latest' write); saveHdf5 adds to files of superblock version 0 or 1"
          + " (its own files and h5py's defaults)");
    }
    if (s.get(13) != 8 || s.get(14) != 8) {
      throw new IoException(file, what + ": its addresses are " + s.get(13) + " bytes and its lengths "
          + s.get(14) + " (saveHdf5 adds to files with 8-byte ones)");
    }
    int at = version == 0 ? 24 : 28;
    long base = s.getLong(at);
    int root = at + 32;
    long message = symbolTableMessage(ch, file, base, s.getLong(root + 8), what);
    ByteBuffer m = read(ch, file, message, 16);
    List<Entry> entries = rootEntries(ch, file, base, m.getLong(0), m.getLong(8));
    return new Hdf5RootGroup(base, s.getShort(16) & 0xffff, s.getShort(18) & 0xffff, sb + at + 16, sb + root + 24,
        s.getInt(root + 16) == 1, message, List.copyOf(entries));
  }

  /** The superblock's position: at 0, or after a user block at 512, 1024, 2048, ... */
  private static long findSuperblock(FileChannel ch, Path file, long length, String what) throws IOException {
    byte[] signature = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    for (long at = 0; at + SUPERBLOCK <= length; at = at == 0 ? 512 : at * 2) {
      byte[] head = new byte[8];
      read(ch, file, at, 8).get(head);
      if (Arrays.equals(head, signature)) {
        return at;
      }
    }
    throw new IoException(file, what + ": it is not an HDF5 file (no HDF5 signature); saveHdf5 adds datasets to"
        + " HDF5 files and makes new ones");
  }

  /** The file position of the root group's symbol table message data (B-tree and heap addresses). */
  private static long symbolTableMessage(FileChannel ch, Path file, long base, long header, String what)
      throws IOException {
    ByteBuffer prefix = read(ch, file, base + header, 16);
    if (prefix.get(0) != 1) {
      throw new IoException(file, what + ": its root group's object header is version " + prefix.get(0)
          + " (saveHdf5 adds to root groups with version 1 headers)");
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
    throw new IoException(file, what + ": its root group has no symbol table (links stored as messages, as newer"
        + " HDF5 formats do); saveHdf5 adds to root groups that are symbol tables");
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
    ByteBuffer b = Hdf5Append.le(n);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new IoException(file, "truncated: " + n + " bytes at " + position + " are past its end");
      }
    }
    return b.flip();
  }
}

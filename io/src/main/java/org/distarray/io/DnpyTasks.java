package org.distarray.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * Parallel .dnpy IO ({@link DnpyFormat}): every engine writes or reads its own file {@code prefix_<rank>.dnpy}.
 * Loading rebuilds the distribution from the files' headers alone ({@link #inspect}); saving writes each file under
 * a temporary name that {@link #commit} gives its real name once every engine succeeded.
 */
public final class DnpyTasks {
  static final String PARTIAL = ".partial";

  private DnpyTasks() {}

  /** One engine's block as a whole array of 'n' axes: the local distribution the block's .npy stream has. */
  private static Distribution local(long[] shape) {
    return Distribution.of(Shape.of(shape), "n".repeat(shape.length), 1);
  }

  /** Writes the engine's block of the first array argument to {@code prefix_<rank>.dnpy.partial}. */
  public record Write(String prefix) implements LocalTask<String> {
    @Override
    public String run(LocalBlocks blocks) {
      return write(DnpyFormat.fileOf(Path.of(prefix), blocks.rank()), blocks);
    }
  }

  /** Writes the engine's block of the first array argument to {@code files[rank] + ".partial"}. */
  public record WriteEach(List<String> files) implements LocalTask<String> {
    @Override
    public String run(LocalBlocks blocks) {
      return write(Path.of(files.get(blocks.rank())), blocks);
    }
  }

  /** Writes the engine's block, with its rank's header, to target's partial file; returns that file. */
  private static String write(Path target, LocalBlocks blocks) {
    Distribution d = blocks.distribution(0);
    NdArray block = blocks.block(0);
    int rank = blocks.rank();
    Path p = partial(target);
    byte[] head = DnpyFormat.header(d, rank);
    byte[] npy = NpyHeader.encode(block.dtype(), block.dims());
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(head.length + npy.length).put(head).put(npy).flip();
      while (b.hasRemaining()) {
        ch.write(b, b.position());
      }
      NpyHeader h = new NpyHeader(block.dtype(), ByteOrder.LITTLE_ENDIAN, false, block.dims(),
          head.length + npy.length);
      NpyBlocks.transfer(ch, p, h, block, local(block.dims()), 0, true, n -> blocks.progress(n, block.size()));
      return p.toString();
    } catch (NoSuchFileException e) {
      throw new IoException(p, "cannot create the file on engine " + blocks.engineId() + " (no such directory?)");
    } catch (IOException e) {
      throw new IoException(p, "cannot write on engine " + blocks.engineId() + ": " + e, e);
    }
  }

  /** Reads the engine's block of the first array argument from {@code prefix_<rank>.dnpy}. */
  public record Read(String prefix) implements LocalTask<Long> {
    @Override
    public Long run(LocalBlocks blocks) {
      return read(DnpyFormat.fileOf(Path.of(prefix), blocks.rank()), blocks);
    }
  }

  /** Reads the engine's block of the first array argument from {@code files[rank]}. */
  public record ReadEach(List<String> files) implements LocalTask<Long> {
    @Override
    public Long run(LocalBlocks blocks) {
      return read(Path.of(files.get(blocks.rank())), blocks);
    }
  }

  private static long read(Path p, LocalBlocks blocks) {
    NdArray block = blocks.block(0);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      DnpyFormat.Header h = DnpyFormat.read(ch, p);
      NpyHeader n = NpyHeader.read(ch, p, h.npyStart());
      if (!Arrays.equals(n.shape(), block.dims()) || n.dtype() != block.dtype()) {
        throw new IoException(p, "holds a block of " + n.dtype() + " " + Shape.format(n.shape()) + ", but rank "
            + blocks.rank() + " of the array has a block of " + block.dtype() + " " + block.shape());
      }
      return NpyBlocks.transfer(ch, p, n, block, local(n.shape()), 0, false, k -> blocks.progress(k, block.size()));
    } catch (NoSuchFileException e) {
      throw new IoException(p, "no such file on engine " + blocks.engineId());
    } catch (IOException e) {
      throw new IoException(p, "cannot read on engine " + blocks.engineId() + ": " + e, e);
    }
  }

  private static Path partial(Path target) {
    return target.resolveSibling(target.getFileName() + PARTIAL);
  }

  /** What the headers of a set of .dnpy files describe. */
  public record Contents(Distribution distribution, DType dtype) {}

  /**
   * The distribution (over engines[0..ranks-1]) and dtype of the files {@code prefix_0.dnpy, prefix_1.dnpy, ...},
   * from their headers alone.
   *
   * @throws IoException naming the files when there are none, a header is corrupt, the files disagree, or there are
   *     more ranks than engines
   */
  public static Contents inspect(Path prefix, int[] engines) {
    List<Path> files = new ArrayList<>();
    for (int rank = 0; Files.exists(DnpyFormat.fileOf(prefix, rank)); rank++) {
      files.add(DnpyFormat.fileOf(prefix, rank));
    }
    if (files.isEmpty()) {
      throw new IoException(DnpyFormat.fileOf(prefix, 0), "no such file (a .dnpy array is prefix_0.dnpy, "
          + "prefix_1.dnpy, ...)");
    }
    return inspect(files, prefix, engines);
  }

  /**
   * The distribution (over engines[0..ranks-1]) and dtype of the given files, rank r's block in files[r], from their
   * headers alone.
   *
   * @throws MissingFileException naming a file that does not exist
   * @throws IoException naming the files when a header is corrupt, the files disagree, their headers describe
   *     another number of ranks than there are files (naming both counts), or there are more files than engines
   */
  public static Contents inspect(List<Path> files, int[] engines) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .dnpy files given: one per rank of the array is needed");
    }
    for (Path p : files) {
      if (!Files.exists(p)) {
        throw new MissingFileException(p, "rank " + files.indexOf(p) + "'s block of " + files.size() + " files");
      }
    }
    return inspect(files, files.get(0), engines);
  }

  private static Contents inspect(List<Path> files, Path described, int[] engines) {
    List<List<Map<String, Object>>> dimData = new ArrayList<>();
    List<NpyHeader> npy = new ArrayList<>();
    for (Path p : files) {
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        DnpyFormat.Header h = DnpyFormat.read(ch, p);
        dimData.add(h.dimData());
        npy.add(NpyHeader.read(ch, p, h.npyStart()));
      } catch (IOException e) {
        throw new IoException(p, "cannot read: " + e, e);
      }
    }
    long ranks = gridSize(dimData.get(0));
    if (ranks != files.size()) {
      throw new IoException(described, files.size() + " .dnpy files given, but their headers describe a"
          + " distribution of " + ranks + " ranks (one file per rank, in rank order)");
    }
    if (dimData.size() > engines.length) {
      throw new IoException(described, dimData.size() + " .dnpy files need " + dimData.size()
          + " engines, the context has " + engines.length);
    }
    Distribution d;
    try {
      d = Distribution.fromDimData(dimData, Arrays.copyOf(engines, dimData.size()));
    } catch (IllegalArgumentException e) { // DistributionException among them
      throw new IoException(described, "the .dnpy headers do not describe one distribution: " + e.getMessage());
    }
    DType dtype = npy.get(0).dtype();
    for (int rank = 0; rank < npy.size(); rank++) {
      NpyHeader h = npy.get(rank);
      if (h.dtype() != dtype || !Arrays.equals(h.shape(), d.localShape(rank).dims())) {
        throw new IoException(files.get(rank), "holds a block of " + h.dtype() + " "
            + Shape.format(h.shape()) + " where its dim_data says " + dtype + " " + d.localShape(rank));
      }
    }
    return new Contents(d, dtype);
  }

  /** The number of ranks one file's dim_data describes: the product of its axes' proc_grid_size (1 when absent). */
  private static long gridSize(List<Map<String, Object>> dimData) {
    long ranks = 1;
    for (Map<String, Object> axis : dimData) {
      if (axis.get("proc_grid_size") instanceof Number n) {
        ranks *= n.longValue();
      }
    }
    return ranks;
  }

  /** Gives the files of a save of ranks ranks their names, and removes files of higher ranks from an older save. */
  public static void commit(Path prefix, int ranks) {
    try {
      for (int rank = 0; rank < ranks; rank++) {
        Path target = DnpyFormat.fileOf(prefix, rank);
        Files.move(target.resolveSibling(target.getFileName() + PARTIAL), target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
      for (int rank = ranks; Files.deleteIfExists(DnpyFormat.fileOf(prefix, rank)); rank++) {
        // an older save had more ranks
      }
    } catch (IOException e) {
      throw new IoException(prefix, "cannot move the written files into place: " + e, e);
    }
  }

  /** Removes the temporary files of a save that failed. */
  public static void abort(Path prefix, int ranks) {
    for (int rank = 0; rank < ranks; rank++) {
      Path target = DnpyFormat.fileOf(prefix, rank);
      try {
        Files.deleteIfExists(target.resolveSibling(target.getFileName() + PARTIAL));
      } catch (IOException ignored) {
        // best effort: the real names were never touched
      }
    }
  }

  /** Gives the partial files of a save to explicit file names their names (nothing else is removed). */
  public static void commit(List<Path> files) {
    try {
      for (Path target : files) {
        Files.move(partial(target), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new IoException(files.get(0), "cannot move the written files into place: " + e, e);
    }
  }

  /** Removes the partial files of a save to explicit file names that failed. */
  public static void abort(List<Path> files) {
    for (Path target : files) {
      try {
        Files.deleteIfExists(partial(target));
      } catch (IOException ignored) {
        // best effort: the real names were never touched
      }
    }
  }
}

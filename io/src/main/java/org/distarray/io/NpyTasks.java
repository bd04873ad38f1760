package org.distarray.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.distarray.arrays.DType;
import org.distarray.arrays.Shape;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * Parallel .npy IO: each engine reads or writes only its own elements of one shared file (a path every engine
 * sees, as with MPI-IO). Loading: the caller reads the header ({@link NpyHeader#read}), creates the array, and every
 * engine runs {@link Read} on its block. Saving: {@link #begin} writes the header into a temporary file sized for the
 * data, every engine runs {@link Write}, and {@link #commit} renames it into place; a save that failed leaves no file
 * that looks complete ({@link #abort} removes the temporary one).
 */
public final class NpyTasks {
  private NpyTasks() {}

  /** Reads the engine's block of the first array argument from a .npy file whose header is given. */
  public record Read(String file, String dtype, boolean littleEndian, boolean fortranOrder, long[] shape,
      long dataOffset) implements LocalTask<Long> {

    public static Read of(Path file, NpyHeader h) {
      return new Read(file.toString(), h.dtype().numpyName(), h.order() == java.nio.ByteOrder.LITTLE_ENDIAN,
          h.fortranOrder(), h.shape(), h.dataOffset());
    }

    @Override
    public Long run(LocalBlocks blocks) {
      Path p = Path.of(file);
      NpyHeader h = new NpyHeader(DType.fromName(dtype), NpyBlocks.order(littleEndian), fortranOrder, shape,
          dataOffset);
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        long total = blocks.block(0).size();
        return NpyBlocks.transfer(ch, p, h, blocks.block(0), blocks.distribution(0), blocks.rank(), false,
            n -> blocks.progress(n, total));
      } catch (NoSuchFileException e) {
        throw new IoException(p, "no such file on engine " + blocks.engineId());
      } catch (IOException e) {
        throw new IoException(p, "cannot read on engine " + blocks.engineId() + ": " + e, e);
      }
    }
  }

  /** Writes the engine's block of the first array argument into a .npy file that {@link #begin} prepared. */
  public record Write(String file, long dataOffset) implements LocalTask<Long> {
    @Override
    public Long run(LocalBlocks blocks) {
      return writeOwn(Path.of(file), java.nio.ByteOrder.LITTLE_ENDIAN, dataOffset, blocks);
    }
  }

  /**
   * Writes the engine's block of the first array argument into the elements of a file that hold the whole array in C
   * order with this byte order from dataOffset (a .npy stream, a NetCDF-3 variable, a contiguous HDF5 dataset).
   */
  static long writeOwn(Path p, java.nio.ByteOrder order, long dataOffset, LocalBlocks blocks) {
    var d = blocks.distribution(0);
    var block = blocks.block(0);
    NpyHeader h = new NpyHeader(block.dtype(), order, false, d.shape().dims(), dataOffset);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return NpyBlocks.transfer(ch, p, h, block, d, blocks.rank(), true, n -> blocks.progress(n, block.size()));
    } catch (NoSuchFileException e) {
      throw new IoException(p, "no such file on engine " + blocks.engineId()
          + " (the engines must see the path the caller saves to)");
    } catch (IOException e) {
      throw new IoException(p, "cannot write on engine " + blocks.engineId() + ": " + e, e);
    }
  }

  /** A save in progress: the temporary file the engines write, and where it goes. */
  public record Save(Path target, Path temporary, long dataOffset) {}

  /**
   * Starts saving an array of dtype and shape to target: a temporary file next to it with the header written and
   * the data's length allocated.
   */
  public static Save begin(Path target, DType dtype, long[] shape) {
    Path abs = PartialFiles.checkedTarget(target);
    byte[] header = NpyHeader.encode(dtype, shape);
    try {
      Path tmp = PartialFiles.next(abs);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(header);
        while (b.hasRemaining()) {
          ch.write(b, b.position());
        }
        long end = header.length + Shape.of(shape).size() * dtype.itemSize();
        if (end > header.length) {
          ch.write(ByteBuffer.allocate(1), end - 1); // sizes the file; the engines fill the rest
        }
      }
      return new Save(abs, tmp, header.length);
    } catch (IOException e) {
      throw new IoException(target, "cannot create the file: " + e, e);
    }
  }

  /** Moves a complete save into place (replacing an existing file). */
  public static void commit(Save s) {
    PartialFiles.commit(s.temporary(), s.target());
  }

  /** Removes the temporary file of a save that failed. */
  public static void abort(Save s) {
    PartialFiles.abort(s.temporary());
  }
}

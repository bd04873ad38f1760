package org.distarray.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.distarray.arrays.Shape;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;

/**
 * saveNpy and loadNpy of a float64 array on 2 engines against one thread writing and reading the same number of
 * bytes with a FileChannel, in the same run: {@code RESULT <workload> <system> <seconds>} lines, best of 3.
 * Usage: {@code IoBench [--quick] [--dir DIR]} (1 GiB; --quick: 128 MiB; files in DIR, default target). Progress of the
 * loads and saves goes to standard error: a progress bar in a terminal, plain lines otherwise.
 */
public final class IoBench {
  private IoBench() {}

  public static void main(String[] args) throws IOException {
    boolean quick = false;
    Path dir = Path.of("target");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--dir" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "': expected --quick, --dir DIR");
      }
    }
    long n = (quick ? 128L : 1024L) << 17; // float64 elements: 1 GiB or 128 MiB
    String size = quick ? "128MiB" : "1GiB";
    Files.createDirectories(dir);
    Path npy = dir.resolve("iobench.npy");
    Path raw = dir.resolve("iobench.raw");
    try (DistContext ctx = DistContext.local(2); DistArray a = ctx.random(1).rand(ctx.distribution(Shape.of(n), "b"))) {
      ctx.setProgressListener(new ProgressBars(System.err)); // a bar in a terminal, plain lines otherwise
      double save = Double.MAX_VALUE;
      double load = Double.MAX_VALUE;
      for (int rep = 0; rep < 3; rep++) {
        long t = System.nanoTime();
        ctx.saveNpy(npy, a);
        save = Math.min(save, (System.nanoTime() - t) / 1e9);
        t = System.nanoTime();
        try (DistArray b = ctx.loadNpy(npy, a.distribution())) {
          load = Math.min(load, (System.nanoTime() - t) / 1e9);
        }
      }
      System.out.printf("RESULT npy_save_%s distarray-embedded-2e %.6f%n", size, save);
      System.out.printf("RESULT npy_load_%s distarray-embedded-2e %.6f%n", size, load);
    }
    double write = Double.MAX_VALUE;
    double read = Double.MAX_VALUE;
    ByteBuffer buf = ByteBuffer.allocateDirect(16 << 20);
    for (int rep = 0; rep < 3; rep++) {
      long t = System.nanoTime();
      try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        for (long done = 0; done < n * 8; ) {
          buf.clear();
          done += ch.write(buf);
        }
      }
      write = Math.min(write, (System.nanoTime() - t) / 1e9);
      t = System.nanoTime();
      try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ)) {
        for (long done = 0; done < n * 8; ) {
          buf.clear();
          done += ch.read(buf);
        }
      }
      read = Math.min(read, (System.nanoTime() - t) / 1e9);
    }
    System.out.printf("RESULT npy_save_%s filechannel-1t %.6f%n", size, write);
    System.out.printf("RESULT npy_load_%s filechannel-1t %.6f%n", size, read);
    Files.deleteIfExists(npy);
    Files.deleteIfExists(raw);
  }
}

package org.distarray.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the io module's fixture files are, from the src-test module. */
final class ClusterFixtures {
  static final Path IO = locate();

  private ClusterFixtures() {}

  private static Path locate() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("io/src/test/resources"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no io/src/test/resources above " + Path.of("").toAbsolutePath());
    }
    return p.resolve("io/src/test/resources");
  }
}

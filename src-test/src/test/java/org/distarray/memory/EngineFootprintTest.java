package org.distarray.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An engine that holds no data costs a few KiB of heap: an actor and empty tables, no thread (the engines of a JVM
 * share as many as there are cores) and no list of its peers of its own (one per JVM). Measured in a JVM of its own
 * ({@link IdleEngineHeap}), so that nothing else the tests keep alive counts.
 */
class EngineFootprintTest {

  @Test
  void anEngineThatHoldsNoDataTakesAFewKibibytes() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx1g", "-Dpekko.loglevel=WARNING", "-cp",
        System.getProperty("java.class.path"), IdleEngineHeap.class.getName())).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "IdleEngineHeap did not end within 120 s");
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    String line = text.lines().filter(l -> l.startsWith("per-engine ")).findFirst()
        .orElseThrow(() -> new AssertionError("no per-engine line in:\n" + text));
    long perEngine = Long.parseLong(line.substring("per-engine ".length()).trim());
    assertTrue(perEngine > 0 && perEngine < 8 << 10, "an idle engine takes " + perEngine + " bytes of heap");
  }
}

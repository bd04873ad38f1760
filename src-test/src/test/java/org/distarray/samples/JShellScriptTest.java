package org.distarray.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/jshell opens JShell with the project's classes and imports: a context starts at the first prompt. */
class JShellScriptTest {
  @Test
  void aContextStartsAtTheFirstPrompt() throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/jshell").toString(), "-q")
        .redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(String.join("\n",
          "var ctx = DistContext.local(4)",
          "var d = ctx.distribution(Shape.of(6, 4), \"bc\")",
          "System.out.println(\"engines=\" + ctx.engineCount() + \" grid=\" + java.util.Arrays.toString(d.gridShape())"
              + " + \" sum=\" + ctx.ones(d).sum())",
          "ctx.close()",
          "/exit", "").getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jshell finished:\n" + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("engines=4 grid=[2, 2] sum=24.0"), out);
  }
}

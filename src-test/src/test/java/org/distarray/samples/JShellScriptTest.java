package org.distarray.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bin/jshell opens JShell with the project's classes and imports: a context starts at the first prompt, and the
 * README's API tour runs there as written.
 */
class JShellScriptTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  /** Runs bin/jshell with the given lines on its standard input; returns what it printed. */
  private static String jshell(String input) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("bin/jshell").toString(), "-q")
        .redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jshell finished:\n" + out);
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void theReadmesApiTourRuns() throws IOException, InterruptedException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int tour = readme.indexOf("## API tour");
    int start = readme.indexOf("```java\n", tour) + "```java\n".length();
    String code = readme.substring(start, readme.indexOf("```", start));
    String out = jshell("var ctx = DistContext.local(4)\n" + code
        + "\nSystem.out.println(\"tour done: \" + perEngine.size() + \" blocks, sum \" + (long) o.sum())\n"
        + "ctx.close()\n/exit\n");
    assertFalse(out.contains("|  Error") || out.contains("|  Exception") || out.contains("Exception in"), out);
    assertTrue(out.contains("tour done: 4 blocks, sum 600000"), out);
  }

  @Test
  void aContextStartsAtTheFirstPrompt() throws IOException, InterruptedException {
    String out = jshell(String.join("\n",
        "var ctx = DistContext.local(4)",
        "var d = ctx.distribution(Shape.of(6, 4), \"bc\")",
        "System.out.println(\"engines=\" + ctx.engineCount() + \" grid=\" + java.util.Arrays.toString(d.gridShape())"
            + " + \" sum=\" + ctx.ones(d).sum())",
        "ctx.close()",
        "/exit", ""));
    assertTrue(out.contains("engines=4 grid=[2, 2] sum=24.0"), out);
  }

  @Test
  void localPrintsTheAddressOfTheSessionsDashboardWhichServesTheState() throws IOException, InterruptedException {
    String out = jshell(String.join("\n",
        "var ctx = local(2)",
        "var url = ctx.dashboardUrl().orElseThrow()",
        "var http = java.net.http.HttpClient.newHttpClient()",
        "var state = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + \"api/state\")).build(),"
            + " java.net.http.HttpResponse.BodyHandlers.ofString()).body()",
        "System.out.println(\"engines in the state: \" + state.split(\"\\\"live\\\":true\", -1).length)",
        "ctx.close()",
        "/exit", ""));
    assertTrue(out.matches("(?s).*dashboard: http://127\\.0\\.0\\.1:\\d+/.*"), out);
    assertTrue(out.contains("engines in the state: 3"), "two live engines (three pieces around them): " + out);
  }
}

package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.distarray.samples.HeatDiffusion;
import org.distarray.samples.JuliaSet;
import org.distarray.samples.LeastSquares;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples with {@code --connect}: a coordinator node and an engine node with two engines, both started from
 * samples/target/distarray-samples.jar so that the engines have the samples' task classes.
 */
class SamplesClusterTest {
  static final Path SAMPLES_JAR = ClusterProcesses.ROOT.resolve("samples/target/distarray-samples.jar");

  @Test
  void samplesRunUnchangedOnACluster(@TempDir Path out) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(printed, true, StandardCharsets.UTF_8);
    try (ClusterProcesses nodes = new ClusterProcesses("samples").jar(SAMPLES_JAR)) {
      nodes.start("coordinator", "coordinator-node.conf");
      nodes.start("engines", "engine-node.conf", "--engines", "2");
      String client = nodes.clientConfig("client", 2).toString();
      JuliaSet.Result julia = JuliaSet.run(new String[] {"--size", "40", "--iterations", "50", "--connect", client,
          "--out", out.toString()}, print);
      assertEquals(2, julia.runs().get(0).engines().size(), "the cluster's two engines did the work");
      assertEquals(new JuliaSet.Params(40, 50, -0.8, 0.156).iterations(17, 23), julia.counts().getLong(17, 23));
      HeatDiffusion.Result heat = HeatDiffusion.run(new String[] {"--size", "16", "--steps", "10", "--connect",
          client, "--out", out.toString()}, print);
      assertEquals(0.0, heat.maxDifference(), 1e-12, "heat on the cluster vs serial");
      LeastSquares.Result ls = LeastSquares.run(new String[] {"--rows", "2000", "--cols", "4", "--connect", client,
          "--out", out.toString()}, print);
      assertTrue(ls.relativeDifference() < 1e-9, "least squares on the cluster vs EJML: " + ls.relativeDifference());
    }
  }
}

package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with config/tls.conf: nodes with certificates from one run of config/make-test-certs.sh form a cluster; a node
 * with a certificate from another run is refused and never hosts an engine of it.
 */
class TlsTest {

  private static Map<String, String> stores(Path dir) {
    return Map.of("DISTARRAY_KEYSTORE", dir.resolve("keystore.p12").toString(),
        "DISTARRAY_TRUSTSTORE", dir.resolve("truststore.p12").toString());
  }

  private static void makeCerts(Path dir) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", ClusterProcesses.CONFIG.resolve("make-test-certs.sh").toString(),
        dir.toString()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home")); // the keytool of the JDK running the tests
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "make-test-certs.sh finished");
    assertEquals(0, p.exitValue(), out);
  }

  @Test
  void aNodeWithAnotherCertificateCannotJoin(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good");
    Path other = dir.resolve("other");
    makeCerts(good);
    makeCerts(other);
    try (ClusterProcesses nodes = new ClusterProcesses("tls")) {
      Path coordinatorTls = nodes.writeConfig("coordinator-tls.conf",
          "include file(\"" + ClusterProcesses.CONFIG.resolve("coordinator-node.conf") + "\")",
          "include classpath(\"distarray-tls.conf\")");
      nodes.start("coordinator", coordinatorTls.toString(), stores(good));
      ClusterProcesses.NodeProcess member = nodes.start("engines", "tls.conf", stores(good));
      ClusterProcesses.NodeProcess intruder = nodes.start("intruder", "tls.conf", stores(other));
      Path client = nodes.clientConfig("client", 1,
          "include classpath(\"distarray-tls.conf\")",
          "pekko.remote.artery.ssl.config-ssl-engine.key-store = \"" + good.resolve("keystore.p12") + "\"",
          "pekko.remote.artery.ssl.config-ssl-engine.trust-store = \"" + good.resolve("truststore.p12") + "\"");
      try (DistContext ctx = DistContext.connect(client)) {
        try (DistArray x = ctx.arange(1000)) {
          assertEquals(499500.0, x.sum(), "the TLS cluster works");
        }
        // block chunks travel on the data plane, with TLS like remoting
        org.distarray.arrays.Shape shape = org.distarray.arrays.Shape.of(600, 500);
        try (DistArray rows = ctx.random(3).rand(ctx.distribution(shape, "bn"));
            DistArray cols = rows.redistribute(ctx.distribution(shape, "nb"))) {
          assertEquals(rows.sum(), cols.sum(), 1e-9 * shape.size(), "a redistribution over TLS");
          assertEquals(rows.getDouble(599, 1), cols.getDouble(599, 1));
        }
        assertTrue(ClusterProcesses.logOf(member).matches("(?s).*data plane listening on \\S+ \\(TLS\\).*"),
            "the data plane uses TLS");
        assertTrue(ClusterProcesses.await(Duration.ofSeconds(60),
            () -> ClusterProcesses.logOf(intruder).contains("SSLHandshakeException")
                || ClusterProcesses.logOf(intruder).contains("certificate_unknown")
                || ClusterProcesses.logOf(intruder).contains("bad_certificate")),
            "the intruder's TLS handshakes fail:\n" + ClusterProcesses.logOf(intruder));
        assertEquals(Map.of(ctx.engineIds()[0], member.address()), ctx.engineNodes(),
            "only the node with the cluster's certificate hosts engines");
        String coordinatorLog = ClusterProcesses.logOf(nodes.node("coordinator"));
        assertFalse(coordinatorLog.contains(intruder.address() + "] is JOINING"),
            "the intruder never joined:\n" + coordinatorLog);
        assertTrue(intruder.process().isAlive(), "the intruder keeps trying (it is refused, not crashed)");
      }
    }
  }
}

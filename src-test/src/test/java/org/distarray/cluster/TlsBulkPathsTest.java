package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bulk paths with TLS between all nodes (config/tls.conf, test stores from config/make-test-certs.sh): the data
 * plane uses TLS with the cluster's stores and mutual authentication, so a TLS cluster takes the same path.
 */
class TlsBulkPathsTest extends BulkPathsTestBase {
  @Override
  String name() {
    return "bulk-paths-tls";
  }

  @Override
  Path startNodes(ClusterProcesses nodes) throws IOException, InterruptedException {
    Path certs = ClusterProcesses.ROOT.resolve("src-test/target/cluster-logs/bulk-paths-tls/certs");
    makeCerts(certs);
    Map<String, String> stores = Map.of("DISTARRAY_KEYSTORE", certs.resolve("keystore.p12").toString(),
        "DISTARRAY_TRUSTSTORE", certs.resolve("truststore.p12").toString());
    Path coordinatorTls = nodes.writeConfig("coordinator-tls.conf",
        "include file(\"" + ClusterProcesses.CONFIG.resolve("coordinator-node.conf") + "\")",
        "include classpath(\"distarray-tls.conf\")");
    nodes.start("coordinator", coordinatorTls.toString(), stores);
    nodes.heap("3g");
    nodes.start("engines-a", "tls.conf", stores);
    nodes.start("engines-b", "tls.conf", stores);
    return nodes.clientConfig("client", 2,
        "include classpath(\"distarray-tls.conf\")",
        "pekko.remote.artery.ssl.config-ssl-engine.key-store = \"" + certs.resolve("keystore.p12") + "\"",
        "pekko.remote.artery.ssl.config-ssl-engine.trust-store = \"" + certs.resolve("truststore.p12") + "\"");
  }

  static void makeCerts(Path dir) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", ClusterProcesses.CONFIG.resolve("make-test-certs.sh").toString(),
        dir.toString()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "make-test-certs.sh finished");
    assertEquals(0, p.exitValue(), out);
  }
}

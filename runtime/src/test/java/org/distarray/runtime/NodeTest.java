package org.distarray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node launcher's command line over the config files of config/. */
class NodeTest {
  private static final Path CONFIG = Path.of("..", "config");

  @Test
  void theEngineNodeFileGivesTheDefaultsAndTheCommandLineWins() {
    Config plain = Node.parse(new String[] {CONFIG.resolve("engine-node.conf").toString()});
    assertEquals("cluster", plain.getString("pekko.actor.provider"));
    assertEquals("127.0.0.1", plain.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(25520, plain.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(List.of("pekko://DistArray@127.0.0.1:25520"), plain.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(List.of("engine", "coordinator"), plain.getStringList("pekko.cluster.roles"));
    assertEquals(1, plain.getInt("distarray.node.engines"));
    assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
        plain.getString("pekko.cluster.downing-provider-class"));
    assertTrue(plain.getBytes("distarray.client.part-bytes")
        <= plain.getBytes("pekko.remote.artery.advanced.maximum-frame-size") / 4, "client parts are well under a frame");
    assertTrue(plain.getBoolean("distarray.data-plane.enabled"), "bulk bytes between nodes on the data plane");
    assertTrue(plain.getBytes("distarray.transfer.chunk-bytes") < plain.getBytes("distarray.data-plane.frame-bytes"),
        "an engine's chunk and its header fit one data-plane frame");
    // each socket read becomes a new array of up to this size: under half of G1's smallest region (1 MiB, less the
    // array's header), never a humongous one, whatever the heap; and larger than Pekko's 128 KiB, for fewer reads
    long readBytes = plain.getBytes("pekko.io.tcp.direct-buffer-size");
    assertTrue(readBytes + 16 < 512 * 1024 && readBytes > 128 * 1024, "reads of " + readBytes + " bytes");
    // the coordinator, the data plane's streams, the TCP actors and remoting share one pool: a message between them
    // wakes no thread of another pool (dispatcher aliases)
    assertEquals("pekko.actor.default-dispatcher", plain.getString("distarray.coordinator-dispatcher"));
    assertEquals("pekko.actor.default-dispatcher", plain.getString("distarray.data-plane.dispatcher"));
    assertEquals("pekko.actor.default-dispatcher", plain.getString("pekko.io.tcp.worker-dispatcher"));
    assertEquals("pekko.actor.default-dispatcher", plain.getString("pekko.remote.artery.advanced.use-dispatcher"));

    Config set = Node.parse(new String[] {CONFIG.resolve("engine-node.conf").toString(), "--host", "10.0.0.5",
        "--port", "0", "--seed", "10.0.0.1:2552", "--seed", "10.0.0.2:2552", "--engines", "3"});
    assertEquals("10.0.0.5", set.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(0, set.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(List.of("pekko://DistArray@10.0.0.1:2552", "pekko://DistArray@10.0.0.2:2552"),
        set.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(3, set.getInt("distarray.node.engines"));
  }

  @Test
  void everyFileOfConfigLoads() {
    assertEquals(List.of("coordinator"),
        Node.parse(new String[] {CONFIG.resolve("coordinator-node.conf").toString()})
            .getStringList("pekko.cluster.roles"));
    Config client = Node.parse(new String[] {CONFIG.resolve("client.conf").toString()});
    assertEquals(List.of("client"), client.getStringList("pekko.cluster.roles"));
    assertEquals(0, client.getInt("pekko.remote.artery.canonical.port"));
    Config tls = Node.parse(new String[] {CONFIG.resolve("tls.conf").toString()});
    assertEquals("tls-tcp", tls.getString("pekko.remote.artery.transport"));
    assertTrue(tls.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
    assertTrue(tls.getStringList("pekko.remote.artery.large-message-destinations").isEmpty(),
        "with TLS remoting's large-message lane is not used");
    assertTrue(tls.getBoolean("distarray.data-plane.enabled"), "a TLS cluster's bulk bytes take the data plane too");
  }

  @Test
  void badCommandLinesAndFilesNameTheProblem(@TempDir Path dir) throws Exception {
    String engine = CONFIG.resolve("engine-node.conf").toString();
    assertMessage("no config file given", new String[] {});
    assertMessage("config file nowhere.conf does not exist", new String[] {"nowhere.conf"});
    assertMessage("unknown option --ports", new String[] {engine, "--ports", "1"});
    assertMessage("option --port needs a value", new String[] {engine, "--port"});
    assertMessage("--port needs a whole number, got 'x'", new String[] {engine, "--port", "x"});
    assertMessage("port must be 0..65535, got 70000", new String[] {engine, "--port", "70000"});
    assertMessage("seed must be HOST:PORT, got 'host'", new String[] {engine, "--seed", "host"});
    assertMessage("--engines must be at least 1, got 0", new String[] {engine, "--engines", "0"});
    Path broken = dir.resolve("broken.conf");
    Files.writeString(broken, "pekko { cluster = ");
    assertMessage("config file " + broken + " is not valid", new String[] {broken.toString()});
    Path wrongType = dir.resolve("wrong.conf");
    Files.writeString(wrongType, "distarray.node.engines = many");
    assertMessage("config file " + wrongType + " is not valid", new String[] {wrongType.toString()});
  }

  private static void assertMessage(String expected, String[] args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Node.parse(args));
    assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should say: " + expected);
  }
}

package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every bulk path between real JVMs at sizes well over any frame or buffer: a coordinator node and two engine nodes
 * (one engine each, started from config/ as users start them, with this test's task classes on their class path),
 * a client in this JVM. Expected values are NumPy's: arange(n).reshape(shape) is C-order positions, sums of integers
 * are exact in float64 below 2^53.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BulkPathsTestBase {
  ClusterProcesses nodes;
  DistContext ctx;

  /** Starts the nodes and returns the client's config file. */
  abstract java.nio.file.Path startNodes(ClusterProcesses nodes) throws Exception;

  abstract String name();

  @BeforeAll
  void startCluster() throws Exception {
    nodes = new ClusterProcesses(name());
    nodes.classPath(nodes.jarOf("bulk-tasks.jar", BulkTasks.class, BulkTasks.Filled.class, BulkTasks.Joined.class,
        BulkTasks.Position.class));
    ctx = DistContext.connect(startNodes(nodes));
    assertEquals(2, ctx.engineCount(), "two engines, one per engine node");
  }

  @AfterAll
  void stopCluster() {
    try {
      if (ctx != null) {
        ctx.close();
      }
    } finally {
      nodes.close();
    }
  }

  private DistArray positions(Shape shape, String dist) {
    long cols = shape.ndim() == 1 ? 1 : shape.dim(1);
    return ctx.fromFunction(new BulkTasks.Position(cols), ctx.distribution(shape, dist));
  }

  @Test
  void axisSumOfTwoRowsOfTenMillionSendsAn80MegabytePartial() {
    long n = 10_000_000;
    try (DistArray a = positions(Shape.of(2, n), "bn"); DistArray s = a.sum(0)) {
      // sum(arange(2n).reshape(2, n), axis=0)[j] = j + (n + j)
      NdArray got = s.toNdArray();
      assertEquals(n, got.size());
      for (long j : new long[] {0, 1, n / 2, n - 1}) {
        assertEquals(n + 2.0 * j, got.getDouble(j), "sum(0)[" + j + "]");
      }
      assertEquals(2.0 * n * n - n, s.sum(), "the sum of all of them: 2n^2 - n");
      double[] v = (double[]) got.copy().storage();
      for (int j = 0; j < n; j++) {
        if (v[j] != n + 2.0 * j) {
          throw new AssertionError("sum(0)[" + j + "] = " + v[j] + ", expected " + (n + 2.0 * j));
        }
      }
    }
  }

  @Test
  void taskResultsOf4And64MebibytesPerEngineReachTheClient() {
    for (int elements : new int[] {1 << 19, 1 << 23}) { // 4 MiB and 64 MiB of float64
      List<NdArray> results = ctx.apply(new BulkTasks.Filled(elements));
      assertEquals(2, results.size(), "one result per engine");
      for (int rank = 0; rank < 2; rank++) {
        assertArrayEquals((double[]) BulkTasks.expected(rank, elements).storage(),
            (double[]) results.get(rank).copy().storage(), "rank " + rank + "'s " + elements + " elements");
      }
    }
  }

  @Test
  void aCombinedTaskSends64MebibytesEngineToEngineAndTheJoinedResultToTheClient() {
    int elements = 1 << 23; // 64 MiB of float64 per engine: rank 1's goes to rank 0, 128 MiB to the client
    NdArray joined = ctx.applyCombined(new BulkTasks.Joined(elements));
    assertEquals(2L * elements, joined.size(), "both ranks' elements");
    double[] values = (double[]) joined.copy().storage();
    for (int rank = 0; rank < 2; rank++) {
      assertArrayEquals((double[]) BulkTasks.expected(rank, elements).storage(),
          java.util.Arrays.copyOfRange(values, rank * elements, (rank + 1) * elements), "rank " + rank + "'s part");
    }
  }

  @Test
  void aRowOfAHundredMillionIsRedistributedNbToNc() {
    long n = 100_000_000;
    Shape shape = Shape.of(1, n);
    try (DistArray a = positions(shape, "nb"); DistArray c = a.redistribute(ctx.distribution(shape, "nc"));
        DistArray expected = positions(shape, "nc");
        DistArray wrong = c.notEqual(expected)) {
      assertEquals("nc", c.distribution().dist());
      assertEquals(0.0, wrong.sum(), "elements that differ from arange(n) after nb -> nc");
      assertEquals(n * (n - 1) / 2.0, c.sum(), "sum(arange(1e8)) = n(n-1)/2, exact in float64");
      assertEquals(n - 1.0, c.getDouble(0, n - 1));
      assertEquals(12_345_677.0, c.getDouble(0, 12_345_677));
    }
  }

  @Test
  void blockCyclicSizesOneToSixtyFourToBlocksAndBackBetweenNodes() {
    long n = 1_000_003;
    Shape shape = Shape.of(n);
    try (DistArray reference = positions(shape, "b")) {
      for (int size : new int[] {1, 2, 3, 5, 8, 16, 17, 31, 64}) {
        Distribution cyclic = Distribution.of(shape, List.of(AxisMap.blockCyclic(size)), new int[] {2},
            ctx.engineIds());
        try (DistArray bc = reference.redistribute(cyclic); DistArray back = bc.redistribute(reference.distribution());
            DistArray wrongThere = bc.notEqual(positions(shape, "b").redistribute(cyclic));
            DistArray wrongBack = back.notEqual(reference)) {
          assertEquals(0.0, wrongBack.sum(), "b -> block-cyclic(" + size + ") -> b differs from arange(n)");
          assertEquals(n * (n - 1) / 2.0, bc.sum(), "sum over block-cyclic(" + size + ")");
          assertEquals(size * 3 + 1.0, bc.getDouble(size * 3 + 1), "element " + (size * 3 + 1));
          assertEquals(0.0, wrongThere.sum(), "block-cyclic(" + size + ") from two paths");
        }
      }
    }
  }

  @Test
  void hostileAndForeignConnectionsToTheDataPlaneAreRefusedAndLogged() throws Exception {
    ClusterProcesses.NodeProcess target = nodes.node("engines-a");
    Matcher m = Pattern.compile("data plane listening on [^:]+:(\\d+)").matcher(ClusterProcesses.logOf(target));
    assertTrue(m.find(), "the engine node logs where its data plane listens");
    int port = Integer.parseInt(m.group(1));
    int refusedBefore = count(ClusterProcesses.logOf(target), "refused a data-plane connection");
    byte[] junk = new byte[4096];
    new Random(8).nextBytes(junk);
    sendHostile(port, junk); // not a frame: a length far over the frame limit
    ByteBuffer huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30).putInt(0);
    sendHostile(port, huge.array()); // a frame that claims a GiB
    // a well-formed hello that claims to come from a member (the coordinator's node), with a token that node never
    // issued: the node asks it, it says no
    String coordinator = nodes.node("coordinator").address();
    sendHostile(port, hello(coordinator + "#1234", 42L));
    // a message frame without a hello first
    sendHostile(port, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(12).put((byte) 1).putLong(7)
        .put(new byte[3]).array());
    assertTrue(ClusterProcesses.await(Duration.ofSeconds(30),
        () -> count(ClusterProcesses.logOf(target), "refused a data-plane connection") >= refusedBefore + 4),
        "the node refuses and logs each of the four connections:\n" + ClusterProcesses.logOf(target));
    assertTrue(target.process().isAlive(), "the node is alive");
    Shape shape = Shape.of(300, 2000);
    try (DistArray rows = positions(shape, "bn"); DistArray cols = rows.redistribute(ctx.distribution(shape, "nb"))) {
      assertEquals(299 * 2000.0 + 1999, cols.getDouble(299, 1999), "block chunks still move between the nodes");
      assertEquals(shape.size() * (shape.size() - 1) / 2.0, cols.sum());
    }
  }

  /** A hello frame as the protocol writes one (see DataPlane's frames), with a MAC of zeros (no secret). */
  static byte[] hello(String uniqueAddress, long token) {
    byte[] address = uniqueAddress.getBytes(StandardCharsets.UTF_8);
    int body = 1 + 4 + 4 + 1 + 2 + address.length + 8 + 32;
    ByteBuffer b = ByteBuffer.allocate(4 + body).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(body).put((byte) 0).putInt(0x4c50_4144).putInt(1).put((byte) 1).putShort((short) address.length)
        .put(address).putLong(token).put(new byte[32]);
    return b.array();
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /** Writes bytes to a port; the node may close the connection before it read them all (that is the refusal). */
  static void sendHostile(int port, byte[] bytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port); OutputStream out = s.getOutputStream()) {
      s.setSoTimeout(30_000);
      out.write(bytes);
      out.flush();
      if (s.getInputStream().read() >= 0) { // the node never writes: it closes the connection when it refuses it
        throw new AssertionError("the data plane answered a hostile connection");
      }
    } catch (java.net.SocketException refused) {
      // closed by the node (broken pipe, connection reset)
    }
  }
}

package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.Reductions;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.runtime.Boundary;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineMemory;
import org.distarray.runtime.Stencil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A conformance subset on a real cluster: a coordinator node and two engine nodes (separate JVMs started from
 * config/ files), driven from this JVM through {@link DistContext#connect}. Expected values are the same
 * computation on local arrays (NumPy's semantics, as the embedded conformance suite checks them).
 */
class ClusterConformanceTest {
  private static ClusterProcesses nodes;
  private static DistContext ctx;

  @BeforeAll
  static void startCluster() {
    nodes = new ClusterProcesses("conformance");
    nodes.start("coordinator", "coordinator-node.conf");
    // twice the 1 GiB that each engine node holds during the large redistribution below
    nodes.heap("2g");
    nodes.start("engines-a", "engine-node.conf");
    nodes.start("engines-b", "engine-node.conf");
    ctx = DistContext.connect(nodes.clientConfig("client", 2));
  }

  @AfterAll
  static void stopCluster() {
    nodes.closeAfter(ctx);
  }

  private static NdArray random(Shape shape, long seed) {
    Random r = new Random(seed);
    double[] v = new double[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextDouble() * 10 - 5;
    }
    return NdArray.of(v, shape.dims());
  }

  private static void assertClose(NdArray expected, NdArray actual, String what) {
    assertEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = expected.astype(DType.FLOAT64).toDoubleArray();
    double[] a = actual.astype(DType.FLOAT64).toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], 1e-10 * Math.max(1, Math.abs(e[i])), what + " at flat index " + i);
    }
  }

  @Test
  void theEnginesOfBothNodesAreListedWithTheirNodes() {
    assertEquals(2, ctx.engineCount());
    List<String> where = new ArrayList<>(ctx.engineNodes().values());
    where.sort(null);
    List<String> expected = new ArrayList<>(List.of(nodes.node("engines-a").address(),
        nodes.node("engines-b").address()));
    expected.sort(null);
    assertEquals(expected, where);
  }

  @Test
  void elementwiseWithMisalignedDistributionsAndBroadcasting() {
    Shape shape = Shape.of(37, 23);
    NdArray a = random(shape, 1);
    NdArray b = random(shape, 2);
    NdArray row = random(Shape.of(23), 3);
    try (DistArray da = ctx.fromNdArray(a, ctx.distribution(shape, "bn"));
        DistArray db = ctx.fromNdArray(b, ctx.distribution(shape, "cc"));
        DistArray dr = ctx.fromNdArray(row, ctx.distribution(Shape.of(23), "c"));
        DistArray result = da.multiply(db).add(dr)) {
      NdArray expected = Ufuncs.binary(BinaryOp.ADD, Ufuncs.binary(BinaryOp.MULTIPLY, a, b), row);
      assertClose(expected, result.toNdArray(), "a('bn') * b('cc') + row('c')");
    }
  }

  @Test
  void axisReductionsOnEveryAxis() {
    Shape shape = Shape.of(41, 17);
    NdArray a = random(shape, 4);
    for (String dist : List.of("bn", "nb", "cc", "bc")) {
      try (DistArray d = ctx.fromNdArray(a, ctx.distribution(shape, dist))) {
        for (int axis = 0; axis < 2; axis++) {
          try (DistArray s = d.sum(axis); DistArray v = d.var(axis); DistArray m = d.argmax(axis)) {
            assertClose(Reductions.sum(a, axis), s.toNdArray(), dist + " sum(" + axis + ")");
            assertClose(Reductions.var(a, axis), v.toNdArray(), dist + " var(" + axis + ")");
            assertArrayEquals(Reductions.argmax(a, axis).toLongArray(), m.toNdArray().toLongArray(),
                dist + " argmax(" + axis + ")");
          }
        }
        assertEquals(Reductions.sum(a), d.sum(), 1e-9, dist + " sum()");
      }
    }
    for (String node : List.of("coordinator", "engines-a", "engines-b")) {
      assertFalse(ClusterProcesses.logOf(nodes.node(node)).contains("data plane to"),
          node + ": reduction commands and partials went on the data plane without falling back");
    }
  }

  /**
   * The indexing and layout operations across the nodes: where, transpose (a view), a[mask] and a[mask] = v,
   * nonzero, cumsum along the split axis, concatenate and roll.
   */
  @Test
  void selectionLayoutAndScansAcrossTheNodes() {
    Shape shape = Shape.of(31, 9);
    NdArray a = random(shape, 8);
    NdArray mask = Ufuncs.binary(BinaryOp.GREATER, a, NdArray.scalar(DType.FLOAT64, 0.0));
    try (DistArray da = ctx.fromNdArray(a, ctx.distribution(shape, "bn"));
        DistArray dm = ctx.fromNdArray(mask, ctx.distribution(shape, "cc"))) {
      assertClose(org.distarray.arrays.ops.Ufuncs.where(mask, a, NdArray.scalar(DType.FLOAT64, -1.0), null),
          dm.where(da, da.multiply(0.0).add(-1.0)).toNdArray(), "where(mask, a, -1)");
      assertClose(a.transpose(), da.transpose().toNdArray(), "a.T");
      assertClose(org.distarray.arrays.ops.Selection.compress(a, mask), da.select(dm).toNdArray(), "a[mask]");
      assertEquals(org.distarray.arrays.ops.Selection.countTrue(mask), dm.countNonzero());
      assertClose(org.distarray.arrays.ops.Scans.scan(false, a, 0), da.cumsum(0).toNdArray(), "cumsum(0)");
      assertClose(org.distarray.arrays.ops.Scans.scan(false, a.transpose(), 1), da.transpose().cumsum(1).toNdArray(),
          "a.T.cumsum(1)");
      NdArray rolled = NdArray.zeros(DType.FLOAT64, 31, 9);
      rolled.slice("3:, :").copyFrom(a.slice(":28, :"));
      rolled.slice(":3, :").copyFrom(a.slice("28:, :"));
      assertClose(rolled, da.roll(3, 0).toNdArray(), "roll(3, 0)");
      try (DistArray joined = ctx.concatenate(0, da, da.transpose().transpose())) {
        assertEquals(Shape.of(62, 9), joined.shape());
        assertClose(a, joined.slice("31:, :").toNdArray(), "the second half of concatenate");
      }
      // take with indices on the other node's layout; put back doubled values
      long[] idx = {0, 278, -1, 140, 5, 5};
      double[] picked = new double[idx.length];
      for (int k = 0; k < idx.length; k++) {
        picked[k] = a.toDoubleArray()[(int) (idx[k] < 0 ? idx[k] + 279 : idx[k])];
      }
      try (DistArray di = ctx.fromNdArray(NdArray.of(idx), ctx.distribution(Shape.of(6), "c"))) {
        assertClose(NdArray.of(picked), da.take(di).toNdArray(), "take across the nodes");
        assertClose(a.slice("::-1, :").slice(":1, :"), da.take(ctx.fromNdArray(NdArray.of(new long[] {-1}),
            ctx.distribution(Shape.of(1), "b")), 0).toNdArray(), "take along axis 0");
      }
      NdArray filled = Ufuncs.binary(BinaryOp.MULTIPLY, a, NdArray.scalar(DType.FLOAT64, 1.0));
      org.distarray.arrays.ops.Selection.expand(NdArray.zeros(DType.FLOAT64,
          org.distarray.arrays.ops.Selection.countTrue(mask)), mask, filled);
      da.assign(dm, 0.0);
      assertClose(filled, da.toNdArray(), "a[mask] = 0");
      assertEquals(0, da.greater(0.0).nonzero().get(0).size(), "no positive element is left");
    }
  }

  /** Complex and narrow integer blocks cross between the nodes part by part: data, moves, partial shares, elements. */
  @Test
  void complexAndNarrowDtypesCrossTheNodes() {
    Shape shape = Shape.of(29, 13);
    NdArray re = random(shape, 5);
    NdArray z = Ufuncs.add(re, Ufuncs.multiply(random(shape, 6), NdArray.ofComplex(new double[] {0, 1}).reshape()));
    NdArray bytes = Ufuncs.multiply(random(shape, 7), 40.0).astype(DType.UINT8);
    try (DistArray dz = ctx.fromNdArray(z, ctx.distribution(shape, "bn"));
        DistArray moved = dz.redistribute(ctx.distribution(shape, "cc"));
        DistArray db = ctx.fromNdArray(bytes, ctx.distribution(shape, "nb"))) {
      NdArray back = moved.toNdArray();
      assertEquals(DType.COMPLEX128, back.dtype());
      assertClose(Ufuncs.real(z), Ufuncs.real(back), "real parts after 'bn' -> 'cc' across nodes");
      assertClose(Ufuncs.imag(z), Ufuncs.imag(back), "imaginary parts after 'bn' -> 'cc' across nodes");
      NdArray sum0 = moved.multiply(moved.conjugate()).sum(0).toNdArray(); // |z|^2 summed down each column
      assertClose(Reductions.sum(Ufuncs.multiply(z, Ufuncs.conjugate(z)), 0), sum0, "sum(0) of z * conj(z)");
      NdArray total = moved.reduceToValue(org.distarray.arrays.ops.ReduceOp.SUM);
      NdArray local = Reductions.reduce(org.distarray.arrays.ops.ReduceOp.SUM, z, null, false);
      assertEquals(local.getReal(), total.getReal(), 1e-9);
      assertEquals(local.getImag(), total.getImag(), 1e-9);
      assertEquals(z.getImag(28, 12), moved.getImag(28, 12));
      long exact = 0;
      for (long v : bytes.toLongArray()) {
        exact += v;
      }
      assertEquals(exact, db.sumLong(), "uint8 sum across nodes");
      assertArrayEquals(bytes.toLongArray(), db.toNdArray().toLongArray(), "uint8 blocks gathered");
    }
  }

  /**
   * 8192 x 16384 float64 = 1 GiB from rows to columns between the two engine nodes, each started with a 2 GiB heap:
   * a node holds its 512 MiB of the source and 512 MiB of the result, so the transfer completes only if its own
   * memory stays under twice its data (parts of 512 KiB, a window of them in flight). A quarter of the array, 256
   * MiB, crosses each way.
   */
  @Test
  void redistributesAGibibyteBetweenNodesInTwiceTheirDataOfHeap() {
    Shape shape = Shape.of(8192, 16384);
    try (DistArray rows = ctx.random(11).rand(ctx.distribution(shape, "bn"));
        DistArray cols = rows.redistribute(ctx.distribution(shape, "nb"))) {
      assertEquals(ctx.distribution(shape, "nb"), cols.distribution());
      Random r = new Random(3);
      for (int k = 0; k < 40; k++) {
        long i = r.nextInt(8192);
        long j = r.nextInt(16384);
        assertEquals(rows.getDouble(i, j), cols.getDouble(i, j), "element (" + i + ", " + j + ")");
      }
      assertEquals(rows.sum(), cols.sum(), 1e-6 * shape.size(), "the same elements, summed in another order");
      try (DistArray a = rows.sum(0); DistArray b = cols.sum(0)) {
        assertClose(a.toNdArray(), b.toNdArray(), "column sums");
      }
    }
  }

  @Test
  void gatherAndScatterInPartsUnderTheFrameSize() {
    // 600 x 500 float64 is 2.4 MB: more than one 1 MiB frame, so it only arrives in parts
    Shape shape = Shape.of(600, 500);
    NdArray a = random(shape, 5);
    try (DistArray d = ctx.fromNdArray(a, ctx.distribution(shape, "cb"))) {
      assertClose(a, d.toNdArray(), "round trip through the engines");
      try (DistArray s = d.slice("::-3, 7:400:2")) {
        assertClose(a.slice("::-3, 7:400:2"), s.toNdArray(), "a strided view gathered");
      }
    }
  }

  /** The engine nodes read and write their own parts of one file (this machine's file system is shared by all). */
  @Test
  void filesSavedAndLoadedByTheEngineNodes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Shape shape = Shape.of(45, 31);
    NdArray a = random(shape, 9);
    try (DistArray d = ctx.fromNdArray(a, ctx.distribution(shape, "cc"))) {
      ctx.saveNpy(dir.resolve("a.npy"), d);
      ctx.saveNetcdf(dir.resolve("a.nc"), "a", d);
      ctx.saveDnpy(dir.resolve("a"), d);
    }
    try (DistArray npy = ctx.loadNpy(dir.resolve("a.npy"), ctx.distribution(shape, "bn"));
        DistArray nc = ctx.loadNetcdf(dir.resolve("a.nc"), "a", ctx.distribution(shape, "nb"));
        DistArray dnpy = ctx.loadDnpy(dir.resolve("a"))) {
      assertClose(a, npy.toNdArray(), ".npy through the nodes");
      assertClose(a, nc.toNdArray(), "NetCDF through the nodes");
      assertClose(a, dnpy.toNdArray(), ".dnpy through the nodes");
      assertEquals("cc", dnpy.distribution().dist());
    }
  }

  @Test
  void garbageAndJavaSerializedBytesAtANodePortDoNotHurtIt() throws Exception {
    ClusterProcesses.NodeProcess target = nodes.node("engines-a");
    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);
    sendHostile(target.port(), junk);
    java.io.ByteArrayOutputStream javaSerialized = new java.io.ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(javaSerialized)) {
      out.writeObject(new ArrayList<>(List.of("a Java-serialized object", 42)));
    }
    sendHostile(target.port(), javaSerialized.toByteArray());
    // (hostile connections to the data plane: BulkPathsTest)
    assertNodeStillServes(target);
    try (DistArray rows = ctx.random(2).rand(ctx.distribution(Shape.of(300, 200), "bn"));
        DistArray cols = rows.redistribute(ctx.distribution(Shape.of(300, 200), "nb"))) {
      assertEquals(rows.getDouble(299, 0), cols.getDouble(299, 0), "block parts still move between the nodes");
    }
  }

  /**
   * Writes bytes to a node's port. The node may close the connection before it has read them all: that is it
   * refusing them, so a reset or broken pipe on our side is not a failure.
   */
  private static void sendHostile(int port, byte[] bytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port); OutputStream out = s.getOutputStream()) {
      out.write(bytes);
      out.flush();
    } catch (java.net.SocketException refused) {
      // closed by the node (broken pipe, connection reset)
    }
  }

  /** A message of a class the node does not have, and a Java-serialized one, sent by a foreign actor system. */
  @Test
  void unknownMessageClassesAndJavaSerializationAreRejectedAndLogged() {
    ClusterProcesses.NodeProcess target = nodes.node("engines-b");
    Config foreign = ConfigFactory.parseString(String.join("\n",
        "pekko.actor.provider = remote",
        "pekko.remote.artery.canonical.hostname = 127.0.0.1",
        "pekko.remote.artery.canonical.port = 0",
        "pekko.actor.allow-java-serialization = on",
        "pekko.actor.warn-about-java-serializer-usage = off",
        "pekko.actor.serialization-bindings { \"java.io.Serializable\" = java }"))
        .withFallback(ConfigFactory.load());
    ActorSystem<Void> intruder = ActorSystem.create(Behaviors.empty(), "Intruder", foreign);
    try {
      ActorSelection engine = intruder.classicSystem().actorSelection(target.address() + "/user/engine-0");
      engine.tell(new NotOnTheNode("no such class there"), ActorRef.noSender());
      engine.tell(new ArrayList<>(List.of("a Java-serialized list", 42)), ActorRef.noSender());
      assertTrue(ClusterProcesses.await(Duration.ofSeconds(20),
          () -> ClusterProcesses.logOf(target).contains(NotOnTheNode.class.getName())),
          "the node logs the message it could not deserialize, naming its class");
      assertTrue(ClusterProcesses.await(Duration.ofSeconds(20),
          () -> ClusterProcesses.logOf(target).toLowerCase(java.util.Locale.ROOT).contains("java serialization")),
          "the node logs the refused Java serialization");
    } finally {
      intruder.terminate();
      intruder.getWhenTerminated().toCompletableFuture().join();
    }
    assertNodeStillServes(target);
  }

  /** A record the engine nodes do not have on their classpath, sent as Jackson CBOR. */
  record NotOnTheNode(String text) implements org.distarray.actors.CborSerializable {}

  private static void assertNodeStillServes(ClusterProcesses.NodeProcess node) {
    try (DistArray x = ctx.arange(1000)) {
      assertEquals(499500.0, x.sum(), "an operation over both nodes' engines");
    }
    assertTrue(node.process().isAlive(), "node " + node.name() + " is alive");
  }

  @Test
  void aStencilStepMovesOnlyTheHaloBytes() {
    // a (64, 1000) plate in row blocks over the two engine nodes, ghost width 1. With ZERO a step sends one row of
    // 1000 float64 each way across the inner edge (the corners beyond the plate's sides are 0, filled where they
    // are); with PERIODIC each engine also gets the other's far row (the wrap) and its four corner elements (the
    // plate wraps sideways within an engine, so no column leaves it). The values are the serial step.
    long cols = 1000;
    NdArray x = random(Shape.of(64, cols), 91);
    long row = cols * 8;
    for (Boundary b : new Boundary[] {Boundary.ZERO, Boundary.PERIODIC}) {
      try (DistArray a = ctx.fromNdArray(x, ctx.distribution(Shape.of(64, cols), "bn"));
          DistArray u = a.ghosted(1, b)) {
        long before = bytesSent();
        try (DistArray next = u.stencil(Stencil.laplace(0.1))) {
          assertEquals(b == Boundary.ZERO ? 2 * row : 2 * (2 * row + 4 * 8), bytesSent() - before,
              "bytes sent between the engines for one " + b + " step");
          assertClose(serialLaplace(x, b == Boundary.PERIODIC, 0.1), next.toNdArray(), "one " + b + " step");
        }
      }
    }
  }

  private static long bytesSent() {
    long sent = 0;
    for (EngineMemory e : ctx.memory().engines().values()) {
      sent += e.bytesSent();
    }
    return sent;
  }

  /** u + alpha (north + south + west + east - 4 u) with 0 outside the plate, or the plate wrapped around. */
  private static NdArray serialLaplace(NdArray u, boolean periodic, double alpha) {
    long n = u.dims()[0];
    long m = u.dims()[1];
    NdArray out = NdArray.zeros(DType.FLOAT64, n, m);
    for (long i = 0; i < n; i++) {
      for (long j = 0; j < m; j++) {
        double c = u.getDouble(i, j);
        double around = at(u, i - 1, j, periodic) + at(u, i + 1, j, periodic) + at(u, i, j - 1, periodic)
            + at(u, i, j + 1, periodic);
        out.set(c + alpha * (around - 4 * c), i, j);
      }
    }
    return out;
  }

  private static double at(NdArray u, long i, long j, boolean periodic) {
    long n = u.dims()[0];
    long m = u.dims()[1];
    if (periodic) {
      return u.getDouble(Math.floorMod(i, n), Math.floorMod(j, m));
    }
    return i < 0 || j < 0 || i >= n || j >= m ? 0 : u.getDouble(i, j);
  }
}

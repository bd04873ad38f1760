package org.distarray.samples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.NotUsed;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.distarray.actors.CborSerializable;
import org.distarray.actors.transport.PlaneTls;

/**
 * The floor under the cluster figures of the benchmark: what Pekko alone takes, between two JVMs of this machine and
 * with the transport settings of distarray's nodes, to move what a workload moves, with no array work at all.
 * Prints {@code RESULT <workload> pekko-alone-2jvm <seconds>} for
 * <ul>
 *   <li>{@code redistribute_rows_to_cols}: each JVM sends the other 128 MiB (the quarter of the 8192 x 8192 float64
 *   array that changes node) over one Pekko Streams TCP connection, both at once, and the round ends when both have
 *   received everything (the data plane's path without framing, serialization, copies into blocks or
 *   acknowledgements);</li>
 *   <li>{@code add_misaligned}: the same with 32 MiB each way (the half of the 'cc' operand that the other node
 *   holds);</li>
 *   <li>{@code small_op}: one request and its answer between an actor of each JVM over Artery (a round trip of a
 *   small reduction crosses at least once).</li>
 * </ul>
 * Same timing as {@link Bench}: the best of 7 rounds after 60 untimed ones; small_op the best of 200 after 3 s.
 *
 * <p>With a node file whose remoting is TLS ({@code --config config/tls.conf}) the connection and remoting use
 * TLS with that file's stores, and the system is {@code pekko-alone-tls-2jvm}.
 *
 * <p>Usage: {@code TransportFloor --serve TCP_PORT ARTERY_PORT [--config NODE_CONF]} in one JVM
 * ({@link TransportFloorPeer}: it prints {@code READY} once both ports listen, and runs until stopped), then
 * {@code TransportFloor --peer HOST TCP_PORT ARTERY_PORT [--config NODE_CONF] [--quick] [--only W,...]} in another.
 */
public final class TransportFloor {
  static final String SYSTEM = "pekko-alone-2jvm";
  /** The system's name when the node file's remoting is TLS: the TCP connection is then TLS too. */
  static final String SYSTEM_TLS = "pekko-alone-tls-2jvm";
  static final int PART_BYTES = 256 * 1024;
  /** First bytes of a connection: the bytes of a round each way (a long). */
  static final int HEADER_BYTES = 8;
  static final int MARKER_BYTES = 8;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int TIMED_ROUNDS = 7;
  private static final ByteString PART = ByteString.fromArrayUnsafe(new byte[PART_BYTES]);

  private TransportFloor() {}

  /** A request to the peer's echo actor, and its answer. */
  record Ping(long n, ActorRef<Pong> replyTo) implements CborSerializable {}

  record Pong(long n) implements CborSerializable {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("--serve")) {
      TransportFloorPeer.serve(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
          args.length >= 5 && args[3].equals("--config") ? args[4] : null);
      return;
    }
    if (args.length < 4 || !args[0].equals("--peer")) {
      throw new IllegalArgumentException("expected --serve TCP_PORT ARTERY_PORT [--config NODE_CONF] or --peer HOST"
          + " TCP_PORT ARTERY_PORT [--config NODE_CONF] [--quick] [--only W,...], got " + String.join(" ", args));
    }
    String host = args[1];
    int tcpPort = Integer.parseInt(args[2]);
    int arteryPort = Integer.parseInt(args[3]);
    boolean quick = false;
    String only = null;
    String nodeFile = null;
    for (int i = 4; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--only" -> only = args[++i];
        case "--config" -> nodeFile = args[++i];
        default -> { } // the rest of bench.sh's arguments are Bench's
      }
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "floor", config(0, nodeFile));
    PlaneTls tls = PlaneTls.of(system);
    String name = tls != null ? SYSTEM_TLS : SYSTEM;
    try {
      long side = quick ? 2048 : 8192;
      long half = quick ? 1024 : 4096;
      if (Bench.wanted(only, "redistribute_rows_to_cols")) {
        Bench.emit("redistribute_rows_to_cols", name, exchange(system, tls, host, tcpPort, side * side * 8 / 4));
      }
      if (Bench.wanted(only, "add_misaligned")) {
        Bench.emit("add_misaligned", name, exchange(system, tls, host, tcpPort, half * half * 8 / 4));
      }
      if (Bench.wanted(only, "small_op")) {
        Bench.emit("small_op", name, roundTrip(system, host, arteryPort));
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /**
   * A node's settings for Pekko IO, streams, remoting (TLS among them) and dispatchers, from nodeFile (a node's
   * config file, as {@code config/tls.conf}) or else the cluster defaults, with remoting on port and no cluster.
   */
  static Config config(int port, String nodeFile) {
    Config own = ConfigFactory.parseString("pekko.actor.provider = remote\n"
        + "pekko.remote.artery.canonical.port = " + port + "\npekko.remote.warn-about-direct-use = off\n"
        + "pekko.loglevel = WARNING\n");
    Config node = nodeFile != null
        ? ConfigFactory.parseFile(new File(nodeFile), ConfigParseOptions.defaults().setAllowMissing(false))
        : ConfigFactory.parseResources("distarray-cluster.conf");
    return ConfigFactory.load(own.withFallback(node));
  }

  /** A connection to host:port as the data plane opens one: no delay, TLS when tls is not null. */
  private static Flow<ByteString, ByteString, CompletionStage<Tcp.OutgoingConnection>> connect(
      ActorSystem<Void> system, PlaneTls tls, String host, int port) {
    InetSocketAddress at = new InetSocketAddress(host, port);
    List<Inet.SocketOption> options = List.of(TcpSO.tcpNoDelay(true));
    return tls == null
        ? Tcp.get(system).outgoingConnection(at, Optional.empty(), options, false, Optional.of(WAIT), Optional.empty())
        : Tcp.get(system).outgoingConnectionWithTls(at, () -> tls.client(host, port), Optional.empty(), options,
            Optional.of(WAIT), Optional.empty(), tls.verifyServer(host), TLSClosing.eagerClose());
  }

  /** Best seconds of a round in which both JVMs send each other bytesEach bytes over one connection. */
  private static double exchange(ActorSystem<Void> system, PlaneTls tls, String host, int port,
      long bytesEach) throws Exception {
    int parts = (int) ((bytesEach + PART_BYTES - 1) / PART_BYTES);
    BlockingQueue<Long> roundsDone = new LinkedBlockingQueue<>();
    long expected = bytesEach + MARKER_BYTES; // the peer's bytes, then its marker once it has all of ours
    long[] received = {0};
    Sink<ByteString, ?> counter = Sink.foreach(bs -> {
      received[0] += bs.size();
      while (received[0] >= expected) {
        received[0] -= expected;
        roundsDone.add(System.nanoTime());
      }
    });
    Pair<BoundedSourceQueue<ByteString>, Source<ByteString, NotUsed>> out =
        Source.<ByteString>queue(parts + 2).preMaterialize(system);
    BoundedSourceQueue<ByteString> queue = out.first();
    connect(system, tls, host, port)
        .joinMat(Flow.fromSinkAndSourceCoupled(counter, out.second()), Keep.left())
        .run(system).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    offer(queue, ByteString.fromByteBuffer(ByteBuffer.allocate(HEADER_BYTES).putLong(bytesEach).flip()));
    try {
      double best = Double.MAX_VALUE;
      for (int round = 0; round < Bench.MOVE_WARMUPS + TIMED_ROUNDS; round++) {
        long t0 = System.nanoTime();
        sendRound(bytesEach, bytes -> offer(queue, bytes));
        Long end = roundsDone.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (end == null) {
          throw new IllegalStateException("no answer within " + WAIT.toSeconds() + " s from the peer at " + host
              + ":" + port + " for a round of " + bytesEach + " bytes each way");
        }
        if (round >= Bench.MOVE_WARMUPS) {
          best = Math.min(best, (end - t0) * 1e-9);
        }
      }
      return best;
    } finally {
      queue.complete();
    }
  }

  /** The bytes of a round, in parts of one array that is never written (no work per byte). */
  static void sendRound(long bytes, Consumer<ByteString> send) {
    for (long left = bytes; left > 0; left -= PART_BYTES) {
      send.accept(left >= PART_BYTES ? PART : PART.take((int) left));
    }
  }

  static void offer(BoundedSourceQueue<ByteString> queue, ByteString bytes) {
    QueueOfferResult r = queue.offer(bytes);
    if (r != QueueOfferResult.enqueued()) {
      throw new IllegalStateException("the connection's queue refused " + bytes.size() + " bytes: " + r);
    }
  }

  /** Best seconds of one ask of the peer's echo actor. */
  private static double roundTrip(ActorSystem<Void> system, String host, int port) throws Exception {
    ActorRef<Ping> echo = ActorRefResolver.get(system)
        .resolveActorRef("pekko://floor@" + host + ":" + port + "/user/" + TransportFloorPeer.ECHO);
    long[] n = {0};
    return Bench.bestAfter(3.0, 200, () -> ask(system, echo, n[0]++));
  }

  private static void ask(ActorSystem<Void> system, ActorRef<Ping> echo, long n) {
    Pong p;
    try {
      p = AskPattern.<Ping, Pong>ask(echo, r -> new Ping(n, r), WAIT, system.scheduler())
          .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("no answer from the echo actor " + echo + " within " + WAIT.toSeconds() + " s",
          e);
    }
    if (p.n() != n) {
      throw new IllegalStateException("the echo answered " + p.n() + " to " + n);
    }
  }
}

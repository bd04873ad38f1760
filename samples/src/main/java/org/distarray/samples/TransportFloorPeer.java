package org.distarray.samples;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.NotUsed;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.distarray.actors.transport.PlaneTls;

/**
 * The other JVM of {@link TransportFloor}: an echo actor on Artery and a TCP server that answers each round of
 * bytes with as many bytes of its own (sent from the round's first byte on) and a marker once the round has
 * arrived.
 */
final class TransportFloorPeer {
  static final String ECHO = "echo";

  private TransportFloorPeer() {}

  static void serve(int tcpPort, int arteryPort, String nodeFile) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      ctx.spawn(echo(), ECHO);
      return Behaviors.empty();
    }), "floor", TransportFloor.config(arteryPort, nodeFile));
    String host = "127.0.0.1";
    List<Inet.SocketOption> options = List.of(TcpSO.tcpNoDelay(true));
    PlaneTls tls = PlaneTls.of(system);
    Source<Tcp.IncomingConnection, CompletionStage<Tcp.ServerBinding>> connections = tls == null
        ? Tcp.get(system).bind(host, tcpPort, 128, options, false, Optional.empty())
        : Tcp.get(system).bindWithTls(host, tcpPort, () -> tls.server(host, tcpPort), 128, options, Optional.empty(),
            tls.verifyClient(host), TLSClosing.eagerClose());
    connections.to(Sink.foreach(c -> c.handleWith(connection(system), system)))
        .run(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.println("READY");
    system.getWhenTerminated().toCompletableFuture().get();
  }

  private static Behavior<TransportFloor.Ping> echo() {
    return Behaviors.receive(TransportFloor.Ping.class)
        .onMessage(TransportFloor.Ping.class, p -> {
          p.replyTo().tell(new TransportFloor.Pong(p.n()));
          return Behaviors.same();
        })
        .build();
  }

  private static Flow<ByteString, ByteString, ?> connection(ActorSystem<Void> system) {
    Pair<BoundedSourceQueue<ByteString>, Source<ByteString, NotUsed>> out =
        Source.<ByteString>queue(1 << 16).preMaterialize(system);
    Rounds rounds = new Rounds(bytes -> TransportFloor.offer(out.first(), bytes));
    return Flow.fromSinkAndSourceCoupled(Sink.<ByteString>foreach(rounds::received), out.second());
  }

  /**
   * One connection's rounds, in the order its bytes arrive (on the stream's thread): after the header (the bytes of
   * a round), the first byte of each round sends as many bytes, and its last byte sends the marker.
   */
  static final class Rounds {
    private static final ByteString MARKER = ByteString.fromArrayUnsafe(new byte[TransportFloor.MARKER_BYTES]);
    private final Consumer<ByteString> send;
    private ByteString header = ByteString.emptyByteString();
    private long roundBytes = -1;
    private long got;

    Rounds(Consumer<ByteString> send) {
      this.send = send;
    }

    void received(ByteString bytes) {
      ByteString rest = bytes;
      if (roundBytes < 0) {
        header = header.concat(rest);
        if (header.size() < TransportFloor.HEADER_BYTES) {
          return;
        }
        roundBytes = header.take(TransportFloor.HEADER_BYTES).asByteBuffer().getLong();
        rest = header.drop(TransportFloor.HEADER_BYTES);
      }
      while (!rest.isEmpty()) {
        if (got == 0) {
          TransportFloor.sendRound(roundBytes, send);
        }
        int take = (int) Math.min(rest.size(), roundBytes - got);
        got += take;
        rest = rest.drop(take);
        if (got == roundBytes) {
          got = 0;
          send.accept(MARKER);
        }
      }
    }
  }
}

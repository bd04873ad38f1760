package org.distarray.actors.transport;

import com.typesafe.config.Config;
import java.io.NotSerializableException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.distarray.actors.wire.ArrayFramedSerializer;
import org.distarray.actors.wire.PartPool;
import org.slf4j.Logger;

/**
 * A cluster node's data plane: the channel for bulk bytes (block chunks, reduction partials, task results, parts of
 * gathers and scatters) and for latency-bound small messages between nodes, on Pekko Streams TCP (TLS with the
 * cluster's key and trust stores when remoting is TLS). Messages are serialized as remoting would serialize them
 * and cut into frames of at most {@code distarray.data-plane.frame-bytes}, so a message of any size travels with
 * back-pressure from the socket, and nothing waits on a frame size. Nothing here blocks a thread: connections
 * are made, written and read by streams on the plane's own dispatcher.
 *
 * <p>Only cluster members may connect: a connection starts with a hello that names the sender's node and carries a
 * one-time token; the accepting node asks that node, over the cluster's own channel, whether the token is its own,
 * checks that it is a member, and with {@code distarray.data-plane.secret} set also checks the hello's HMAC.
 * Anything else is closed and logged; the node keeps serving.
 */
public final class DataPlane {
  private static final Map<ActorSystem<?>, Optional<DataPlane>> PLANES = new ConcurrentHashMap<>();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final Attributes dispatcher;
  private final ActorRefResolver resolver;
  private final Serialization serialization;
  private final ExtendedActorSystem classic;
  /** The serializer of DistArray's messages, which reads a message from the parts it arrived in. */
  private final ArrayFramedSerializer framed;
  private final Cluster cluster;
  private final PlaneTls tls;
  private final String host;
  private final byte[] secret;
  private final int frameBytes;
  private final int controlBytes;
  private final int controlQueue;
  private final Duration connectTimeout;
  private final Duration handshakeTimeout;
  private final CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
  private final Map<Address, PlanePeer> peers = new ConcurrentHashMap<>();
  /** Tokens of connections this node opened, until the accepting node redeems them. */
  private final Map<Long, Long> tokens = new ConcurrentHashMap<>();
  /** Local actors by their serialized reference (targets repeat: engines, the coordinator's adapters). */
  private final Map<String, ActorRef<Object>> targets = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  /** The data plane of a cluster node's actor system, started on first use; null for embedded systems or when off. */
  public static DataPlane of(ActorSystem<?> system) {
    Optional<DataPlane> running = PLANES.get(system);
    if (running != null) {
      return running.orElse(null);
    }
    return PLANES.computeIfAbsent(system, DataPlane::start).orElse(null);
  }

  private static Optional<DataPlane> start(ActorSystem<?> system) {
    Config config = system.settings().config();
    if (!config.getString("pekko.actor.provider").equals("cluster") || !config.getBoolean("distarray.data-plane.enabled")) {
      return Optional.empty();
    }
    DataPlane plane = new DataPlane(system, config);
    system.getWhenTerminated().thenRun(() -> PLANES.remove(system));
    return Optional.of(plane);
  }

  private DataPlane(ActorSystem<?> system, Config config) {
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
    this.dispatcher = ActorAttributes.dispatcher("distarray.data-plane.dispatcher");
    this.resolver = ActorRefResolver.get(system);
    this.classic = (ExtendedActorSystem) Adapter.toClassic(system);
    this.serialization = SerializationExtension.get(classic);
    this.framed = (ArrayFramedSerializer) serialization.serializerByIdentity().apply(ArrayFramedSerializer.ID);
    this.cluster = Cluster.get(system);
    this.tls = PlaneTls.of(system);
    this.host = config.getString("pekko.remote.artery.canonical.hostname");
    this.secret = PlaneSecret.of(config.getString("distarray.data-plane.secret"));
    this.frameBytes = (int) Math.min(64 << 20, config.getBytes("distarray.data-plane.frame-bytes"));
    this.controlBytes = (int) Math.min(frameBytes, config.getBytes("distarray.data-plane.control-bytes"));
    this.controlQueue = config.getInt("distarray.data-plane.control-queue");
    // never shorter than the failure detector's pause and a few heartbeats: a node that stalls is then found
    // unreachable, and its connections dropped, before an attempt to connect to it times out
    Duration detection = config.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause")
        .plusSeconds(5);
    Duration configured = config.getDuration("distarray.data-plane.connect-timeout");
    this.connectTimeout = configured.compareTo(detection) < 0 ? detection : configured;
    this.handshakeTimeout = config.getDuration("distarray.data-plane.handshake-timeout");
    bind(config.getInt("distarray.data-plane.port"));
    system.systemActorOf(PlaneActor.create(this), PlaneActor.NAME, Props.empty());
    system.systemActorOf(PlaneWatch.create(this), "distarray-data-plane-watch", Props.empty());
    CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "distarray-data-plane-stop", () -> {
          stop();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }

  private void bind(int port) {
    Source<Tcp.IncomingConnection, CompletionStage<Tcp.ServerBinding>> connections = tls == null
        ? Tcp.get(system).bind(host, port, 128, List.of(TcpSO.tcpNoDelay(true)), false, Optional.empty())
        : Tcp.get(system).bindWithTls(host, port, () -> tls.server(host, port), 128,
            List.<Inet.SocketOption>of(TcpSO.tcpNoDelay(true)), Optional.empty(), tls.verifyClient(host),
            TLSClosing.eagerClose());
    connections.to(Sink.foreach(c -> c.handleWith(PlaneInbound.flow(this, c.remoteAddress())
            .withAttributes(dispatcher), materializer)))
        .withAttributes(dispatcher)
        .run(materializer)
        .whenComplete((binding, failure) -> {
          if (failure != null) {
            system.log().warn("no data plane on this node ({}:{}): {}; bulk messages go through remoting", host, port,
                failure.toString());
            listening.completeExceptionally(failure);
          } else {
            system.log().info("data plane listening on {}:{}{}", binding.localAddress().getHostString(),
                binding.localAddress().getPort(), tls == null ? "" : " (TLS)");
            CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(CoordinatedShutdown.PhaseServiceUnbind(),
                "distarray-data-plane-unbind", () -> binding.unbind().thenApply(x -> Done.getInstance()));
            listening.complete(binding.localAddress());
          }
        });
  }

  /** Where this node's data plane listens, once it does. */
  CompletionStage<InetSocketAddress> listening() {
    return listening;
  }

  Logger log() {
    return system.log();
  }

  int maxFrameBytes() {
    return frameBytes + PlaneFrames.HEADER_ROOM;
  }

  Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * Sends message to target on another node through this plane: small messages on the control lane, the rest (and
   * every bulk message) on the bulk lane. False when it could not be serialized or the peer is unusable: the caller
   * sends it as an ordinary message then, if it fits one.
   */
  public boolean send(ActorRef<?> target, Object message, boolean bulk) {
    return send(target, message, bulk, null);
  }

  /** Like {@link #send(ActorRef, Object, boolean)}, serializing the message's arrays into parts from lease. */
  public boolean send(ActorRef<?> target, Object message, boolean bulk, PartPool.Lease lease) {
    PlaneFrames.Outbound m;
    try {
      Serializer serializer = serialization.findSerializerFor(message);
      // with the transport information actor references need, as remoting serializes
      ByteString bytes = serializer == framed
          ? Serialization$.MODULE$.withTransportInformation(classic,
              () -> framed.toByteString(message, PlaneFrames.PART_BYTES, lease))
          : ByteString.fromArrayUnsafe(serialization.serialize(message).get());
      m = new PlaneFrames.Outbound(serializer.identifier(), Serializers.manifestFor(serializer, message),
          resolver.toSerializationFormat(target), bytes);
    } catch (RuntimeException e) {
      system.log().warn("could not serialize a {} for {}: {}", message.getClass().getName(), target, e.toString());
      return false;
    }
    Address to = target.path().address();
    for (int attempt = 0; attempt < 2; attempt++) {
      PlanePeer p = peer(to);
      if (!bulk && m.payload().size() <= controlBytes && p.sendControl(m)) {
        return true;
      }
      if (!p.ended()) {
        p.sendBulk(m);
        return true;
      }
    }
    return false;
  }

  private PlanePeer peer(Address to) {
    PlanePeer p = peers.get(to);
    if (p != null && !p.ended()) {
      return p;
    }
    return peers.compute(to, (a, old) -> old != null && !old.ended() ? old : connect(a));
  }

  private PlanePeer connect(Address to) {
    CompletionStage<InetSocketAddress> where = locate(to);
    return new PlanePeer(to, connection(where, to), connection(where, to), hello(PlanePeer.CONTROL),
        hello(PlanePeer.BULK), controlQueue, frameBytes, materializer, this::peerEnded);
  }

  private Source<ByteString, NotUsed> hello(int lane) {
    return Source.lazySingle(() -> {
      long token = RANDOM.nextLong();
      long now = System.nanoTime();
      if (tokens.size() > 1024) { // tokens of connections that never reached their peer
        tokens.values().removeIf(t -> now - t > 2 * handshakeTimeout.toNanos());
      }
      tokens.put(token, now);
      return PlaneFrames.hello(lane, uniqueAddress(cluster.selfMember()), token, secret);
    });
  }

  private Flow<ByteString, ByteString, ?> connection(CompletionStage<InetSocketAddress> where, Address to) {
    return Flow.<ByteString, ByteString, Object>lazyCompletionStageFlow(() -> where.thenApply(at -> {
      Flow<ByteString, ByteString, ?> tcp = tls == null
          ? Tcp.get(system).outgoingConnection(at, Optional.empty(), List.of(TcpSO.tcpNoDelay(true)), false,
              Optional.of(connectTimeout), Optional.empty())
          : Tcp.get(system).outgoingConnectionWithTls(at, () -> tls.client(at.getHostString(), at.getPort()),
              Optional.empty(), List.<Inet.SocketOption>of(TcpSO.tcpNoDelay(true)), Optional.of(connectTimeout),
              Optional.empty(), tls.verifyServer(at.getHostString()), TLSClosing.eagerClose());
      @SuppressWarnings("unchecked")
      Flow<ByteString, ByteString, Object> any = (Flow<ByteString, ByteString, Object>) tcp;
      return any;
    })).withAttributes(dispatcher);
  }

  /** Asks the node at address where its data plane listens. */
  private CompletionStage<InetSocketAddress> locate(Address address) {
    ActorRef<PlaneActor.Command> actor = resolver.resolveActorRef(address + "/system/" + PlaneActor.NAME);
    return AskPattern.<PlaneActor.Command, PlaneActor.ListensAt>ask(actor, PlaneActor.WhereIs::new, connectTimeout,
        system.scheduler()).thenApply(at -> {
          if (at.port() < 0) {
            throw new IllegalStateException("the node " + address + " has no data plane");
          }
          return InetSocketAddress.createUnresolved(at.host(), at.port());
        }).thenApply(at -> new InetSocketAddress(at.getHostString(), at.getPort()));
  }

  private void peerEnded(PlanePeer p, Throwable failure) {
    peers.remove(p.address, p);
    if (p.dropped() != null) { // drop(): the node became unreachable or was removed, as the cluster has logged
      system.log().info("data-plane connections to {} dropped with what was queued for them: {}", p.address,
          p.dropped().getMessage());
    } else if (failure == null || stopping || !isActiveMember(p.address)) {
      system.log().debug("data-plane connections to {} closed: {}", p.address, failure);
    } else {
      system.log().warn("data-plane connections to {} failed: {}; the next message opens new ones", p.address,
          failure.toString());
    }
  }

  /** Drops the connections to a node that became unreachable or was removed, with what is queued for it. */
  void drop(Address address, String why) {
    PlanePeer p = peers.remove(address);
    if (p != null) {
      p.abort(new IllegalStateException("node " + address + " " + why));
    }
  }

  /** Closes the connections to a node that is leaving, after what is queued for it. */
  void close(Address address) {
    PlanePeer p = peers.remove(address);
    if (p != null) {
      p.close();
    }
  }

  /**
   * Admits a connection whose first frame is hello: the MAC, then the claimed node vouches for its token and is a
   * member. Completes with the node's address, or fails with why the connection is refused.
   */
  CompletionStage<String> admit(ByteString helloFrame, InetSocketAddress remote) {
    PlaneFrames.Hello hello;
    try {
      hello = PlaneFrames.readHello(helloFrame, secret);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    int hash = hello.uniqueAddress().lastIndexOf('#');
    if (hash < 0) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("a hello from '" + hello.uniqueAddress()
          + "', not a member's unique address"));
    }
    String address = hello.uniqueAddress().substring(0, hash);
    ActorRef<PlaneActor.Command> actor;
    try {
      actor = resolver.resolveActorRef(address + "/system/" + PlaneActor.NAME);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("a hello from '" + address
          + "', not a node address: " + e.getMessage()));
    }
    return AskPattern.<PlaneActor.Command, PlaneActor.Vouched>ask(actor, r -> new PlaneActor.Vouch(hello.token(), r),
        handshakeTimeout, system.scheduler()).thenCompose(v -> {
          if (!v.yes()) {
            throw new IllegalArgumentException("the node " + address + " did not open this connection");
          }
          return memberWithin(hello.uniqueAddress(), System.nanoTime() + handshakeTimeout.toNanos());
        });
  }

  /** Completes once the node with this unique address is a member (gossip may lag a join), or fails at deadline. */
  private CompletionStage<String> memberWithin(String uniqueAddress, long deadline) {
    for (Member m : cluster.state().getMembers()) {
      if (uniqueAddress(m).equals(uniqueAddress)) {
        return CompletableFuture.completedFuture(m.address().toString());
      }
    }
    if (System.nanoTime() > deadline) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(uniqueAddress + " is not a member of the"
          + " cluster"));
    }
    return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
        .thenCompose(x -> memberWithin(uniqueAddress, deadline));
  }

  /** Whether the node at address is a member that is not on its way out (its connections ending is news then). */
  private boolean isActiveMember(Address address) {
    for (Member m : cluster.state().getMembers()) {
      if (m.address().equals(address)) {
        return m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp()
            || m.status() == MemberStatus.joining();
      }
    }
    return false;
  }

  private static String uniqueAddress(Member m) {
    return m.uniqueAddress().address() + "#" + m.uniqueAddress().longUid();
  }

  /** Whether this node opened a connection with token (each token is redeemed once). */
  boolean redeem(long token) {
    return tokens.remove(token) != null;
  }

  /** Hands a message that arrived to its target actor on this node. */
  void deliver(int serializerId, String manifest, String target, ByteString payload, String from) {
    ActorRef<Object> to = targets.computeIfAbsent(target, this::localActor);
    if (to == null) {
      system.log().warn("a {} from {} for {}, which is not an actor of this node: dropped", manifest, from, target);
      return;
    }
    Object message;
    try {
      message = serializerId == ArrayFramedSerializer.ID
          ? readFramed(payload, manifest)
          : serialization.deserializeByteBuffer(payload.asByteBuffer(), serializerId, manifest);
    } catch (Exception e) {
      system.log().warn("a {} from {} for {} could not be read: {}", manifest, from, target, e.toString());
      return;
    }
    to.tell(message);
    if (targets.size() > 4096) {
      targets.clear(); // answers go to short-lived actors; the cache keeps only what repeats
    }
  }

  /** Reads one of DistArray's messages from the parts it arrived in, resolving its actor references here. */
  private Object readFramed(ByteString payload, String manifest) {
    return Serialization$.MODULE$.withTransportInformation(classic, () -> {
      try {
        return framed.fromBytes(payload, manifest);
      } catch (NotSerializableException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    });
  }

  private ActorRef<Object> localActor(String target) {
    try {
      ActorRef<Object> ref = resolver.resolveActorRef(target);
      return ref.path().address().hasLocalScope() ? ref : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void stop() {
    stopping = true;
    for (PlanePeer p : peers.values()) {
      p.close();
    }
    peers.clear();
  }
}

package org.distarray.actors.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.distarray.arrays.DType;
import org.distarray.arrays.ElementBytes;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.IndexRuns;
import org.distarray.arrays.dist.Piece;

/**
 * A node's bulk channel for block parts: plain TCP connections between nodes, one per pair and direction, that
 * carry {@link Engine.PieceData} chunks straight from a sending engine's buffer to a reader thread on the receiving
 * node, which hands them to the target engine like any message. Control messages (and the acknowledgements that
 * pace the chunks) stay on Pekko remoting. It moves bulk data without Artery's per-message stages, and it is used only
 * when {@code distarray.transfer.data-plane = on} and remoting is plain TCP (with TLS every byte stays on Artery).
 * A chunk that cannot be written (the connection broke) is sent through remoting instead.
 *
 * <p>Frame: int length, then request id, result id, slot, sender and target references, the target piece, the shape at
 * the target, the dtype and shape of the data and its elements, little-endian.
 *
 * <p>It also carries the commands of reductions ({@link Engine.Reduce}, {@link Engine.Partial}), whose latency Artery's
 * stages dominate: frame int -1, then the serializer id, manifest, target reference and the message's bytes as Pekko
 * serialization made them. A reader accepts nothing else in such a frame.
 */
final class DataPlane {
  private static final Map<ActorSystem<?>, DataPlane> PLANES = new ConcurrentHashMap<>();
  /** Bounds that a frame from a broken or hostile peer cannot exceed: it is dropped before anything is allocated. */
  private static final long MAX_ELEMENTS = 1L << 26;
  private static final int MAX_COUNT = 1 << 16;
  /** The first int of a frame carrying a serialized command. */
  private static final int COMMAND_FRAME = -1;
  private static final int MAX_COMMAND_BYTES = 64 << 20;

  private final ActorSystem<?> system;
  private final ActorRefResolver resolver;
  private final ServerSocketChannel server;
  private final String endpoint;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final List<SocketChannel> accepted = new ArrayList<>();
  private volatile boolean closed;

  /** One outgoing connection, written by one engine at a time. */
  private static final class Connection {
    final SocketChannel channel;
    final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

    Connection(SocketChannel channel) {
      this.channel = channel;
    }
  }

  /** The data plane of a node's actor system, started on first use; null when it is off for this system. */
  static DataPlane of(ActorSystem<?> system) {
    DataPlane running = PLANES.get(system); // the common case, without reading the config (reductions ask each time)
    if (running != null) {
      return running;
    }
    var config = system.settings().config();
    if (!config.getBoolean("distarray.transfer.data-plane")
        || !config.getString("pekko.actor.provider").equals("cluster")
        || !config.getString("pekko.remote.artery.transport").equals("tcp")) {
      return null;
    }
    return PLANES.computeIfAbsent(system, s -> {
      try {
        DataPlane p = new DataPlane(s, config.getString("pekko.remote.artery.canonical.hostname"));
        s.getWhenTerminated().thenRun(() -> {
          PLANES.remove(s);
          p.close();
        });
        return p;
      } catch (IOException e) {
        s.log().warn("no data plane on this node, block parts go through remoting: {}", e.toString());
        return null;
      }
    });
  }

  private DataPlane(ActorSystem<?> system, String host) throws IOException {
    this.system = system;
    this.resolver = ActorRefResolver.get(system);
    this.server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(host, 0));
    this.endpoint = host + ":" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    Thread acceptor = new Thread(this::accept, "distarray-data-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    system.log().info("data plane for block parts listening on {}", endpoint);
  }

  /** host:port where this node takes block parts. */
  String endpoint() {
    return endpoint;
  }

  /** Sends a chunk to the node at endpoint; false when it could not (the caller sends it through remoting). */
  boolean send(String to, ActorRef<Engine.Command> target, Engine.PieceData m) {
    try {
      Connection c = connections.computeIfAbsent(to, this::connect);
      if (c == null) {
        return false;
      }
      synchronized (c) {
        write(c, target, m);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      dropConnection(to, e);
      return false;
    }
  }

  /**
   * Sends a reduction command to an engine of the node at endpoint, serialized by Pekko's serialization (the same
   * bytes remoting would send); false when it could not (the caller tells it through remoting).
   */
  boolean sendCommand(String to, ActorRef<Engine.Command> target, Engine.Command m) {
    if (!(m instanceof Engine.Reduce || m instanceof Engine.Partial)) {
      throw new IllegalArgumentException("the data plane carries reduction commands only, not " + m.getClass());
    }
    try {
      org.apache.pekko.serialization.Serialization serialization = org.apache.pekko.serialization.SerializationExtension
          .get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system));
      org.apache.pekko.serialization.Serializer serializer = serialization.findSerializerFor(m);
      String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, m);
      byte[] bytes = serialization.serialize(m).get();
      byte[] kind = manifest.getBytes(StandardCharsets.UTF_8);
      byte[] receiver = resolver.toSerializationFormat(target).getBytes(StandardCharsets.UTF_8);
      Connection c = connections.computeIfAbsent(to, this::connect);
      if (c == null) {
        return false;
      }
      synchronized (c) {
        ByteBuffer b = c.buffer;
        b.clear();
        b.putInt(COMMAND_FRAME).putInt(serializer.identifier());
        b.putInt(kind.length).put(kind).putInt(receiver.length).put(receiver).putInt(bytes.length);
        for (int done = 0; done < bytes.length; ) {
          if (!b.hasRemaining()) {
            flush(c);
          }
          int k = Math.min(b.remaining(), bytes.length - done);
          b.put(bytes, done, k);
          done += k;
        }
        flush(c);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      dropConnection(to, e);
      return false;
    }
  }

  private void dropConnection(String to, Exception e) {
    Connection broken = connections.remove(to);
    if (broken != null) {
      try {
        broken.channel.close();
      } catch (IOException ignored) {
        // closing a broken connection
      }
    }
    system.log().warn("data plane to {} failed, messages go through remoting: {}", to, e.toString());
  }

  private Connection connect(String to) {
    int colon = to.lastIndexOf(':');
    try {
      SocketChannel ch = SocketChannel.open(new InetSocketAddress(to.substring(0, colon),
          Integer.parseInt(to.substring(colon + 1))));
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      return new Connection(ch);
    } catch (IOException e) {
      system.log().warn("no data plane connection to {}: {}", to, e.toString());
      return null;
    }
  }

  private void write(Connection c, ActorRef<Engine.Command> target, Engine.PieceData m) throws IOException {
    byte[] sender = resolver.toSerializationFormat(m.sender()).getBytes(StandardCharsets.UTF_8);
    byte[] receiver = resolver.toSerializationFormat(target).getBytes(StandardCharsets.UTF_8);
    NdArray data = m.data().isContiguous() ? m.data() : m.data().copy();
    ByteBuffer b = c.buffer;
    b.clear();
    b.putInt(0); // length, set below
    b.putLong(m.requestId()).putLong(m.result()).putInt(m.slot());
    b.putInt(sender.length).put(sender).putInt(receiver.length).put(receiver);
    List<IndexRuns> axes = m.targetLocal().axes();
    b.putInt(axes.size());
    for (IndexRuns runs : axes) {
      b.putInt(runs.runs());
      for (int r = 0; r < runs.runs(); r++) {
        b.putLong(runs.runStart(r)).putLong(runs.runStep(r)).putLong(runs.runLength(r));
      }
    }
    long[] shapeAtTarget = m.shapeAtTarget();
    b.putInt(shapeAtTarget == null ? -1 : shapeAtTarget.length);
    if (shapeAtTarget != null) {
      for (long v : shapeAtTarget) {
        b.putLong(v);
      }
    }
    b.put((byte) data.dtype().ordinal());
    long[] dims = data.dims();
    b.putInt(dims.length);
    for (long v : dims) {
      b.putLong(v);
    }
    long bytes = data.size() * data.dtype().itemSize();
    b.putInt(0, (int) (b.position() - 4 + bytes));
    // the elements follow in pieces of the buffer's size
    int item = data.dtype().itemSize();
    int off = (int) data.offset();
    long n = data.size();
    long done = 0;
    while (done < n) {
      int room = b.remaining() / item;
      if (room == 0) {
        flush(c);
        continue;
      }
      int k = (int) Math.min(room, n - done);
      ElementBytes.put(b, data, off + (int) done, k);
      done += k;
    }
    flush(c);
  }

  private static void flush(Connection c) throws IOException {
    c.buffer.flip();
    while (c.buffer.hasRemaining()) {
      c.channel.write(c.buffer);
    }
    c.buffer.clear();
  }

  private void accept() {
    while (!closed) {
      try {
        SocketChannel ch = server.accept();
        synchronized (accepted) {
          accepted.add(ch);
        }
        Thread reader = new Thread(() -> read(ch), "distarray-data-read");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        if (!closed) {
          system.log().warn("data plane stopped accepting: {}", e.toString());
        }
        return;
      }
    }
  }

  /** Reads frames from one connection and hands each chunk to its engine, until the connection ends. */
  private void read(SocketChannel ch) {
    ByteBuffer head = ByteBuffer.allocate(64 << 10).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer body = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    try {
      while (!closed) {
        head.clear().limit(4);
        if (!fill(ch, head)) {
          return;
        }
        int length = head.getInt(0);
        if (length == COMMAND_FRAME) {
          readCommand(ch, head);
          continue;
        }
        Frame f = readHeader(ch, head);
        long bytes = length - (f.headerBytes);
        long size = 1;
        for (long d : f.dims) {
          if (d < 0 || d > MAX_ELEMENTS) {
            throw new IOException("bad dimension " + d + " in a block part");
          }
          size *= d;
          if (size > MAX_ELEMENTS) {
            throw new IOException("block part of more than " + MAX_ELEMENTS + " elements");
          }
        }
        if (bytes != size * f.dtype.itemSize()) {
          throw new IOException("frame of " + length + " bytes does not match its array " + f.dtype + " "
              + java.util.Arrays.toString(f.dims));
        }
        NdArray data = NdArray.zeros(f.dtype, f.dims);
        long done = 0;
        int item = f.dtype.itemSize();
        while (done < data.size()) {
          int k = (int) Math.min(body.capacity() / item, data.size() - done);
          body.clear().limit(k * item);
          if (!fill(ch, body)) {
            throw new IOException("connection closed inside a frame");
          }
          body.flip();
          ElementBytes.get(body, data, (int) done, k);
          done += k;
        }
        f.target.tell(new Engine.PieceData(f.requestId, f.result, f.piece, data, f.shapeAtTarget, f.sender, f.slot));
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        system.log().warn("data plane connection dropped: {}", e.toString());
      }
    } finally {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already broken
      }
    }
  }

  /** Reads a serialized reduction command and hands it to its engine; anything else drops the connection. */
  private void readCommand(SocketChannel ch, ByteBuffer head) throws IOException {
    int serializerId = readInt(ch, head);
    String manifest = readString(ch, head);
    String target = readString(ch, head);
    int n = readInt(ch, head);
    if (n < 0 || n > MAX_COMMAND_BYTES) {
      throw new IOException("bad length of a command: " + n);
    }
    byte[] bytes = new byte[n];
    fillOrFail(ch, ByteBuffer.wrap(bytes));
    ActorRef<Engine.Command> to = engineOfThisNode(target);
    Object m = org.apache.pekko.serialization.SerializationExtension
        .get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system))
        .deserialize(bytes, serializerId, manifest).get();
    if (!(m instanceof Engine.Reduce || m instanceof Engine.Partial)) {
      throw new IOException("a " + m.getClass().getName() + " is not a command the data plane carries");
    }
    to.tell((Engine.Command) m);
  }

  private ActorRef<Engine.Command> engineOfThisNode(String target) throws IOException {
    @SuppressWarnings("unchecked")
    ActorRef<Engine.Command> to = (ActorRef<Engine.Command>) (ActorRef<?>) resolver.resolveActorRef(target);
    if (!to.path().address().hasLocalScope() || !to.path().name().startsWith("engine-")) {
      throw new IOException("a frame for " + target + ", which is not an engine of this node");
    }
    return to;
  }

  private record Frame(long requestId, long result, int slot, ActorRef<Engine.Command> sender,
      ActorRef<Engine.Command> target, Piece piece, long[] shapeAtTarget, DType dtype, long[] dims, int headerBytes) {}

  private Frame readHeader(SocketChannel ch, ByteBuffer head) throws IOException {
    head.clear().limit(20);
    fillOrFail(ch, head);
    long requestId = head.getLong(0);
    long result = head.getLong(8);
    int slot = head.getInt(16);
    int used = 20;
    String sender = readString(ch, head);
    used += 4 + sender.getBytes(StandardCharsets.UTF_8).length;
    String target = readString(ch, head);
    used += 4 + target.getBytes(StandardCharsets.UTF_8).length;
    int naxes = count(readInt(ch, head), 64, "axes");
    used += 4;
    List<IndexRuns> axes = new ArrayList<>();
    for (int a = 0; a < naxes; a++) {
      int runs = count(readInt(ch, head), head.capacity() / 24, "runs");
      used += 4;
      IndexRuns.Builder builder = new IndexRuns.Builder();
      head.clear().limit(runs * 24);
      fillOrFail(ch, head);
      for (int r = 0; r < runs; r++) {
        builder.addRun(head.getLong(r * 24), head.getLong(r * 24 + 8), head.getLong(r * 24 + 16));
      }
      used += runs * 24;
      axes.add(builder.build());
    }
    int shapeLength = readInt(ch, head);
    if (shapeLength != -1) {
      count(shapeLength, 64, "target axes");
    }
    used += 4;
    long[] shapeAtTarget = shapeLength < 0 ? null : readLongs(ch, head, shapeLength);
    used += Math.max(0, shapeLength) * 8;
    head.clear().limit(5);
    fillOrFail(ch, head);
    int code = head.get(0);
    if (code < 0 || code >= DType.values().length) {
      throw new IOException("unknown dtype code " + code + " in a block part");
    }
    DType dtype = DType.values()[code];
    int ndim = count(head.getInt(1), 64, "dimensions");
    used += 5;
    long[] dims = readLongs(ch, head, ndim);
    used += ndim * 8;
    @SuppressWarnings("unchecked")
    ActorRef<Engine.Command> from = (ActorRef<Engine.Command>) (ActorRef<?>) resolver.resolveActorRef(sender);
    ActorRef<Engine.Command> to = engineOfThisNode(target);
    return new Frame(requestId, result, slot, from, to, new Piece(axes), shapeAtTarget, dtype, dims, used);
  }

  private static int count(int n, int max, String what) throws IOException {
    if (n < 0 || n > max) {
      throw new IOException("bad count of " + what + " in a block part: " + n);
    }
    return n;
  }

  private static String readString(SocketChannel ch, ByteBuffer head) throws IOException {
    int n = count(readInt(ch, head), 4096, "reference");
    head.clear().limit(n);
    fillOrFail(ch, head);
    return new String(head.array(), 0, n, StandardCharsets.UTF_8);
  }

  private static int readInt(SocketChannel ch, ByteBuffer head) throws IOException {
    head.clear().limit(4);
    fillOrFail(ch, head);
    return head.getInt(0);
  }

  private static long[] readLongs(SocketChannel ch, ByteBuffer head, int n) throws IOException {
    head.clear().limit(n * 8);
    fillOrFail(ch, head);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = head.getLong(i * 8);
    }
    return out;
  }

  /** Reads until b is full; false at a clean end of stream before any byte. */
  private static boolean fill(SocketChannel ch, ByteBuffer b) throws IOException {
    boolean any = false;
    while (b.hasRemaining()) {
      int n = ch.read(b);
      if (n < 0) {
        if (any || b.position() > 0) {
          throw new IOException("connection closed inside a frame");
        }
        return false;
      }
      any |= n > 0;
    }
    return true;
  }

  private static void fillOrFail(SocketChannel ch, ByteBuffer b) throws IOException {
    if (!fill(ch, b)) {
      throw new IOException("connection closed inside a frame");
    }
  }

  private void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // stopping
    }
    for (Connection c : connections.values()) {
      try {
        c.channel.close();
      } catch (IOException ignored) {
        // stopping
      }
    }
    synchronized (accepted) {
      for (SocketChannel ch : accepted) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // stopping
        }
      }
    }
  }
}

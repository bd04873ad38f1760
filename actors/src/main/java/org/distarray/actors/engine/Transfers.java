package org.distarray.actors.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.transport.Wire;
import org.distarray.actors.wire.PartPool;
import org.distarray.actors.wire.ReceivedStorage;
import org.distarray.actors.wire.WireArray;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Piece;
import org.distarray.arrays.dist.PieceChunks;
import org.distarray.arrays.dist.PieceCopy;

/**
 * An engine's side of block transfers: the pieces it sends, cut into chunks of at most
 * {@code distarray.transfer.chunk-bytes} (well under the remote frame size in cluster mode) with at most {@code distarray.transfer.window} chunks unacknowledged per transfer request (flow control: memory on either
 * side stays at its blocks plus a few chunks), and the blocks it receives, filled chunk by chunk.
 *
 * <p>A piece of one axis addresses a block of more axes by C-order position (a reshape moves flat ranges).
 * Pieces are cut along any axis ({@link PieceChunks}: contiguous C-order ranges), so a long row travels in many
 * chunks, and a chunk's pieces have at most {@code chunk-bytes / 96} runs (a header of at most a quarter of its
 * bytes); a piece broadcast on arrival ({@code shapeAtTarget}) is one chunk.
 */
final class Transfers {

  /** A chunk still to send: where it is in the source block and where it goes. */
  private record Chunk(ActorRef<Engine.Command> target, Piece sourceLocal, Piece targetLocal, long[] shapeAtTarget) {}

  /**
   * One SendPieces command in progress, with window chunk buffers that are reused as their chunks are acknowledged
   * (no allocation per chunk).
   */
  private static final class Sending {
    final Engine.SendPieces command;
    final NdArray block;
    final Deque<Chunk> queue;
    final Object[] buffers;
    final Deque<Integer> freeSlots = new ArrayDeque<>();
    /** The byte arrays of chunks serialized for other nodes, written again once their chunk is acknowledged. */
    final PartPool parts;
    final int chunkElements;
    /** The buffers' bytes, counted against the engine's budget while the send lasts. */
    long bufferBytes;
    int inFlight;

    Sending(Engine.SendPieces command, NdArray block, Deque<Chunk> queue, int chunkElements, int window,
        BlockStore store) {
      this.buffers = new Object[window];
      this.parts = new PartPool(window, store::takeBytes);
      this.command = command;
      this.block = block;
      this.queue = queue;
      this.chunkElements = chunkElements;
      for (int slot = 0; slot < window; slot++) {
        freeSlots.add(slot);
      }
    }
  }

  /** One ReceiveBlock (a new block; command set) or ReceiveInto (an existing block; command null) in progress. */
  static final class Receiving {
    final long requestId;
    final Engine.ReceiveBlock command;
    final ActorRef<Engine.Done> replyTo;
    final NdArray block;
    final int rank;
    long remaining;
    /** The bytes of a new block counted against the budget while it is received (0 for an existing block). */
    long heldBytes;
    /**
     * For a planned move, where engines of this node write the block themselves; remaining is then 1 until the
     * landing is complete, 0 after.
     */
    Landings.Landing landing;

    Receiving(long requestId, Engine.ReceiveBlock command, ActorRef<Engine.Done> replyTo, NdArray block, int rank,
        long remaining) {
      this.requestId = requestId;
      this.command = command;
      this.replyTo = replyTo;
      this.block = block;
      this.rank = rank;
      this.remaining = remaining;
    }
  }

  /** The bytes of one run of a chunk's pieces in its header: start, step and count. */
  private static final int RUN_BYTES = 24;

  private final ActorRef<Engine.Command> self;
  private long bytesSent;
  private final int chunkBytes;
  private final int window;
  /** The system whose data plane carries chunks to engines of other nodes. */
  private final org.apache.pekko.actor.typed.ActorSystem<?> system;
  private final Map<Long, Sending> sending = new HashMap<>();
  private final Map<Long, Receiving> receiving = new HashMap<>();
  private final Map<Long, List<Engine.PieceData>> early = new HashMap<>();
  /** Requests whose receive failed here: their further chunks are acknowledged and dropped. */
  private final java.util.LinkedHashSet<Long> abandoned = new java.util.LinkedHashSet<>();
  /** Planned moves whose landing completed before their ReceiveBlock came. */
  private final java.util.Set<Long> landedEarly = new java.util.HashSet<>();
  private static final int ABANDONED_LIMIT = 4096;

  /** Where the chunk buffers are counted against the budget. */
  private final BlockStore store;

  Transfers(ActorRef<Engine.Command> self, int chunkBytes, int window,
      org.apache.pekko.actor.typed.ActorSystem<?> system, BlockStore store) {
    this.self = self;
    this.store = store;
    this.system = system;
    this.chunkBytes = chunkBytes;
    this.window = window;
  }

  /**
   * Starts sending; true when there was nothing left to send (the command is done at once). Pieces for this
   * engine itself are copied straight into the block being received here, without messages.
   *
   * @return the receive this engine completed with its own pieces, if any, through {@code completedHere}
   */
  boolean startSending(Engine.SendPieces m, NdArray whole, List<Receiving> completedHere) {
    NdArray block = m.transfers().isEmpty() ? whole : addressed(whole, m.transfers().get(0).sourceLocal());
    Deque<Chunk> queue = new ArrayDeque<>();
    long perChunk = Math.max(1, chunkBytes / block.dtype().itemSize());
    long maxRuns = Math.max(1, chunkBytes / 4 / RUN_BYTES); // a chunk's header: at most a quarter of its bytes
    long buffers = bufferBytes(m, block.dtype().itemSize());
    store.holdTransfer(buffers, "the chunk buffers of a transfer"); // before anything is written anywhere
    for (Engine.Outgoing t : m.transfers()) {
      Piece src = t.sourceLocal();
      if (src.isEmpty()) {
        continue;
      }
      Receiving local = t.target().equals(self) ? receiving.get(m.requestId()) : null;
      if (local != null) {
        if (t.shapeAtTarget() == null) {
          PieceCopy.copy(block, src, addressed(local.block, t.targetLocal()), t.targetLocal());
        } else {
          PieceCopy.insert(local.block, t.targetLocal(), stretched(PieceCopy.extract(block, src), t.shapeAtTarget(),
              t.targetLocal()));
        }
        local.remaining -= t.targetLocal().size();
        if (local.remaining == 0) {
          completedHere.add(local);
        }
        continue;
      }
      if (src.ndim() == 0 || t.shapeAtTarget() != null) {
        queue.add(new Chunk(t.target(), src, t.targetLocal(), t.shapeAtTarget()));
        continue;
      }
      for (PieceChunks.Chunk c : PieceChunks.of(src, t.targetLocal(), perChunk, maxRuns)) {
        queue.add(new Chunk(t.target(), c.source(), c.target(), null));
      }
    }
    if (queue.isEmpty()) {
      store.releaseTransfer(buffers);
      return true;
    }
    int largest = 0;
    for (Chunk c : queue) {
      largest = (int) Math.max(largest, c.sourceLocal().size());
    }
    Sending s = new Sending(m, block, queue, largest, window, store);
    s.bufferBytes = buffers;
    sending.put(m.requestId(), s);
    while (s.inFlight < window && !s.queue.isEmpty()) {
      sendNext(s);
    }
    return false;
  }

  /** A chunk arrived at its receiver: send another; the finished Send when the last one is acknowledged. */
  Engine.SendPieces acknowledged(long requestId, int slot) {
    Sending s = sending.get(requestId);
    if (s == null) {
      return null;
    }
    s.freeSlots.push(slot);
    s.parts.release(slot);
    s.inFlight--;
    if (!s.queue.isEmpty()) {
      sendNext(s);
      return null;
    }
    if (s.inFlight == 0) {
      sending.remove(requestId);
      store.releaseTransfer(s.bufferBytes);
      s.parts.drain(store::recycleBytes);
      return s.command;
    }
    return null;
  }

  /** Bytes of block data sent to other engines since this engine started. */
  long bytesSent() {
    return bytesSent;
  }

  /** Counts bytes of block data copied straight into another engine's block of this JVM. */
  void sentInJvm(long bytes) {
    bytesSent += bytes;
  }

  private void sendNext(Sending s) {
    Chunk c = s.queue.poll();
    int slot = s.freeSlots.pop();
    s.inFlight++;
    if (!c.target().equals(self)) {
      bytesSent += c.sourceLocal().size() * s.block.dtype().itemSize();
    }
    // no chunk buffer when the piece is a view of the block: a remote chunk is serialized from it, and an engine of
    // this JVM copies from it into its own block (the source stays unchanged until the request completes, and the
    // receiver keeps no reference to it)
    boolean remote = Wire.isRemote(c.target());
    NdArray view = remote && c.shapeAtTarget() != null ? null : PieceCopy.viewOf(s.block, c.sourceLocal());
    if (view != null) {
      Engine.PieceData chunk = new Engine.PieceData(s.command.requestId(), s.command.result(), c.targetLocal(),
          WireArray.of(view), c.shapeAtTarget(), self, slot);
      if (!remote) {
        Wire.tellBulk(system, c.target(), chunk);
        return;
      }
      if (Wire.tellBulkSerialized(system, c.target(), chunk, s.parts.lease(slot))) {
        return;
      }
    }
    if (s.buffers[slot] == null) {
      s.buffers[slot] = NdArray.zeros(s.block.dtype(), s.chunkElements).storage();
    }
    long[] shape = c.sourceLocal().shape();
    NdArray data = NdArray.view(s.block.dtype(), s.buffers[slot], 0, shape, NdArray.contiguousStrides(shape));
    PieceCopy.extractInto(s.block, c.sourceLocal(), data);
    Engine.PieceData chunk = new Engine.PieceData(s.command.requestId(), s.command.result(), c.targetLocal(),
        WireArray.of(data), c.shapeAtTarget(), self, slot);
    Wire.tellBulk(system, c.target(), chunk);
  }

  /** At most what the chunk buffers of m's pieces for other engines take: a window of chunks, or the pieces. */
  private long bufferBytes(Engine.SendPieces m, int itemSize) {
    long remote = 0;
    for (Engine.Outgoing t : m.transfers()) {
      if (!t.target().equals(self)) {
        remote += t.sourceLocal().size() * itemSize;
      }
    }
    return Math.min(remote, (long) window * chunkBytes);
  }

  /** The block as the piece addresses it: flattened in C order for a one-axis piece of a block of more axes. */
  static NdArray addressed(NdArray block, Piece piece) {
    return piece.ndim() == 1 && block.ndim() != 1 ? block.reshape(-1) : block;
  }

  /** Data reshaped to shapeAtTarget and broadcast to the target piece's shape. */
  private static NdArray stretched(NdArray data, long[] shapeAtTarget, Piece target) {
    return data.reshape(shapeAtTarget).broadcastTo(org.distarray.arrays.Shape.of(target.shape()));
  }

  /** Starts receiving into block; chunks that came early are written now. Returns the state (done when remaining is 0). */
  Receiving startReceiving(Engine.ReceiveBlock m, NdArray block, int rank) {
    Receiving r = new Receiving(m.requestId(), m, m.replyTo(), block, rank, block.size());
    r.heldBytes = BlockStore.storageBytes(block);
    store.holdTransfer(r.heldBytes, "a block being received"); // taken within the budget: it fits
    return start(r);
  }

  /**
   * Starts receiving a block of a planned move: engines of this node write into the landing's block themselves,
   * chunks from other nodes are written here; complete when the landing is (this engine then hears Landed, or
   * completes it with a chunk of its own).
   */
  Receiving startLanding(Engine.ReceiveBlock m, Landings.Landing landing, int rank) {
    boolean done = landing.expected == 0 || landedEarly.remove(m.requestId());
    Receiving r = new Receiving(m.requestId(), m, m.replyTo(), landing.block, rank, done ? 0 : 1);
    r.landing = landing;
    r.heldBytes = BlockStore.storageBytes(landing.block);
    store.holdTransfer(r.heldBytes, "a block being received");
    return start(r);
  }

  /** The landing of a planned move is complete: its receive, or null when it has not started (remembered). */
  Receiving landed(long requestId) {
    Receiving r = receiving.get(requestId);
    if (r == null || r.landing == null) {
      if (!abandoned.contains(requestId)) {
        landedEarly.add(requestId);
      }
      return null;
    }
    r.remaining = 0;
    return r;
  }

  /** Starts receiving pieces into an existing block (an assignment of elements of it). */
  Receiving startReceivingInto(Engine.ReceiveInto m, NdArray block, int rank) {
    return start(new Receiving(m.requestId(), null, m.replyTo(), block, rank, m.elements()));
  }

  private Receiving start(Receiving r) {
    receiving.put(r.requestId, r);
    List<Engine.PieceData> arrived = early.remove(r.requestId);
    if (arrived != null) {
      for (Engine.PieceData d : arrived) {
        write(r, d);
      }
    }
    return r;
  }

  /** Writes a chunk (or keeps it until its Receive comes); returns the state it completed, else null. */
  Receiving arrived(Engine.PieceData d) {
    if (abandoned.contains(d.requestId())) {
      d.sender().tell(new Engine.PieceAck(d.requestId(), d.slot())); // its sender finishes; the data is dropped
      return null;
    }
    Receiving r = receiving.get(d.requestId());
    if (r == null) {
      early.computeIfAbsent(d.requestId(), k -> new ArrayList<>()).add(d);
      return null;
    }
    write(r, d);
    return r.remaining == 0 ? r : null;
  }

  /**
   * Gives up a receive whose chunk could not be written: returns its state (null if it had none yet) and drops the
   * request's later chunks. Bounded: the oldest abandoned ids are forgotten first.
   */
  Receiving abandon(long requestId) {
    abandoned.add(requestId);
    if (abandoned.size() > ABANDONED_LIMIT) {
      abandoned.remove(abandoned.iterator().next());
    }
    List<Engine.PieceData> arrived = early.remove(requestId);
    if (arrived != null) {
      for (Engine.PieceData d : arrived) {
        Wire.tell(system, d.sender(), new Engine.PieceAck(d.requestId(), d.slot()));
      }
    }
    Receiving r = receiving.remove(requestId);
    if (r != null && r.command != null) {
      release(r);
      if (r.landing == null) {
        store.recycle(r.block); // a new block that will never be one
      } // a landing's block is left to the collector: engines of this node may still be writing into it
    }
    return r;
  }

  /**
   * Drops everything of a request the coordinator aborted: the chunks still to send and their buffers (given back
   * to the budget), a receive and its new block (recycled), chunks that came early (acknowledged: their senders
   * finish). Its later chunks are acknowledged and dropped.
   */
  void abort(long requestId) {
    Sending s = sending.remove(requestId);
    if (s != null) {
      store.releaseTransfer(s.bufferBytes);
      s.parts.drain(store::recycleBytes);
    }
    abandon(requestId);
    landedEarly.remove(requestId);
  }

  /** Aborts every request in progress here (a new coordinator: the old one's requests are over). */
  void abortAll() {
    java.util.Set<Long> ids = new java.util.HashSet<>(sending.keySet());
    ids.addAll(receiving.keySet());
    ids.addAll(early.keySet());
    ids.forEach(this::abort);
  }

  /** Forgets a finished Receive; its new block is counted as a block from now on (the caller keeps it). */
  void finished(long requestId) {
    Receiving r = receiving.remove(requestId);
    if (r != null) {
      release(r);
    }
  }

  private void release(Receiving r) {
    store.releaseTransfer(r.heldBytes);
    r.heldBytes = 0;
  }

  private void write(Receiving r, Engine.PieceData d) {
    try {
      NdArray block = addressed(r.block, d.targetLocal());
      NdArray place = d.data().isReceived() && d.shapeAtTarget() == null ? PieceCopy.viewOf(block, d.targetLocal())
          : null;
      if (place != null && place.dtype() == d.data().dtype()
          && java.util.Arrays.equals(place.dims(), d.data().dims())) {
        d.data().readInto(place); // bytes from another node, read straight into the block
      } else {
        NdArray data = d.data().toNdArray();
        PieceCopy.insert(block, d.targetLocal(),
            d.shapeAtTarget() == null ? data : stretched(data, d.shapeAtTarget(), d.targetLocal()));
        ReceivedStorage.giveBack(data); // read from the wire for this copy only (a view of a block is ignored)
      }
      long n = d.targetLocal().size();
      if (r.landing == null) {
        r.remaining -= n;
      } else if (r.landing.add(n)) {
        r.remaining = 0;
      }
    } finally {
      Wire.tell(system, d.sender(), new Engine.PieceAck(d.requestId(), d.slot()));
    }
  }
}

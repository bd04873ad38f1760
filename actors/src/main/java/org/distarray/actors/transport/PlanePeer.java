package org.distarray.actors.transport;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Address;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.MergeHub;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * This node's two connections to another node's data plane: the control lane carries small messages (reduction
 * commands and partials, answers, acknowledgements) through a bounded queue, so they never wait behind bulk bytes;
 * the bulk lane carries block chunks and large messages, each a source of frames merged into the connection, with
 * back-pressure from the socket to the frames' producer. Both connect lazily once the peer's endpoint is known.
 */
final class PlanePeer {
  static final int CONTROL = 0;
  static final int BULK = 1;
  /** One-frame bulk messages queued per peer before they take the back-pressured path of larger ones. */
  private static final int BULK_QUEUE = 64;

  final Address address;
  private final BoundedSourceQueue<ByteString> control;
  /** Bulk messages of one frame (block chunks, whose number in flight the transfers' windows bound). */
  private final BoundedSourceQueue<ByteString> bulkFrames;
  /** Bulk messages of several frames, each a source of frames pulled as the connection takes them. */
  private final Sink<ByteString, NotUsed> bulk;
  private final UniqueKillSwitch controlSwitch;
  private final UniqueKillSwitch bulkSwitch;
  private final AtomicLong messageIds = new AtomicLong();
  private final AtomicBoolean ended = new AtomicBoolean();
  /** Why this node dropped the connections itself ({@link #abort}), or null. */
  private volatile Throwable dropped;
  private final Materializer materializer;
  private final int fragmentBytes;

  PlanePeer(Address address, Flow<ByteString, ByteString, ?> controlConnection,
      Flow<ByteString, ByteString, ?> bulkConnection, Source<ByteString, NotUsed> controlHello,
      Source<ByteString, NotUsed> bulkHello, int controlQueue, int fragmentBytes, Materializer materializer,
      java.util.function.BiConsumer<PlanePeer, Throwable> onEnd) {
    this.address = address;
    this.materializer = materializer;
    this.fragmentBytes = fragmentBytes;
    Pair<Pair<BoundedSourceQueue<ByteString>, UniqueKillSwitch>, CompletionStage<Done>> c =
        Source.<ByteString>queue(controlQueue)
            .prepend(controlHello)
            .viaMat(KillSwitches.single(), Keep.both())
            .via(controlConnection)
            .toMat(Sink.ignore(), Keep.both())
            .run(materializer);
    this.control = c.first().first();
    this.controlSwitch = c.first().second();
    Pair<Pair<Pair<BoundedSourceQueue<ByteString>, Sink<ByteString, NotUsed>>, UniqueKillSwitch>,
        CompletionStage<Done>> b =
        Source.<ByteString>queue(BULK_QUEUE)
            .mergeMat(MergeHub.of(ByteString.class, 4), Keep.both())
            .prepend(bulkHello)
            .viaMat(KillSwitches.single(), Keep.both())
            .via(bulkConnection)
            .toMat(Sink.ignore(), Keep.both())
            .run(materializer);
    this.bulkFrames = b.first().first().first();
    this.bulk = b.first().first().second();
    this.bulkSwitch = b.first().second();
    c.second().whenComplete((done, failure) -> end(onEnd, failure));
    b.second().whenComplete((done, failure) -> end(onEnd, failure));
  }

  private void end(java.util.function.BiConsumer<PlanePeer, Throwable> onEnd, Throwable failure) {
    if (ended.compareAndSet(false, true)) {
      controlSwitch.shutdown();
      bulkSwitch.shutdown();
      onEnd.accept(this, failure);
    }
  }

  boolean ended() {
    return ended.get();
  }

  /**
   * Why this node dropped the connections ({@link #abort}), or null: they then end with the TCP stage's "The
   * connection has been aborted", which is this node's own doing and not a failure of the peer or the network.
   */
  Throwable dropped() {
    return dropped;
  }

  /** Queues a small message on the control lane; false when the queue is full or the peer has ended. */
  boolean sendControl(PlaneFrames.Outbound m) {
    if (ended.get()) {
      return false;
    }
    ByteString frame = PlaneFrames.frames(messageIds.incrementAndGet(), m, Integer.MAX_VALUE).next();
    return control.offer(frame) == QueueOfferResult.enqueued();
  }

  /**
   * Sends a message on the bulk lane: a message of one frame through a queue, a larger one cut into frames as the
   * connection takes them.
   */
  void sendBulk(PlaneFrames.Outbound m) {
    long id = messageIds.incrementAndGet();
    if (m.payload().size() <= fragmentBytes
        && bulkFrames.offer(PlaneFrames.frames(id, m, fragmentBytes).next()) == QueueOfferResult.enqueued()) {
      return; // one frame, queued without a stream of its own
    }
    Source.fromIterator(() -> PlaneFrames.frames(id, m, fragmentBytes)).runWith(bulk, materializer);
  }

  /** Closes both connections after what is queued (a clean stop). */
  void close() {
    control.complete();
    bulkFrames.complete();
    controlSwitch.shutdown();
    bulkSwitch.shutdown();
  }

  /** Drops both connections and what is queued on them (the peer became unreachable). */
  void abort(Throwable why) {
    dropped = why;
    controlSwitch.abort(why);
    bulkSwitch.abort(why);
  }
}

package org.distarray.actors.engine;

import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.distarray.actors.CborSerializable;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.Expr;
import org.distarray.actors.Fill;
import org.distarray.actors.TaskAnswer;
import org.distarray.actors.TaskPayload;
import org.distarray.actors.TaskResult;
import org.distarray.actors.transport.Wire;
import org.distarray.actors.wire.UserValues;
import org.distarray.actors.wire.WireArray;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.Piece;
import org.distarray.arrays.dist.PieceCopy;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.task.LocalTask;

/**
 * An engine: owns its blocks of distributed arrays ({@code array id -> block}), runs kernels and tasks on them,
 * and exchanges partial results directly with peer engines. Every command that fails for a user's reason is
 * answered with an {@link ErrorInfo}; the engine keeps running.
 */
public final class Engine extends AbstractBehavior<Engine.Command> {

  /** Messages an engine accepts. */
  public interface Command extends CborSerializable {}

  /** The key under which engines of cluster nodes register with the receptionist. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "distarray-engine");

  /**
   * The coordinator asks for this engine's id (proposedId < 0) or gives it one (an engine that has an id keeps it:
   * ids are stable while the engine lives, also when the coordinator moves to another node). incarnation names the
   * coordinator (unique per start): an engine that served another one drops the blocks of the arrays the new one
   * does not know (its catalog starts empty: all of them) and whatever its requests left.
   */
  public record Join(int proposedId, long incarnation, ActorRef<Joined> replyTo) implements Command {}

  /** The engine's id after a Join (-1: it has none yet). */
  public record Joined(ActorRef<Command> engine, int engineId) implements CborSerializable {}

  /** Writes part of this engine's block of an array (C-order positions from flatStart), creating it on first use. */
  public record StorePart(long requestId, long array, Distribution distribution, long flatStart, NdArray part,
      ActorRef<Done> replyTo) implements Command {}

  /** Answers count elements of this engine's block of an array from C-order position flatStart. */
  public record FetchPart(long requestId, long array, long flatStart, int count, ActorRef<Done> replyTo)
      implements Command {}

  /** Allocates this engine's block of a new array and fills it. */
  public record Create(long requestId, long array, Distribution distribution, DType dtype, Fill fill,
      ActorRef<Done> replyTo) implements Spreadable {
    @Override
    public Create withReplyTo(ActorRef<Done> to) {
      return new Create(requestId, array, distribution, dtype, fill, to);
    }

    @Override
    public boolean concerns(int engine) {
      return distribution.rankOfEngine(engine) >= 0;
    }
  }

  /** Keeps a block the client computed (scatter of a local array). */
  public record Store(long requestId, long array, Distribution distribution, NdArray block, ActorRef<Done> replyTo)
      implements Command {}

  /** result = the expression evaluated over this engine's blocks of its arrays, in one fused pass. */
  public record Evaluate(long requestId, Expr expr, long result, ActorRef<Done> replyTo) implements Spreadable {
    @Override
    public Evaluate withReplyTo(ActorRef<Done> to) {
      return new Evaluate(requestId, expr, result, to);
    }

    @Override
    public boolean concerns(int engine) {
      return true; // spread over the engines of its arrays' distribution
    }
  }

  /**
   * Reduces this engine's block, folds in the partials of {@code children} peers, and passes the share to
   * {@code parent}; without a parent this engine is the root: it finishes the reduction and either answers with
   * the value (result -1; to answerTo, the client, when given, and then replyTo that it is done) or keeps it as its
   * block of array {@code result} distributed by resultDistribution.
   */
  public record Reduce(long requestId, Expr source, ReduceOp op, boolean[] reduced, ActorRef<Command> parent,
      int children, long result, Distribution resultDistribution, ActorRef<Done> replyTo, ActorRef<Done> answerTo)
      implements Command {}

  /** A child's share of a reduction (or its error), sent engine to engine. */
  public record Partial(long requestId, org.distarray.arrays.ops.PartialReduction partial, ErrorInfo error)
      implements Command {}

  /**
   * Receives this engine's block of array result (distribution, dtype) from the engines that send it; the block
   * has blockShape, or the distribution's local shape when that is null (an aligned operand of a broadcast has
   * length 1 on its stretched axes).
   */
  public record ReceiveBlock(long requestId, long result, Distribution distribution, DType dtype, long[] blockShape,
      ActorRef<Done> replyTo, boolean planned) implements Spreadable {
    @Override
    public ReceiveBlock withReplyTo(ActorRef<Done> to) {
      return new ReceiveBlock(requestId, result, distribution, dtype, blockShape, to, planned);
    }

    @Override
    public boolean concerns(int engine) {
      return distribution.rankOfEngine(engine) >= 0;
    }

    public ReceiveBlock(long requestId, long result, Distribution distribution, DType dtype, long[] blockShape,
        ActorRef<Done> replyTo) {
      this(requestId, result, distribution, dtype, blockShape, replyTo, false);
    }
  }

  /**
   * The engines of the cluster by id (ascending, refs in the same order), version {@code version} of the list (the
   * coordinator sends a new one before the first command that needs it after engines joined): engines find the
   * peers they pass commands and pieces on to here.
   */
  public record Peers(long version, int[] ids, List<ActorRef<Command>> refs) implements Command {
    /** The engine with this id, or null (ids are ascending: a binary search). */
    public ActorRef<Command> ref(int id) {
      int i = java.util.Arrays.binarySearch(ids, id);
      return i >= 0 ? refs.get(i) : null;
    }
  }

  /**
   * Moves this engine's block of source into the new array result, whose blocks the engines of resultDistribution
   * receive (ReceiveBlock with planned set): the engine plans its own pieces, those of the move of the array from its
   * distribution to resultDistribution (for a reshape, flat, between the two distributions' flat forms), and sends
   * each to its engine: written straight into the receiver's block on this node, in chunks to other nodes. Planning
   * costs O(this engine's pieces), not O(all pieces). Waits for Peers of at least peersVersion.
   */
  public record SendPlanned(long requestId, long source, Distribution sourceDistribution, long result,
      Distribution resultDistribution, boolean flat, long peersVersion, ActorRef<Done> replyTo) implements Spreadable {
    @Override
    public SendPlanned withReplyTo(ActorRef<Done> to) {
      return new SendPlanned(requestId, source, sourceDistribution, result, resultDistribution, flat, peersVersion,
          to);
    }

    @Override
    public boolean concerns(int engine) {
      return sourceDistribution.rankOfEngine(engine) >= 0;
    }
  }

  /**
   * A command that every engine of a group runs alike, spread along a tree ({@link Spread}): it names its request
   * and answers a Done without payload.
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "command")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = Create.class, name = "create"),
      @JsonSubTypes.Type(value = Evaluate.class, name = "evaluate"),
      @JsonSubTypes.Type(value = ReceiveBlock.class, name = "receive-block"),
      @JsonSubTypes.Type(value = SendPlanned.class, name = "send-planned"),
      @JsonSubTypes.Type(value = Snapshot.class, name = "snapshot"),
      @JsonSubTypes.Type(value = ReduceAll.class, name = "reduce-all")})
  public interface Spreadable extends Command {
    long requestId();

    /** The same command, answering to instead of its replyTo. */
    Spreadable withReplyTo(ActorRef<Done> to);

    /** Whether the engine runs this command (a spread's group is every engine of all its commands). */
    boolean concerns(int engine);
  }

  /**
   * Runs the commands of one request on the engines of group (this engine is group[0]) along a tree: this engine
   * passes the rest of the group on to at most {@link Spreads#FANOUT} engines, each with its share as its own group,
   * runs those of the commands that concern it, and answers replyTo once with one Done for its whole group (or the
   * first error of any, naming its engine). So the coordinator sends and receives one message for a thousand engines.
   * Waits for Peers of peersVersion.
   */
  public record Spread(long requestId, List<Spreadable> commands, int[] group, long peersVersion,
      ActorRef<Done> replyTo, ActorRef<Command> parentEngine) implements Command {
    public Spread(long requestId, List<Spreadable> commands, int[] group, long peersVersion, ActorRef<Done> replyTo) {
      this(requestId, commands, group, peersVersion, replyTo, null);
    }
  }

  /**
   * A reduction of everything to one value, spread along the tree of a {@link Spread} (its only command): each engine
   * reduces its block, folds in the shares of the groups it passed on and sends the result to the engine that passed
   * it its group (parentEngine); the first engine answers with the value: to answerTo (the client) when given, and
   * then replyTo that it is done, else to replyTo. The reduction tree is the command tree: no per-engine plan. With
   * byNode (a small array) an engine reduces the blocks of the engines of its group that run in its JVM itself and
   * passes on only the others ({@link NodeReductions}).
   */
  public record ReduceAll(long requestId, Expr source, ReduceOp op, boolean[] reduced, boolean byNode,
      ActorRef<Done> replyTo, ActorRef<Done> answerTo) implements Spreadable {
    /**
     * Arrays of at most this many elements are reduced by node: one pass over them costs about as much as passing
     * the command to another engine and waiting for its share.
     */
    public static final long SMALL = 1 << 14;

    @Override
    public ReduceAll withReplyTo(ActorRef<Done> to) {
      return new ReduceAll(requestId, source, op, reduced, byNode, to, answerTo);
    }

    @Override
    public boolean concerns(int engine) {
      return true;
    }
  }

  /** An answer to this engine: of its part of a Spread (its own command's or a group it passed on), or of its own
   * receive of a stencil step's ghosts. */
  public record SpreadAnswer(Done done) implements Command {}

  /** Every element of this engine's block of request requestId has been written (by the engine that wrote last). */
  public record Landed(long requestId) implements Command {}

  /** Sends pieces of this engine's block of source, for array result, to their target engines. */
  public record SendPieces(long requestId, long source, long result, List<Outgoing> transfers, ActorRef<Done> replyTo)
      implements Command {}

  /**
   * One piece a Send moves: its local indices here, its local indices at the target, and the target. When
   * shapeAtTarget is not null the piece is broadcast on arrival: its data, reshaped to shapeAtTarget, is stretched to
   * the target piece's shape (an assigned value smaller than the selection); such a piece travels as one chunk.
   */
  public record Outgoing(ActorRef<Command> target, Piece sourceLocal, Piece targetLocal, long[] shapeAtTarget)
      implements CborSerializable {
    public Outgoing(ActorRef<Command> target, Piece sourceLocal, Piece targetLocal) {
      this(target, sourceLocal, targetLocal, null);
    }
  }

  /**
   * A chunk of a piece, sent engine to engine; sender gets a PieceAck for slot once it is written. From another node
   * the data arrives as bytes, which the receiver reads straight into its block.
   */
  public record PieceData(long requestId, long result, Piece targetLocal, WireArray data, long[] shapeAtTarget,
      ActorRef<Command> sender, int slot) implements Command {}

  /**
   * Receives pieces into this engine's existing block of array (an assignment): done when {@code elements} elements
   * of it have been written.
   */
  public record ReceiveInto(long requestId, long array, long elements, ActorRef<Done> replyTo) implements Command {}

  /**
   * One stencil step here (the SendPieces of the same request sends this engine's edge slabs): makes this engine's
   * blocks of outPadded and outInner (the interior of outPadded, ghosts width), fills zeroFills of padded's ghosts
   * with 0, computes the interior of outInner with task while ghostElements ghost elements arrive into padded, then
   * the rim. task runs on (a region of source, the same region of outInner).
   */
  public record StencilStep(long requestId, long source, long padded, long outPadded, long outInner,
      Distribution paddedLayout, Distribution innerLayout, int width, TaskPayload task, long ghostElements,
      List<Piece> zeroFills, ActorRef<Done> replyTo) implements Command {}

  /** Writes value into this engine's block of array at a piece of local indices. */
  public record FillPiece(long requestId, long array, Piece local, double value, ActorRef<Done> replyTo)
      implements Command {}

  /**
   * Makes this engine's block of array result a view of its block of source (a slice that shares the data): the
   * local ranges applied, then the axes permuted when {@code permutation} is not null (a transpose).
   */
  public record MakeView(long requestId, long source, long result, Distribution distribution,
      List<AxisRange> localRanges, int[] permutation, int ghosts, ActorRef<Done> replyTo) implements Command {}

  /** The chunk sent from slot has been written: its sender may reuse the slot for the next one. */
  public record PieceAck(long requestId, int slot) implements Command {}

  /** Reads one element of this engine's block; the answer's value holds it. */
  public record GetElement(long requestId, long array, long[] localIndex, ActorRef<Done> replyTo)
      implements Command {}

  /** Writes one element of this engine's block. */
  public record SetElement(long requestId, long array, long[] localIndex, double value, ActorRef<Done> replyTo,
      boolean exactLong, long longValue) implements Command {
    /** A double value, cast to the array's dtype. */
    public SetElement(long requestId, long array, long[] localIndex, double value, ActorRef<Done> replyTo) {
      this(requestId, array, localIndex, value, replyTo, false, 0);
    }

    /** An integer written exactly (wrapped to a narrower integer dtype, converted for a float one). */
    public static SetElement ofLong(long requestId, long array, long[] localIndex, long value, ActorRef<Done> replyTo) {
      return new SetElement(requestId, array, localIndex, value, replyTo, true, value);
    }
  }

  /** Sends this engine's block of an array to replyTo. */
  public record FetchBlock(long requestId, long array, ActorRef<Done> replyTo) implements Command {}

  /**
   * Runs a task on this engine's blocks of the arrays, as rank {@code rank} of the first array. The engine decodes
   * the task itself (a class missing here is an error answer naming it), sends the result straight to the client's
   * {@code results} (checked first: one that cannot travel is an error answer naming its type), and answers replyTo
   * (the coordinator) with a Done without the result. A combined task (children >= 0) folds in the results of its
   * children (its {@code TaskShare}s) and passes the fold to parent, or to {@code results} at the root. Progress
   * goes to progress (when the client asked for it) and to watcher (the coordinator).
   */
  public record RunTask(long requestId, long[] arrays, int rank, TaskPayload task, ActorRef<Done> replyTo,
      ActorRef<TaskAnswer> results, ActorRef<org.distarray.actors.TaskProgress> progress, ActorRef<Command> parent,
      int children, ActorRef<org.distarray.actors.TaskProgress> watcher) implements Command {}

  /** A child's combined result of a combined task, sent engine to engine. */
  public record TaskShare(long requestId, int rank, TaskResult result) implements Command {}

  /**
   * The request failed elsewhere (an error answer, an engine lost, a timeout): drop everything of it here (chunks
   * being sent and received, their buffers, a block being received, reductions waiting for children); its late
   * chunks are acknowledged and dropped, its late partials and commands ignored.
   */
  public record Abort(long requestId) implements Command {}

  /**
   * Copies this engine's blocks of sources (the arrays held here) as the blocks of copies[i], before they are written:
   * lazy results that read them keep the copies. Blocks that share a storage are copied together when they cover
   * most of it (one copy of the storage, each block a view of it the same way), else each compactly.
   */
  public record Snapshot(long requestId, long[] sources, long[] copies, ActorRef<Done> replyTo) implements Spreadable {
    @Override
    public Snapshot withReplyTo(ActorRef<Done> to) {
      return new Snapshot(requestId, sources, copies, to);
    }

    @Override
    public boolean concerns(int engine) {
      return true; // spread over the engines that hold the arrays
    }
  }

  /** Drops this engine's blocks of the arrays (unknown ids are ignored). */
  public record Free(long[] arrays) implements Command {}

  /** Asks what this engine holds now; answered with a MemoryUsed. */
  public record ReportMemory(ActorRef<MemoryUsed> replyTo) implements Command {}

  /**
   * An engine's blocks, their bytes (shared storage once), everything it holds (with pool and buffers), its budget,
   * the bytes of block data it has sent to other engines and the time it spent on commands, since it started.
   */
  public record MemoryUsed(int engineId, int blocks, long blockBytes, long usedBytes, long budgetBytes,
      long bytesSent, long busyNanos) implements CborSerializable {
    /** The answer for an engine that is lost (or unknown): blocks -1. */
    public static MemoryUsed lost(int engineId) {
      return new MemoryUsed(engineId, -1, 0, 0, 0, 0, 0);
    }
  }

  /** The answer to every command that has a replyTo: an error, or the payload the command asked for. */
  public record Done(long requestId, int engineId, ErrorInfo error, double value, NdArray block, TaskResult result)
      implements CborSerializable {
    static Done ok(long requestId, int engineId) {
      return new Done(requestId, engineId, null, 0, null, null);
    }
  }

  private int engineId;
  /** This engine's blocks and the memory they, the pool and transfer buffers take, against the budget. */
  private final BlockStore blocks;
  /**
   * Ids freed before their block arrived here (a request that failed elsewhere and was cleaned up while this engine
   * was still receiving): such a block is dropped when it completes. Bounded; the oldest are forgotten first.
   */
  private final RecentIds freedEarly = new RecentIds(FREED_EARLY_LIMIT);
  private static final int FREED_EARLY_LIMIT = 4096;
  /** Requests the coordinator aborted: their late partials and commands are ignored. Bounded like freedEarly. */
  private final RecentIds aborted = new RecentIds(FREED_EARLY_LIMIT);
  /** The coordinator incarnation this engine serves (0: none yet; see Join). */
  private long incarnation;
  /** The mapper results are checked with, made on first use. */
  private com.fasterxml.jackson.databind.ObjectMapper mapper;
  /** Time spent on commands answered through {@link #answer} (most of an engine's work). */
  private long busyNanos;
  private final Transfers transfers;
  private final StencilSteps stencils = new StencilSteps();
  /** Where this engine's stencil steps hear that their ghosts are in (the same adapter as the spreads'). */
  private final ActorRef<Done> ghostsIn;
  /** The blocks engines of this node receive in moves they plan themselves (written straight into). */
  private final Landings landings;
  /**
   * The engines by id, the coordinator's latest list (one object shared by the engines of a JVM: an engine keeps no
   * table of its peers of its own).
   */
  private Peers peers = new Peers(0, new int[0], List.of());
  private final SharedPeers sharedPeers;
  /** The block stores of this JVM's engines (a small reduction reads the blocks of its node's engines at once). */
  private final NodeEngines nodeEngines;
  /** Commands that came before the Peers they need (the list and the commands take different ways). */
  private final List<Command> waitingForPeers = new ArrayList<>();
  /** This engine's part of spread commands, by request. */
  private final Spreads spreads;
  private final ReductionsInFlight reductions = new ReductionsInFlight();
  private final TaskCombines combines = new TaskCombines();

  public static Behavior<Command> create(int engineId) {
    return Behaviors.setup(context -> new Engine(context, engineId));
  }

  /** An engine of a cluster node: registers with the receptionist and takes the id the coordinator gives it. */
  public static Behavior<Command> createUnassigned() {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return new Engine(context, -1);
    });
  }

  private Engine(ActorContext<Command> context, int engineId) {
    super(context);
    this.engineId = engineId;
    com.typesafe.config.Config config = context.getSystem().settings().config();
    long chunk = config.getBytes("distarray.transfer.chunk-bytes");
    this.blocks = new BlockStore(engineId, MemoryBudget.of(config));
    this.transfers = new Transfers(context.getSelf(), (int) Math.min(Integer.MAX_VALUE, chunk),
        config.getInt("distarray.transfer.window"), context.getSystem(), blocks);
    this.landings = Landings.of(context.getSystem());
    this.sharedPeers = SharedPeers.of(context.getSystem());
    this.nodeEngines = NodeEngines.of(context.getSystem());
    nodeEngines.register(engineId, blocks);
    // one adapter per message class: Done answers to this engine go to the spreads and the stencil steps
    ActorRef<Done> answers = context.messageAdapter(Done.class, SpreadAnswer::new);
    this.spreads = new Spreads(answers);
    this.ghostsIn = answers;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Create.class, this::onCreate)
        .onMessage(Store.class, this::onStore)
        .onMessage(Evaluate.class, this::onEvaluate)
        .onMessage(Reduce.class, m -> reduce(m, null))
        .onMessage(Partial.class, this::onPartial)
        .onMessage(ReceiveBlock.class, this::onReceiveBlock)
        .onMessage(SendPieces.class, this::onSendPieces)
        .onMessage(Peers.class, this::onPeers)
        .onMessage(Spread.class, this::onSpread)
        .onMessage(SpreadAnswer.class, this::onSpreadAnswer)
        .onMessage(SendPlanned.class, this::onSendPlanned)
        .onMessage(Landed.class, this::onLanded)
        .onMessage(PieceData.class, this::onPieceData)
        .onMessage(ReceiveInto.class, this::onReceiveInto)
        .onMessage(FillPiece.class, this::onFillPiece)
        .onMessage(StencilStep.class, this::onStencilStep)
        .onMessage(MakeView.class, this::onMakeView)
        .onMessage(PieceAck.class, this::onPieceAck)
        .onMessage(GetElement.class, this::onGetElement)
        .onMessage(SetElement.class, this::onSetElement)
        .onMessage(FetchBlock.class, this::onFetchBlock)
        .onMessage(RunTask.class, this::onRunTask)
        .onMessage(TaskShare.class, this::onTaskShare)
        .onMessage(Snapshot.class, this::onSnapshot)
        .onMessage(Free.class, this::onFree)
        .onMessage(ReportMemory.class, this::onReportMemory)
        .onMessage(Join.class, this::onJoin)
        .onMessage(Abort.class, this::onAbort)
        .onMessage(StorePart.class, this::onStorePart)
        .onMessage(FetchPart.class, this::onFetchPart)
        .onSignal(PostStop.class, stopped -> unregister())
        .build();
  }

  private Behavior<Command> onCreate(Create m) {
    return answer(m.requestId(), m.replyTo(), () -> {
      int rank = rankIn(m.distribution());
      // freed storage of the same size when the pool keeps one (a loop that makes and frees arrays allocates
      // nothing), else a new array
      NdArray block = blocks.take(m.dtype(), m.distribution().localShape(rank).dims(), "a block of a new array");
      blocks.put(m.array(), new Block(BlockFill.fillInto(block, m.distribution(), rank, m.fill()), m.distribution(),
          rank));
      return Done.ok(m.requestId(), engineId);
    });
  }

  private Behavior<Command> onStore(Store m) {
    return answer(m.requestId(), m.replyTo(), () -> {
      int rank = rankIn(m.distribution());
      NdArray block = m.block();
      if (!block.shape().equals(m.distribution().localShape(rank))) {
        throw new org.distarray.arrays.ShapeMismatchException("block of shape " + block.shape()
            + " does not fit rank " + rank + " of " + m.distribution() + ", whose block has shape "
            + m.distribution().localShape(rank));
      }
      blocks.reserve(BlockStore.storageBytes(block), "a block stored by the client");
      blocks.put(m.array(), new Block(block, m.distribution(), rank));
      return Done.ok(m.requestId(), engineId);
    });
  }

  private Behavior<Command> onEvaluate(Evaluate m) {
    return answer(m.requestId(), m.replyTo(), () -> {
      Block first = block(Expr.leaves(m.expr()).iterator().next());
      long[] shape = first.distribution().localShape(first.rank()).dims();
      NdArray result = FusedEvaluation.of(m.expr(), id -> block(id).data(), shape).evaluate(blocks);
      blocks.put(m.result(), new Block(result, first.distribution(), first.rank()));
      return Done.ok(m.requestId(), engineId);
    });
  }

  /** Starts m with this engine's share, or with the share of the engines here (this one first) when not null. */
  private Behavior<Command> reduce(Reduce m, int[] here) {
    if (aborted.contains(m.requestId())) {
      return this; // overtaken by its abort (the command may come another way)
    }
    ReductionsInFlight.Pending p = new ReductionsInFlight.Pending(m);
    ReductionsInFlight.firstShare(p, here, this::block, blocks, nodeEngines, engineId);
    return finished(reductions.start(p, engineId));
  }

  private Behavior<Command> onPartial(Partial m) {
    return aborted.contains(m.requestId()) ? this : finished(reductions.arrived(m, engineId));
  }

  /** Passes on a reduction whose children have all answered (null: some are still missing). */
  private Behavior<Command> finished(ReductionsInFlight.Pending done) {
    if (done != null) {
      ReductionsInFlight.finish(done, engineId, blocks, getContext().getSystem());
    }
    return this;
  }

  private Behavior<Command> onReceiveBlock(ReceiveBlock m) {
    if (aborted.contains(m.requestId())) {
      return this;
    }
    try {
      int rank = rankIn(m.distribution());
      long[] shape = m.blockShape() != null ? m.blockShape() : m.distribution().localShape(rank).dims();
      Transfers.Receiving r;
      if (m.planned()) {
        Landings.Landing landing = landings.landing(m.requestId(), engineId, Shape.of(shape).size(),
            () -> blocks.take(m.dtype(), shape, "a block received from other engines"));
        if (landing == null) {
          throw new IllegalStateException("engine " + engineId + " gave up request " + m.requestId() + " before");
        }
        r = transfers.startLanding(m, landing, rank);
      } else {
        r = transfers.startReceiving(m, blocks.take(m.dtype(), shape, "a block received from other engines"), rank);
      }
      if (r.remaining == 0) {
        completeReceive(r);
      }
    } catch (RuntimeException e) {
      transfers.abandon(m.requestId()); // the senders' chunks are acknowledged and dropped: they finish too
      if (m.planned()) {
        landings.giveUp(m.requestId(), engineId);
      }
      m.replyTo().tell(new Done(m.requestId(), engineId, ErrorInfo.of(e, engineId), 0, null, null));
    }
    return this;
  }

  private Behavior<Command> onReceiveInto(ReceiveInto m) {
    if (aborted.contains(m.requestId())) {
      return this;
    }
    try {
      Block b = block(m.array());
      Transfers.Receiving r = transfers.startReceivingInto(m, b.data(), b.rank());
      if (r.remaining == 0) {
        completeReceive(r);
      }
    } catch (RuntimeException e) {
      transfers.abandon(m.requestId());
      m.replyTo().tell(new Done(m.requestId(), engineId, ErrorInfo.of(e, engineId), 0, null, null));
    }
    return this;
  }

  private Behavior<Command> onFillPiece(FillPiece m) {
    return answer(m.requestId(), m.replyTo(), () -> {
      NdArray block = block(m.array()).data();
      NdArray value = NdArray.scalar(block.dtype(), m.value()).broadcastTo(org.distarray.arrays.Shape.of(m.local().shape()));
      PieceCopy.insert(block, m.local(), value);
      return Done.ok(m.requestId(), engineId);
    });
  }

  private Behavior<Command> onStencilStep(StencilStep m) {
    if (!aborted.contains(m.requestId())) {
      Transfers.Receiving r = stencils.start(m, engineId, this::block, rankIn(m.innerLayout()), blocks, transfers,
          ghostsIn);
      if (r != null && r.remaining == 0) {
        completeReceive(r);
      }
    }
    return this;
  }

  private Behavior<Command> onMakeView(MakeView m) {
    return answer(m.requestId(), m.replyTo(), () -> {
      NdArray view = m.localRanges() == null ? block(m.source()).data() : block(m.source()).data().view(m.localRanges());
      view = m.permutation() == null ? view : view.transpose(m.permutation());
      blocks.put(m.result(), new Block(view, m.distribution(), rankIn(m.distribution()), m.ghosts()));
      return Done.ok(m.requestId(), engineId);
    });
  }

  private Behavior<Command> onSendPieces(SendPieces m) {
    if (aborted.contains(m.requestId())) {
      return this;
    }
    return startSend(m.requestId(), m.replyTo(), here -> transfers.startSending(m, block(m.source()).data(), here));
  }

  private Behavior<Command> onPeers(Peers m) {
    if (m.version() > peers.version()) {
      peers = sharedPeers.newest(m); // one list per node, whichever engine's copy came first
    }
    List<Command> ready = new ArrayList<>(waitingForPeers);
    waitingForPeers.clear();
    for (Command waiting : ready) {
      getContext().getSelf().tell(waiting); // each waits again if this list is still too old for it
    }
    return this;
  }

  /**
   * True when command m of request requestId is not to run now: its request was aborted (dropped), or it needs a
   * newer engine list than this engine has (kept until Peers brings one).
   */
  private boolean setAside(Command m, long requestId, long needsPeers) {
    if (aborted.contains(requestId)) {
      return true;
    }
    if (needsPeers > peers.version()) {
      waitingForPeers.add(m);
      return true;
    }
    return false;
  }

  private Behavior<Command> onSpread(Spread m) {
    if (setAside(m, m.requestId(), m.peersVersion())) {
      return this;
    }
    if (m.commands().size() == 1 && m.commands().get(0) instanceof ReduceAll r) {
      return reduceAlongTree(m, r);
    }
    List<Spreadable> mine = new ArrayList<>(m.commands().size());
    for (Spreadable c : m.commands()) {
      if (c.concerns(engineId)) {
        mine.add(c);
      }
    }
    try {
      List<Spread> shares = spreads.start(m, engineId, mine.size());
      if (shares.isEmpty() && mine.isEmpty()) {
        Wire.tell(getContext().getSystem(), m.replyTo(), Done.ok(m.requestId(), engineId));
        return this;
      }
      for (Spread share : shares) {
        ActorRef<Command> child = peers.ref(share.group()[0]);
        if (child == null) {
          throw new IllegalStateException("engine " + engineId + " does not know engine " + share.group()[0]
              + " to pass request " + m.requestId() + " on to");
        }
        Wire.tell(getContext().getSystem(), child, share);
      }
    } catch (RuntimeException e) {
      spreads.forget(m.requestId());
      Wire.tell(getContext().getSystem(), m.replyTo(), new Done(m.requestId(), engineId, ErrorInfo.of(e, engineId), 0,
          null, null));
      return this;
    }
    for (Spreadable c : mine) {
      getContext().getSelf().tell(c.withReplyTo(spreads.answers()));
    }
    return this;
  }

  /** This engine's part of a ReduceAll: passes its group on, then reduces with the shares as its children. */
  private Behavior<Command> reduceAlongTree(Spread m, ReduceAll r) {
    int[][] split = r.byNode() ? nodeEngines.split(m.group()) : new int[][] {null, m.group()};
    List<int[]> shares = Spreads.shares(split[1]);
    for (int[] share : shares) {
      ActorRef<Command> child = peers.ref(share[0]);
      if (child == null) {
        Partial lost = new Partial(m.requestId(), null, ErrorInfo.of(new IllegalStateException("engine " + engineId
            + " does not know engine " + share[0] + " to pass request " + m.requestId() + " on to"), engineId));
        getContext().getSelf().tell(lost); // counts as that child's share: the error goes up the tree
        continue;
      }
      Wire.tell(getContext().getSystem(), child, new Spread(m.requestId(), m.commands(), share, m.peersVersion(),
          m.replyTo(), getContext().getSelf()));
    }
    boolean root = m.parentEngine() == null;
    return reduce(new Reduce(m.requestId(), r.source(), r.op(), r.reduced(), m.parentEngine(), shares.size(), -1,
        null, root ? m.replyTo() : null, root ? r.answerTo() : null), split[0]);
  }

  private Behavior<Command> onSpreadAnswer(SpreadAnswer m) {
    if (stencils.waiting(m.done().requestId())) { // this engine's own receive of a stencil step's ghosts
      stencils.ghostsIn(m.done(), engineId);
      return this;
    }
    Spreads.Finished f = spreads.answered(m.done(), engineId);
    if (f != null) {
      Wire.tell(getContext().getSystem(), f.parent(), f.done());
    }
    return this;
  }

  private Behavior<Command> onSendPlanned(SendPlanned m) {
    if (setAside(m, m.requestId(), m.peersVersion())) {
      return this;
    }
    return startSend(m.requestId(), m.replyTo(), here -> {
      List<Outgoing> remote = PlannedMoves.send(m, block(m.source()), engineId, peers, landings,
          getContext().getSelf(), transfers::sentInJvm);
      return transfers.startSending(new SendPieces(m.requestId(), m.source(), m.result(), remote, m.replyTo()),
          block(m.source()).data(), here);
    });
  }

  private Behavior<Command> onLanded(Landed m) {
    Transfers.Receiving r = transfers.landed(m.requestId());
    if (r != null) {
      completeReceive(r);
    }
    return this;
  }

  private Behavior<Command> onPieceData(PieceData m) {
    try {
      Transfers.Receiving r = transfers.arrived(m);
      if (r != null) {
        completeReceive(r);
      }
    } catch (RuntimeException e) {
      // a chunk that cannot be written fails its request now (the coordinator answers at once, nothing waits for
      // the timeout); the request's later chunks are acknowledged and dropped
      Transfers.Receiving r = transfers.abandon(m.requestId());
      getContext().getLog().warn("engine {} could not write a piece of array {}", engineId, m.result(), e);
      if (r != null) {
        r.replyTo.tell(new Done(r.requestId, engineId, ErrorInfo.of(e, engineId), 0, null, null));
      }
    }
    return this;
  }

  private Behavior<Command> onPieceAck(PieceAck m) {
    try {
      SendPieces done = transfers.acknowledged(m.requestId(), m.slot());
      if (done != null) {
        done.replyTo().tell(Done.ok(done.requestId(), engineId));
      }
    } catch (RuntimeException e) {
      getContext().getLog().warn("engine {} could not send a piece for request {}", engineId, m.requestId(), e);
    }
    return this;
  }

  private void completeReceive(Transfers.Receiving r) {
    transfers.finished(r.requestId); // the block counts as a block from now on, no longer as a transfer's
    if (r.landing != null) {
      landings.finished(r.requestId, engineId);
    }
    if (r.command != null && !freedEarly.remove(r.command.result())) {
      blocks.put(r.command.result(), new Block(r.block, r.command.distribution(), r.rank));
    } else if (r.command != null) {
      blocks.recycle(r.block);
    }
    r.replyTo.tell(Done.ok(r.requestId, engineId));
  }

  /**
   * Starts a send that answers now (work returns true) or later; an error is answered now. The receives here that
   * this engine's own pieces completed (work adds them to its list) are completed after it.
   */
  private Behavior<Command> startSend(long requestId, ActorRef<Done> replyTo,
      java.util.function.Predicate<List<Transfers.Receiving>> work) {
    List<Transfers.Receiving> completedHere = new ArrayList<>();
    try {
      if (work.test(completedHere)) {
        replyTo.tell(Done.ok(requestId, engineId));
      }
    } catch (RuntimeException e) {
      replyTo.tell(new Done(requestId, engineId, ErrorInfo.of(e, engineId), 0, null, null));
    }
    completedHere.forEach(this::completeReceive);
    return this;
  }

  private Behavior<Command> onGetElement(GetElement m) {
    return answer(m.requestId(), m.replyTo(), () ->
        new Done(m.requestId(), engineId, null, block(m.array()).data().getReal(m.localIndex()),
            block(m.array()).data().elementAt(m.localIndex()), null)); // the 0-d copy keeps every bit of int64
  }

  private Behavior<Command> onSetElement(SetElement m) {
    return answer(m.requestId(), m.replyTo(), () -> {
      if (m.exactLong()) {
        block(m.array()).data().setLong(m.longValue(), m.localIndex());
      } else {
        block(m.array()).data().set(m.value(), m.localIndex());
      }
      return Done.ok(m.requestId(), engineId);
    });
  }

  private Behavior<Command> onFetchBlock(FetchBlock m) {
    return answer(m.requestId(), m.replyTo(), () ->
        new Done(m.requestId(), engineId, null, 0, block(m.array()).data(), null));
  }

  /** A stopped engine's blocks are no longer read by its node's other engines. */
  private Behavior<Command> unregister() {
    nodeEngines.unregister(engineId, blocks);
    return this;
  }

  private Behavior<Command> onJoin(Join m) {
    if (m.incarnation() != incarnation) {
      if (incarnation != 0) {
        forgetPreviousCoordinator();
      }
      incarnation = m.incarnation();
    }
    if (engineId < 0 && m.proposedId() >= 0) {
      engineId = m.proposedId();
      blocks.engineId(engineId);
      nodeEngines.register(engineId, blocks);
      getContext().getLog().info("engine {} joined as {}", getContext().getSelf().path(), engineId);
    }
    m.replyTo().tell(new Joined(getContext().getSelf(), engineId));
    return this;
  }

  /**
   * A coordinator that took over knows none of the arrays made before (its catalog starts empty): their blocks are
   * dropped, and whatever the previous coordinator's requests left here (transfers, reductions).
   */
  private void forgetPreviousCoordinator() {
    int count = blocks.blockCount();
    long bytes = blocks.blockBytes();
    transfers.abortAll(); // first: receives give their blocks to the pool, which dropAll empties
    blocks.dropAll();
    reductions.clear();
    combines.clear();
    getContext().getLog().info("engine {} serves a new coordinator: dropped {} block(s), {} bytes, of arrays it does"
        + " not know", engineId, count, bytes);
  }

  private Behavior<Command> onStorePart(StorePart m) {
    return answer(m.requestId(), m.replyTo(), () -> {
      Block b = blocks.get(m.array());
      if (b == null) {
        int rank = rankIn(m.distribution());
        b = new Block(blocks.take(m.part().dtype(), m.distribution().localShape(rank).dims(), "a block stored by the"
            + " client"), m.distribution(), rank);
        blocks.put(m.array(), b);
      }
      FlatParts.write(b.data(), m.flatStart(), m.part());
      return Done.ok(m.requestId(), engineId);
    });
  }

  private Behavior<Command> onFetchPart(FetchPart m) {
    return answer(m.requestId(), m.replyTo(), () -> {
      return new Done(m.requestId(), engineId, null, 0, FlatParts.read(block(m.array()).data(), m.flatStart(),
          m.count()), null);
    });
  }

  private Behavior<Command> onRunTask(RunTask m) {
    LocalTask<?> task;
    try {
      task = m.task().task();
    } catch (TaskPayload.Undecodable e) {
      // its class is not on this node's class path (or does not fit the message): answered now, naming it
      getContext().getLog().warn("engine {} {}", engineId, e.getMessage());
      m.replyTo().tell(new Done(m.requestId(), engineId, new ErrorInfo(e.reason().getClass().getName(),
          "engine " + engineId + " " + e.getMessage(), engineId), 0, null, null));
      return this;
    }
    if (m.children() >= 0) {
      return answer(m.requestId(), m.replyTo(), () -> TaskCombines.passOn(combines.start(m,
          TaskCombines.combining(task, engineId), TaskRuns.run(engineId, m, task, blocks, mapper())), engineId,
          mapper(), getContext().getSystem()));
    }
    return answer(m.requestId(), m.replyTo(), () -> { // the result straight to the client, not via the coordinator
      Wire.tell(getContext().getSystem(), m.results(), new TaskAnswer.Output(m.requestId(), m.rank(), engineId,
          TaskRuns.run(engineId, m, task, blocks, mapper())));
      return Done.ok(m.requestId(), engineId);
    });
  }

  private Behavior<Command> onTaskShare(TaskShare m) {
    TaskCombines.Pending p = aborted.contains(m.requestId()) ? null : combines.arrived(m);
    return p == null ? this : answer(m.requestId(), p.command().replyTo(),
        () -> TaskCombines.passOn(p, engineId, mapper(), getContext().getSystem()));
  }

  /** The mapper messages are written with here (task results are checked with it). */
  private com.fasterxml.jackson.databind.ObjectMapper mapper() {
    mapper = mapper != null ? mapper : UserValues.mapper(getContext().getSystem());
    return mapper;
  }

  private Behavior<Command> onAbort(Abort m) {
    aborted.add(m.requestId());
    landings.giveUp(m.requestId(), engineId);
    spreads.forget(m.requestId());
    waitingForPeers.removeIf(w -> w instanceof Spread sp && sp.requestId() == m.requestId()
        || w instanceof SendPlanned sp2 && sp2.requestId() == m.requestId());
    reductions.forget(m.requestId());
    combines.forget(m.requestId());
    stencils.forget(m.requestId());
    transfers.abort(m.requestId());
    return this;
  }

  private Behavior<Command> onFree(Free m) {
    for (long id : m.arrays()) {
      if (blocks.remove(id) == null) {
        freedEarly.add(id);
      }
    }
    return this;
  }

  private Behavior<Command> onSnapshot(Snapshot m) {
    return answer(m.requestId(), m.replyTo(), () -> {
      Snapshots.copy(blocks, m.sources(), m.copies());
      return Done.ok(m.requestId(), engineId);
    });
  }

  private Behavior<Command> onReportMemory(ReportMemory m) {
    m.replyTo().tell(new MemoryUsed(engineId, blocks.blockCount(), blocks.blockBytes(), blocks.used(), blocks.budget(),
        transfers.bytesSent(), busyNanos));
    return this;
  }

  /** Runs work and answers with its Done, or with the error it raised; the engine itself never fails. */
  private Behavior<Command> answer(long requestId, ActorRef<Done> replyTo, java.util.function.Supplier<Done> work) {
    Done done;
    long start = System.nanoTime();
    try {
      done = work.get();
    } catch (OutOfMemoryError e) {
      // an allocation the budget does not see (a user's task, a conversion) did not fit the heap: what it took is
      // garbage now; the engine answers and goes on instead of taking the JVM down as a fatal error would
      getContext().getLog().warn("engine {} request {} ran out of heap: {}", engineId, requestId, e.getMessage());
      done = new Done(requestId, engineId, ErrorInfo.of(e, engineId), 0, null, null);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable e) { // a user's task may throw anything; the engine answers and keeps running
      getContext().getLog().debug("engine {} request {} failed", engineId, requestId, e);
      done = new Done(requestId, engineId, ErrorInfo.of(e, engineId), 0, null, null);
    }
    busyNanos += System.nanoTime() - start;
    if (done != null) { // null: answered later (a combined task waiting for its children)
      Wire.tell(getContext().getSystem(), replyTo, done); // a block or a task's result may be large
    }
    return this;
  }

  private Block block(long array) {
    Block b = blocks.get(array);
    if (b == null) {
      throw new IllegalStateException("engine " + engineId + " holds no block of array " + array
          + " (freed, or never placed here)");
    }
    return b;
  }

  private int rankIn(Distribution d) {
    int rank = d.rankOfEngine(engineId);
    if (rank < 0) {
      throw new IllegalStateException("engine " + engineId + " is not a target of " + d);
    }
    return rank;
  }
}

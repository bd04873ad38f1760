package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.distarray.actors.EngineLost;
import org.distarray.actors.CborSerializable;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.Expr;
import org.distarray.actors.Fill;
import org.distarray.actors.TaskAnswer;
import org.distarray.actors.TaskPayload;
import org.distarray.actors.coordinator.Catalog.Entry;
import org.distarray.actors.coordinator.Requests.Pending;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.DType;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AssignPlan;
import org.distarray.arrays.dist.BroadcastPlan;
import org.distarray.arrays.dist.Piece;
import org.distarray.arrays.dist.SlicePlan;
import org.distarray.arrays.dist.SlicedPiece;
import org.distarray.arrays.dist.DistributionException;
import org.distarray.arrays.dist.HaloPlan;
import org.distarray.arrays.dist.Transfer;
import org.distarray.arrays.dist.TransferPlan;
import org.distarray.arrays.ops.ReduceOp;

/**
 * The coordinator: keeps the catalog (array id -> distribution, dtype), checks each user operation, turns it into
 * one command per engine, plans reduction trees, and answers the client when every engine is done. It never
 * carries array data: blocks and partial results move between engines and to the client directly. Each array
 * belongs to the node of the client that asked for it ({@link Owners}); in a cluster, the arrays of a node that
 * leaves or is removed (a client that crashed and was downed) are freed.
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {

  /** Messages the coordinator accepts. */
  public interface Command extends CborSerializable {}

  /** Creates an array whose engines fill their blocks from global indices. */
  public record CreateArray(Distribution distribution, DType dtype, Fill fill, ActorRef<ArrayReply> replyTo)
      implements Command {}

  /** Reserves an id for an array whose blocks the client stores on the engines itself (a scatter). */
  public record RegisterArray(Distribution distribution, DType dtype, ActorRef<ArrayReply> replyTo)
      implements Command {}

  /** result = an elementwise expression over arrays of one distribution, evaluated in one fused pass. */
  public record Evaluate(Expr expr, ActorRef<ArrayReply> replyTo) implements Command {}

  /** Copies an array into a new one distributed by target: blocks move engine to engine, in chunks. */
  public record Redistribute(long source, Distribution target, ActorRef<ArrayReply> replyTo) implements Command {}

  /**
   * The selection a[ranges] (NumPy basic indexing): a view sharing the blocks where the selected pieces form a
   * distribution, else a compact copy block-distributed on its first axis over all engines.
   */
  public record SliceArray(long source, List<AxisRange> ranges, ActorRef<ArrayReply> replyTo) implements Command {}

  /** A view of source with its axes permuted ({@link Distribution#transpose}): every engine keeps its block. */
  public record TransposeArray(long source, int[] axes, ActorRef<ArrayReply> replyTo) implements Command {}

  /**
   * An array laid out by distribution (on source's engines, same grid) whose rank r block is the part of source's
   * rank r block that starts at offsets and has {@code distribution.localShape(r)}, sharing its storage: how a
   * selection takes the fronts its engines filled, and how a ghosted array is the interior of its padded blocks
   * (ghosts: the width of the layers around it, which tasks then see through {@code LocalBlocks.ghostedBlock}).
   */
  public record InnerArray(long source, Distribution distribution, long[] offsets, int ghosts,
      ActorRef<ArrayReply> replyTo) implements Command {}

  /**
   * Refreshes every ghost layer of a padded array in one round ({@link HaloPlan#of}): slabs move engine to engine,
   * boundary layers are filled or copied where they are. Answers with the padded array.
   */
  public record UpdateGhosts(long padded, int width, HaloPlan.Edge edge, ActorRef<ArrayReply> replyTo)
      implements Command {}

  /**
   * One stencil step on a ghosted array (inner, the interior of padded), one command per engine: each engine sends
   * its edge slabs to its neighbours, makes its blocks of a new padded array and of its interior, computes the
   * interior of its block while the slabs travel and the rim once its ghosts are in. task runs on (a region of
   * inner, the same region of the new interior). Answers with the two new arrays.
   */
  public record StencilStep(long inner, long padded, int width, HaloPlan.Edge edge, TaskPayload task,
      ActorRef<StencilReply> replyTo) implements Command {}

  /** The new ghosted array of a stencil step (inner) and its padded blocks, or the error. */
  public record StencilReply(ArrayReply padded, ArrayReply inner, ErrorInfo error) implements CborSerializable {}

  /**
   * The same elements in C order in a new shape (of the same size), in the row layout of that shape over the
   * source's first engines; only elements whose engine changes move.
   */
  public record Reshape(long source, long[] shape, ActorRef<ArrayReply> replyTo) implements Command {}

  /**
   * A new 1-D array laid out by target whose blocks are filled with runs of source's 1-D blocks, engine to engine:
   * runs holds (source rank, start there, target rank, start there, length) five at a time, and writes every element
   * of the new blocks once (how a sort's all-to-all exchange moves its runs).
   */
  public record MoveRuns(long source, Distribution target, long[] runs, ActorRef<ArrayReply> replyTo)
      implements Command {}

  /** a[ranges] = value. */
  public record AssignScalar(long array, List<AxisRange> ranges, double value, ActorRef<ArrayReply> replyTo)
      implements Command {}

  /** a[ranges] = value array (broadcast to the selection), moved engine to engine. */
  public record AssignArray(long array, List<AxisRange> ranges, long value, ActorRef<ArrayReply> replyTo)
      implements Command {}

  /**
   * Aligns an array with a distribution its shape broadcasts to: each target rank receives the piece its block
   * needs (length 1 along stretched axes). The result is registered with that distribution, for elementwise work
   * with arrays distributed by it; it is not a complete array of that shape.
   */
  public record Align(long source, Distribution target, ActorRef<ArrayReply> replyTo) implements Command {}

  /** Reduces along axes (at least one) to a new array over the kept axes. */
  public record ReduceArray(Expr source, ReduceOp op, int[] axes, ActorRef<ReduceReply> replyTo)
      implements Command {}

  /**
   * Reduces over every axis to one value (a 0-d array), which the engine at the root of the reduction sends to
   * replyTo; a failure comes from here, as an answer with an error.
   */
  public record ReduceToValue(Expr source, ReduceOp op, ActorRef<Engine.Done> replyTo) implements Command {}

  /**
   * Runs a task on the engines of the first array (on every engine when there is none). Each engine sends its
   * result straight to replyTo (a {@link TaskAnswer.Output}); the coordinator only tells replyTo the task's end
   * ({@link TaskAnswer.End}: how many results, or the first error). The coordinator never decodes the task. A
   * combined task ({@code CombiningTask}) folds its results engine to engine up a binomial tree of its ranks: rank 0
   * sends the one result.
   */
  public record RunTask(long[] arrays, TaskPayload task, boolean combined, ActorRef<TaskAnswer> replyTo,
      ActorRef<org.distarray.actors.TaskProgress> progress) implements Command {}

  /**
   * Copies arrays that are about to be written, each with its distribution (engine by engine, no data moves): the
   * lazy results that read them read the copies from then on. Answered with the copies' ids.
   */
  public record Snapshot(long[] arrays, ActorRef<SnapshotReply> replyTo) implements Command {}

  /** Forgets arrays and frees their blocks. */
  public record FreeArrays(long[] arrays) implements Command {}

  /** Forwards a memory report request to an engine (after the frees sent before it); the engine answers replyTo. */
  public record ReportMemory(int engine, ActorRef<Engine.MemoryUsed> replyTo) implements Command {}

  /** Asks what the coordinator knows now (engines, arrays, operations), for the dashboard. */
  public record GetState(ActorRef<org.distarray.actors.RuntimeState> replyTo) implements Command {}

  /** Asks for the engines and their ids, answered once at least atLeast engines are live (0: at once). */
  public record GetEngines(int atLeast, ActorRef<EngineList> replyTo) implements Command {}

  /** An engine's answer, through the message adapter. */
  public record EngineAnswered(Engine.Done done) implements Command {}

  /** A task's progress on an engine, through a message adapter (for the dashboard). */
  public record ProgressSeen(org.distarray.actors.TaskProgress progress) implements Command {}

  /** The receptionist's engines (cluster mode), through a message adapter; never sent over the wire. */
  private record EnginesListed(Receptionist.Listing listing) implements Command {}

  /** An engine's id (cluster mode). */
  private record EngineJoined(Engine.Joined joined) implements Command {}

  /** A cluster membership or reachability change (cluster mode), through a message adapter. */
  private record ClusterChanged(ClusterEvent.ClusterDomainEvent event) implements Command {}

  /** Time to fail the requests whose engines did not answer in time; sent to itself every second. */
  private record SweepRequests() implements Command, org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  private static final java.time.Duration SWEEP_EVERY = java.time.Duration.ofSeconds(1);
  /** Commands for more engines than this go along a tree of engines (Engine.Spread). */
  static final int SPREAD_ABOVE = 32;

  /** A new array (a view sharing its source's blocks when view is true), or the error that prevented it. */
  public record ArrayReply(long array, Distribution distribution, DType dtype, ErrorInfo error, boolean view)
      implements CborSerializable {
    public ArrayReply(long array, Distribution distribution, DType dtype, ErrorInfo error) {
      this(array, distribution, dtype, error, false);
    }
  }

  /** A reduction's new array, or its error. */
  public record ReduceReply(ArrayReply array, ErrorInfo error) implements CborSerializable {}

  /** The ids of a Snapshot's copies (in the order of its arrays), or its error. */
  public record SnapshotReply(long[] copies, ErrorInfo error) implements CborSerializable {}

  /** The live engines, by id, and the address of the coordinator's node ("" when embedded). */
  public record EngineList(List<Integer> ids, List<ActorRef<Engine.Command>> engines, String coordinatorAddress)
      implements CborSerializable {}

  final EngineRoster engines;
  private final boolean clustered;
  /** The arrays and the client nodes that own them: a client node that is gone has its arrays freed. */
  final Catalog catalog;
  final Requests requests;
  final OperationLog operations;
  /** This coordinator among those that serve the cluster one after another (engines drop an earlier one's blocks). */
  private final long incarnation;
  /** Requests for the engine list that wait for more engines (a client connecting to a forming cluster). */
  private final List<GetEngines> waitingForEngines = new ArrayList<>();
  final ActorRef<Engine.Done> engineReplies;
  private final ActorRef<org.distarray.actors.TaskProgress> progressIn;
  private final ActorRef<Engine.Joined> joinReplies;
  private long nextArray;
  private final ViewCommands views = new ViewCommands(this);
  private final MoveCommands moves = new MoveCommands(this);
  private final ReductionCommands reductions;
  /**
   * The version of the engine list last sent to the engines (Peers): the roster's joins then, above every version of
   * a coordinator that started earlier (engines keep the newest list they got).
   */
  private long peersVersion = -1;
  private final long peersBase = Requests.incarnationBase();

  /** The coordinator of a fixed set of engines in this JVM. */
  public static Behavior<Command> create(Map<Integer, ActorRef<Engine.Command>> engines) {
    return Behaviors.setup(context -> new Coordinator(context, engines, false));
  }

  /**
   * The coordinator of a cluster (run as a cluster singleton): engines come and go through the receptionist, and
   * an engine whose node becomes unreachable or leaves is lost; operations that involve it fail at once.
   */
  public static Behavior<Command> createClustered() {
    return Behaviors.setup(context -> {
      Coordinator c = new Coordinator(context, Map.of(), true);
      context.getSystem().receptionist().tell(Receptionist.subscribe(Engine.KEY,
          context.messageAdapter(Receptionist.Listing.class, EnginesListed::new)));
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
          context.messageAdapter(ClusterEvent.ClusterDomainEvent.class, ClusterChanged::new),
          ClusterEvent.ClusterDomainEvent.class));
      context.getLog().info("coordinator started on {}", Cluster.get(context.getSystem()).selfMember().address());
      return c;
    });
  }

  private Coordinator(ActorContext<Command> context, Map<Integer, ActorRef<Engine.Command>> engines,
      boolean clustered) {
    super(context);
    this.engines = new EngineRoster(engines);
    this.clustered = clustered;
    this.catalog = new Catalog(clustered ? Cluster.get(context.getSystem()).selfMember().address()
        : context.getSystem().address());
    this.engineReplies = context.messageAdapter(Engine.Done.class, EngineAnswered::new);
    this.reductions = new ReductionCommands(this, context.getSystem());
    this.joinReplies = context.messageAdapter(Engine.Joined.class, EngineJoined::new);
    this.progressIn = context.messageAdapter(org.distarray.actors.TaskProgress.class, ProgressSeen::new);
    this.operations = new OperationLog(OperationMetrics.of(context.getSystem()));
    this.requests = new Requests(context.getSystem().settings().config().getDuration("distarray.ask-timeout")
        .toNanos(), operations);
    long random = new java.security.SecureRandom().nextLong();
    this.incarnation = random != 0 ? random : 1;
    context.scheduleOnce(SWEEP_EVERY, context.getSelf(), new SweepRequests());
    // a coordinator that takes over from one on a lost node must not reuse the ids of arrays engines still hold
    this.nextArray = clustered ? System.currentTimeMillis() << 12 : 1;
  }

  @Override
  public Receive<Command> createReceive() {
    return operations.noting(newReceiveBuilder()
        .onMessage(CreateArray.class, this::onCreateArray)
        .onMessage(RegisterArray.class, this::onRegisterArray)
        .onMessage(Evaluate.class, this::onEvaluate)
        .onMessage(Redistribute.class, this::onRedistribute)
        .onMessage(Align.class, this::onAlign)
        .onMessage(SliceArray.class, this::onSliceArray)
        .onMessage(TransposeArray.class, this::onTransposeArray)
        .onMessage(InnerArray.class, this::onInnerArray)
        .onMessage(UpdateGhosts.class, this::onUpdateGhosts)
        .onMessage(StencilStep.class, this::onStencilStep)
        .onMessage(Reshape.class, this::onReshape)
        .onMessage(MoveRuns.class, this::onMoveRuns)
        .onMessage(AssignScalar.class, this::onAssignScalar)
        .onMessage(AssignArray.class, this::onAssignArray)
        .onMessage(ReduceArray.class, this::onReduceArray)
        .onMessage(ReduceToValue.class, this::onReduceToValue)
        .onMessage(RunTask.class, this::onRunTask)
        .onMessage(Snapshot.class, this::onSnapshot)
        .onMessage(FreeArrays.class, this::onFreeArrays)
        .onMessage(ReportMemory.class, this::onReportMemory)
        .onMessage(GetEngines.class, this::onGetEngines)
        .onMessage(EngineAnswered.class, this::onEngineAnswered)
        .onMessage(SweepRequests.class, this::onSweepRequests)
        .onMessage(EnginesListed.class, this::onEnginesListed)
        .onMessage(EngineJoined.class, this::onEngineJoined)
        .onMessage(ClusterChanged.class, this::onClusterChanged)
        .onMessage(GetState.class, this::onGetState)
        .onMessage(ProgressSeen.class, this::onProgressSeen)
        .build());
  }

  private Behavior<Command> onCreateArray(CreateArray m) {
    try {
      checkTargets(m.distribution());
      long id = nextArray++;
      dispatchAll(m.distribution(), p -> finishArray(p, id, m.distribution(), m.dtype(), m.replyTo()),
          req -> new Engine.Create(req, id, m.distribution(), m.dtype(), m.fill(), engineReplies));
      catalog.claim(id, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, errorOf(e)));
    }
    return this;
  }

  private Behavior<Command> onRegisterArray(RegisterArray m) {
    try {
      checkTargets(m.distribution());
      long id = nextArray++;
      catalog.claim(id, m.replyTo());
      catalog.register(id, new Entry(m.distribution(), m.dtype()));
      m.replyTo().tell(new ArrayReply(id, m.distribution(), m.dtype(), null));
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, errorOf(e)));
    }
    return this;
  }

  private Behavior<Command> onEvaluate(Evaluate m) {
    try {
      Entry a = typeOf(m.expr());
      long id = nextArray++;
      dispatchAll(a.distribution(), p -> finishArray(p, id, a.distribution(), a.dtype(), m.replyTo()),
          req -> new Engine.Evaluate(req, m.expr(), id, engineReplies));
      catalog.claim(id, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, errorOf(e)));
    }
    return this;
  }

  /**
   * The distribution and dtype of an expression's result.
   *
   * @throws DistributionException when its arrays are distributed differently, naming both distributions
   */
  Entry typeOf(Expr e) {
    Distribution d = null;
    for (long id : Expr.leaves(e)) {
      Distribution other = entry(id).distribution();
      if (d != null && !d.equals(other)) {
        throw new DistributionException("operands have different distributions: " + d + " and " + other
            + "; redistribute one of them to the other's");
      }
      d = other;
    }
    if (d == null) {
      throw new IllegalArgumentException("an expression needs at least one array: " + e);
    }
    return new Entry(d, Expr.resultType(e, id -> entry(id).dtype()));
  }

  private Behavior<Command> onRedistribute(Redistribute m) {
    try {
      Entry a = entry(m.source());
      checkTargets(m.target());
      movePlanned(m.source(), a, m.target(), false, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, errorOf(e)));
    }
    return this;
  }

  /**
   * A new array distributed by dst, filled from source's blocks by a move the engines plan themselves: each source
   * engine is told the target (and whether the move is flat, a reshape's) and works out its own pieces. O(engines)
   * work and messages here, whatever the number of pieces.
   */
  void movePlanned(long source, Entry a, Distribution dst, boolean flat, ActorRef<ArrayReply> replyTo) {
    Distribution src = a.distribution();
    long peers = peersVersion();
    long id = nextArray++;
    long req = requests.nextId();
    Entry result = new Entry(dst, a.dtype());
    int[] group = union(dst.targets(), src.targets());
    List<Engine.Spreadable> commands = List.of(
        new Engine.ReceiveBlock(req, id, dst, a.dtype(), null, engineReplies, true),
        new Engine.SendPlanned(req, source, src, id, dst, flat, peers, engineReplies));
    Pending p = requests.open(req, new Pending(answersOf(group, commands), done -> finishArray(done, id, result,
        result.blockBytes(), replyTo, false)));
    sendAll(p, group, commands);
    catalog.claim(id, replyTo);
  }

  /**
   * The version of the engine list the engines have, after telling every live engine the engines there are now when
   * engines joined since the last list (engines that pass commands on and plan their own moves find their peers so).
   */
  private long peersVersion() {
    if (peersVersion == peersBase + engines.joins()) {
      return peersVersion;
    }
    peersVersion = peersBase + engines.joins();
    int[] idArray = engines.idArray();
    List<ActorRef<Engine.Command>> refs = new ArrayList<>(idArray.length);
    for (int id : idArray) {
      refs.add(engines.find(id));
    }
    Engine.Peers peers = new Engine.Peers(peersVersion, idArray, java.util.Collections.unmodifiableList(refs));
    for (ActorRef<Engine.Command> ref : refs) {
      // the way commands take, so that the list comes before the moves that need it where it can
      org.distarray.actors.transport.Wire.tell(getContext().getSystem(), ref, peers);
    }
    return peersVersion;
  }

  /** A new array distributed by dst, filled by the plan's transfers from source's blocks. */
  void moveBlocks(long source, Entry a, Distribution dst, TransferPlan plan, ActorRef<ArrayReply> replyTo) {
    List<List<Engine.Outgoing>> out = MoveCommands.outgoingPerSourceRank(a.distribution());
    for (Transfer t : plan.transfers()) {
      out.get(t.sourceRank()).add(outgoing(plan.targetEngine(t), plan.sourceLocal(t),
          plan.targetLocal(t)));
    }
    fillNewArray(source, a, dst, rank -> null, out, replyTo);
  }

  /**
   * A new array distributed by dst whose blocks (of blockShape(rank), or the local shape when null) the source
   * engines fill with the given pieces, engine to engine. The pieces are planned before anything is sent.
   */
  void fillNewArray(long source, Entry a, Distribution dst, java.util.function.IntFunction<long[]> blockShape,
      List<List<Engine.Outgoing>> out, ActorRef<ArrayReply> replyTo) {
    Distribution src = a.distribution();
    long id = nextArray++;
    long req = requests.nextId();
    long bytes = 0;
    for (int rank = 0; rank < dst.ranks(); rank++) {
      long[] shape = blockShape.apply(rank);
      bytes += (shape == null ? dst.localSize(rank) : Shape.of(shape).size()) * a.dtype().itemSize();
    }
    long blockBytes = bytes;
    Pending p = requests.open(req, new Pending(src.ranks() + dst.ranks(), done -> finishArray(done, id,
        new Entry(dst, a.dtype()), blockBytes, replyTo, false)));
    for (int rank = 0; rank < dst.ranks(); rank++) {
      send(p, dst.target(rank), new Engine.ReceiveBlock(req, id, dst, a.dtype(), blockShape.apply(rank),
          engineReplies));
    }
    for (int rank = 0; rank < src.ranks(); rank++) {
      send(p, src.target(rank), new Engine.SendPieces(req, source, id, out.get(rank), engineReplies));
    }
    catalog.claim(id, replyTo);
  }

  private Behavior<Command> onSliceArray(SliceArray m) {
    views.sliceArray(m);
    return this;
  }

  private Behavior<Command> onTransposeArray(TransposeArray m) {
    views.transposeArray(m);
    return this;
  }

  private Behavior<Command> onInnerArray(InnerArray m) {
    views.innerArray(m);
    return this;
  }

  private Behavior<Command> onUpdateGhosts(UpdateGhosts m) {
    views.updateGhosts(m);
    return this;
  }

  private Behavior<Command> onStencilStep(StencilStep m) {
    views.stencilStep(m);
    return this;
  }

  private Behavior<Command> onReshape(Reshape m) {
    moves.reshape(m);
    return this;
  }

  private Behavior<Command> onMoveRuns(MoveRuns m) {
    moves.moveRuns(m);
    return this;
  }

  private Behavior<Command> onAssignScalar(AssignScalar m) {
    try {
      Entry a = entry(m.array());
      SlicePlan plan = SlicePlan.of(a.distribution(), m.ranges());
      long req = requests.nextId();
      List<SlicedPiece> pieces = plan.pieces();
      if (pieces.isEmpty()) {
        m.replyTo().tell(new ArrayReply(m.array(), a.distribution(), a.dtype(), null));
        return this;
      }
      Pending p = requests.open(req, new Pending(pieces.size(), done -> m.replyTo().tell(
          new ArrayReply(m.array(), a.distribution(), a.dtype(), done.error))));
      for (SlicedPiece piece : pieces) {
        Piece local = piece.globalIndices().toLocal(a.distribution(), piece.sourceRank());
        send(p, a.distribution().target(piece.sourceRank()),
            new Engine.FillPiece(req, m.array(), local, m.value(), engineReplies));
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, errorOf(e)));
    }
    return this;
  }

  private Behavior<Command> onAssignArray(AssignArray m) {
    try {
      Entry a = entry(m.array());
      Entry v = entry(m.value());
      AssignPlan plan = AssignPlan.of(a.distribution(), m.ranges(), v.distribution());
      Distribution dst = a.distribution();
      Distribution src = v.distribution();
      long req = requests.nextId();
      int receivers = 0;
      for (int rank = 0; rank < dst.ranks(); rank++) {
        receivers += plan.elements(rank) > 0 ? 1 : 0;
      }
      Pending p = requests.open(req, new Pending(src.ranks() + receivers, done -> m.replyTo().tell(
          new ArrayReply(m.array(), dst, a.dtype(), done.error))));
      for (int rank = 0; rank < dst.ranks(); rank++) {
        if (plan.elements(rank) > 0) {
          send(p, dst.target(rank), new Engine.ReceiveInto(req, m.array(), plan.elements(rank), engineReplies));
        }
      }
      List<List<Engine.Outgoing>> out = MoveCommands.outgoingPerSourceRank(src);
      for (AssignPlan.Move mv : plan.moves()) {
        out.get(mv.valueRank()).add(outgoing(dst.target(mv.targetRank()), mv.valueLocal(),
            mv.targetLocal(), mv.shapeAtTarget()));
      }
      for (int rank = 0; rank < src.ranks(); rank++) {
        send(p, src.target(rank), new Engine.SendPieces(req, m.value(), m.array(), out.get(rank), engineReplies));
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, errorOf(e)));
    }
    return this;
  }

  private Behavior<Command> onAlign(Align m) {
    try {
      Entry a = entry(m.source());
      checkTargets(m.target());
      Distribution src = a.distribution();
      Distribution dst = m.target();
      List<List<Engine.Outgoing>> out = MoveCommands.outgoingPerSourceRank(src);
      for (BroadcastPlan.Move mv : BroadcastPlan.align(src, dst)) {
        out.get(mv.sourceRank()).add(outgoing(dst.target(mv.targetRank()), mv.sourceLocal(),
            mv.targetLocal()));
      }
      fillNewArray(m.source(), a, dst, rank -> BroadcastPlan.alignedBlockShape(src.shape(), dst, rank), out,
          m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, errorOf(e)));
    }
    return this;
  }

  private Behavior<Command> onReduceArray(ReduceArray m) {
    reductions.reduceArray(m);
    return this;
  }

  private Behavior<Command> onReduceToValue(ReduceToValue m) {
    reductions.reduceToValue(m);
    return this;
  }

  private Behavior<Command> onRunTask(RunTask m) {
    try {
      Distribution d = null;
      for (long id : m.arrays()) {
        Entry e = entry(id);
        d = d == null ? e.distribution() : d;
      }
      int[] targets = d != null ? d.targets() : engines.idArray();
      long req = requests.nextId();
      if (targets.length == 0) {
        m.replyTo().tell(new TaskAnswer.End(req, 0, null));
        return this;
      }
      // the results go from the engines to the client; this request only learns that each engine is done
      int results = m.combined() ? 1 : targets.length;
      Pending p = requests.open(req, new Pending(targets.length, done -> m.replyTo().tell(
          new TaskAnswer.End(req, done.error == null ? results : -1, done.error))));
      for (int rank = 0; rank < targets.length; rank++) {
        // a combined task's rank r sends to r without its lowest set bit, and hears from r + 2^j below that bit
        int parent = m.combined() && rank > 0 ? rank & (rank - 1) : -1;
        int children = m.combined() ? TaskTree.children(rank, targets.length) : -1;
        send(p, targets[rank], new Engine.RunTask(req, m.arrays(), rank, m.task(), engineReplies, m.replyTo(),
            m.progress(), parent < 0 ? null : engine(targets[parent]), children, progressIn));
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new TaskAnswer.End(0, -1, errorOf(e)));
    }
    return this;
  }

  private Behavior<Command> onGetState(GetState m) {
    m.replyTo().tell(CoordinatorState.of(engines, catalog, requests, operations,
        clustered ? Cluster.get(getContext().getSystem()).selfMember().address() : null));
    return this;
  }

  private Behavior<Command> onProgressSeen(ProgressSeen m) {
    requests.progress(m.progress());
    return this;
  }

  private Behavior<Command> onSnapshot(Snapshot m) {
    try {
      long[] copies = new long[m.arrays().length];
      Entry[] entries = new Entry[copies.length];
      java.util.SortedSet<Integer> involved = new java.util.TreeSet<>();
      for (int i = 0; i < copies.length; i++) {
        entries[i] = entry(m.arrays()[i]);
        for (int t : entries[i].distribution().targets()) {
          involved.add(t);
        }
      }
      for (int i = 0; i < copies.length; i++) {
        copies[i] = nextArray++;
        catalog.claim(copies[i], m.replyTo());
      }
      long req = requests.nextId();
      Pending p = requests.open(req, new Pending(involved.size(), done -> finishSnapshot(done, copies, entries,
          m.replyTo())));
      for (int engine : involved) {
        send(p, engine, new Engine.Snapshot(req, m.arrays(), copies, engineReplies));
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new SnapshotReply(null, errorOf(e)));
    }
    return this;
  }

  /** Registers a snapshot's copies, or frees them all when an engine failed (or their client departed). */
  private void finishSnapshot(Pending p, long[] copies, Entry[] entries, ActorRef<SnapshotReply> replyTo) {
    for (int i = 0; i < copies.length; i++) {
      if (p.error != null) {
        catalog.abandon(copies[i]);
        freeOnEngines(copies[i], entries[i].distribution());
      } else if (!catalog.register(copies[i], entries[i])) {
        freeUnowned(copies[i], entries[i].distribution(), replyTo);
      }
    }
    replyTo.tell(new SnapshotReply(p.error == null ? copies : null, p.error));
  }

  private Behavior<Command> onFreeArrays(FreeArrays m) {
    free(m.arrays());
    return this;
  }

  /** Forgets arrays (ids not in the catalog are skipped) and tells each live engine to free its blocks of them. */
  private void free(long[] arrays) {
    catalog.remove(arrays).forEach((engine, ids) -> {
      ActorRef<Engine.Command> ref = engines.find(engine);
      if (ref != null) {
        ref.tell(new Engine.Free(ids.stream().mapToLong(Long::longValue).toArray()));
      }
    });
  }

  private Behavior<Command> onReportMemory(ReportMemory m) {
    ActorRef<Engine.Command> ref = engines.find(m.engine());
    if (ref != null) {
      ref.tell(new Engine.ReportMemory(m.replyTo()));
    } else {
      m.replyTo().tell(Engine.MemoryUsed.lost(m.engine())); // answered at once: a lost engine holds nothing for us
    }
    return this;
  }

  private Behavior<Command> onGetEngines(GetEngines m) {
    waitingForEngines.add(m);
    answerEngineLists();
    return this;
  }

  /** Answers the requests for the engine list that the live engines now satisfy. */
  private void answerEngineLists() {
    int live = engines.ids().size();
    List<GetEngines> ready = new ArrayList<>();
    waitingForEngines.removeIf(w -> w.atLeast() <= live && ready.add(w));
    if (ready.isEmpty()) {
      return;
    }
    List<Integer> ids = new ArrayList<>(engines.ids());
    List<ActorRef<Engine.Command>> refs = new ArrayList<>();
    for (int id : ids) {
      refs.add(engines.find(id));
    }
    String self = clustered ? Cluster.get(getContext().getSystem()).selfMember().address().toString() : "";
    for (GetEngines w : ready) {
      w.replyTo().tell(new EngineList(ids, refs, self));
    }
  }

  private Behavior<Command> onEnginesListed(EnginesListed m) {
    Set<ActorRef<Engine.Command>> listed = m.listing().getServiceInstances(Engine.KEY);
    for (int id : engines.missingFrom(listed)) {
      loseEngine(id, "it left the cluster");
    }
    for (ActorRef<Engine.Command> ref : engines.newcomers(listed)) {
      ref.tell(new Engine.Join(-1, incarnation, joinReplies));
    }
    return this;
  }

  private Behavior<Command> onEngineJoined(EngineJoined m) {
    engines.answered(m.joined().engine(), m.joined().engineId()).forEach(this::giveId);
    answerEngineLists();
    return this;
  }

  private void giveId(ActorRef<Engine.Command> ref, int id) {
    getContext().getLog().info("engine {} is {}", id, ref.path());
    ref.tell(new Engine.Join(id, incarnation, joinReplies));
  }

  private Behavior<Command> onClusterChanged(ClusterChanged m) {
    if (m.event() instanceof ClusterEvent.MemberLeft || m.event() instanceof ClusterEvent.MemberExited
        || m.event() instanceof ClusterEvent.MemberRemoved) {
      freeArraysOf((ClusterEvent.MemberEvent) m.event());
    }
    org.apache.pekko.actor.Address node = null;
    String why = null;
    if (m.event() instanceof ClusterEvent.UnreachableMember u) {
      node = u.member().address();
      why = "its node " + node + " became unreachable";
    } else if (m.event() instanceof ClusterEvent.MemberRemoved r) {
      node = r.member().address();
      why = "its node " + node + " was removed from the cluster";
    } else if (m.event() instanceof ClusterEvent.MemberExited x) {
      node = x.member().address();
      why = "its node " + node + " left the cluster";
    }
    if (node != null) {
      org.apache.pekko.actor.Address self = Cluster.get(getContext().getSystem()).selfMember().address();
      for (int id : engines.at(node, self)) {
        loseEngine(id, why);
      }
      engines.assignIfReady().forEach(this::giveId);
      answerEngineLists();
    }
    return this;
  }

  /**
   * Frees the arrays of a node that is leaving or was removed (downed after it became unreachable, or gone after
   * leaving): its client will never close them. Unreachability alone frees nothing, as the node may come back.
   */
  private void freeArraysOf(ClusterEvent.MemberEvent event) {
    Owners.Departure gone = catalog.depart(event.member().address());
    if (gone.isEmpty()) {
      return;
    }
    free(gone.arrays().stream().mapToLong(Long::longValue).toArray());
    String how = event instanceof ClusterEvent.MemberRemoved r
        ? "was removed from the cluster (previous status " + r.previousStatus() + ")"
        : "is leaving the cluster (" + event.member().status() + ")";
    getContext().getLog().info("node {} {}: freed its {} array(s), {} bytes of blocks ({} more, still in the making,"
        + " are freed once made)", gone.node(), how, gone.arrays().size(), gone.bytes(), gone.inTheMaking());
  }

  /** Marks an engine lost and fails every operation waiting for it, naming it. */
  private void loseEngine(int id, String why) {
    if (!engines.lose(id, why)) {
      return;
    }
    getContext().getLog().warn("engine {} lost: {}", id, why);
    ErrorInfo error = errorOf(new EngineLost(id, "engine " + id + " was lost (" + why + ")"));
    for (Pending p : requests.failInvolving(id, error)) {
      abortUnanswered(p);
      p.onComplete.accept(p);
    }
  }

  /** The error answer for an exception raised here; a lost engine is named as the engine of the error. */
  static ErrorInfo errorOf(RuntimeException e) {
    return ErrorInfo.of(e, e instanceof EngineLost lost ? lost.engineId() : -1);
  }

  /** A piece for an engine, with where its node takes block parts in bulk when it has a data plane. */
  private Engine.Outgoing outgoing(int engine, Piece sourceLocal, Piece targetLocal) {
    return outgoing(engine, sourceLocal, targetLocal, null);
  }

  Engine.Outgoing outgoing(int engine, Piece sourceLocal, Piece targetLocal, long[] shapeAtTarget) {
    return new Engine.Outgoing(engine(engine), sourceLocal, targetLocal, shapeAtTarget);
  }

  /** Sends a command of p's operation to an engine, which p then waits for. */
  void send(Pending p, int engine, Engine.Command command) {
    ActorRef<Engine.Command> ref = engine(engine);
    p.sent(engine);
    // through the data plane in a cluster: a command's plan (pieces of many runs) has no size limit there
    org.distarray.actors.transport.Wire.tell(getContext().getSystem(), ref, command);
  }

  private Behavior<Command> onEngineAnswered(EngineAnswered m) {
    Pending p = requests.answer(m.done());
    if (p != null) {
      if (p.error != null) {
        abortUnanswered(p);
      }
      p.onComplete.accept(p);
    }
    return this;
  }

  private Behavior<Command> onSweepRequests(SweepRequests m) {
    for (Pending p : requests.expire(System.nanoTime(), -1)) {
      getContext().getLog().warn("request {} timed out: {}", p.id, p.error.message());
      abortUnanswered(p);
      p.onComplete.accept(p);
    }
    getContext().scheduleOnce(SWEEP_EVERY, getContext().getSelf(), m);
    return this;
  }

  /**
   * Tells the engines that have not answered a failed operation to drop what they hold of it (transfers and their
   * buffers, blocks being received, reductions waiting for children), instead of going on for nothing.
   */
  private void abortUnanswered(Pending p) {
    for (int engine : p.unansweredEngines()) {
      ActorRef<Engine.Command> ref = engines.find(engine);
      if (ref != null) {
        ref.tell(new Engine.Abort(p.id));
      }
    }
  }

  /**
   * Sends the commands of one request to the engines of group that each concerns: to up to SPREAD_ABOVE engines
   * directly, else along a tree of engines (one Spread out, one answer back here). p expects answersOf(...) answers.
   */
  void sendAll(Pending p, int[] group, List<Engine.Spreadable> commands) {
    if (group.length <= SPREAD_ABOVE) {
      for (Engine.Spreadable c : commands) {
        for (int engine : group) {
          if (c.concerns(engine)) {
            send(p, engine, c);
          }
        }
      }
      return;
    }
    spread(p, group, commands);
  }

  /** Sends the commands to group along a tree of engines, whatever its size (one Spread out, one answer back). */
  void spread(Pending p, int[] group, List<Engine.Spreadable> commands) {
    p.sentSpread(group);
    org.distarray.actors.transport.Wire.tell(getContext().getSystem(), engine(group[0]),
        new Engine.Spread(commands.get(0).requestId(), commands, group, peersVersion(), engineReplies));
  }

  /** Whether every engine of group runs in this JVM. */
  boolean allHere(int[] group) {
    for (int e : group) {
      ActorRef<Engine.Command> ref = engine(e);
      if (ref == null || !ref.path().address().hasLocalScope()) {
        return false;
      }
    }
    return true;
  }

  /** The answers sendAll gets for these commands to group. */
  private static int answersOf(int[] group, List<Engine.Spreadable> commands) {
    if (group.length > SPREAD_ABOVE) {
      return 1;
    }
    int n = 0;
    for (Engine.Spreadable c : commands) {
      for (int engine : group) {
        n += c.concerns(engine) ? 1 : 0;
      }
    }
    return n;
  }

  /** Sends the same command to every target engine of d (see sendAll). */
  private void dispatchAll(Distribution d, Consumer<Pending> onComplete,
      java.util.function.LongFunction<Engine.Spreadable> command) {
    long req = requests.nextId();
    int[] targets = d.targets();
    List<Engine.Spreadable> commands = List.of(command.apply(req));
    Pending p = requests.open(req, new Pending(answersOf(targets, commands), onComplete));
    sendAll(p, targets, commands);
  }

  /** The engines of both lists, ascending, once each. */
  private static int[] union(int[] a, int[] b) {
    return java.util.stream.IntStream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).distinct()
        .sorted().toArray();
  }

  /** Sends one command to each target engine of d. */
  void dispatch(Distribution d, Consumer<Pending> onComplete, CommandFactory factory) {
    long req = requests.nextId();
    int[] targets = d.targets();
    Pending p = requests.open(req, new Pending(targets.length, onComplete));
    for (int rank = 0; rank < targets.length; rank++) {
      send(p, targets[rank], factory.make(req, targets[rank], rank));
    }
  }

  /** A new array id. */
  long newArrayId() {
    return nextArray++;
  }

  @FunctionalInterface
  interface CommandFactory {
    Engine.Command make(long requestId, int engine, int rank);
  }

  void finishArray(Pending p, long id, Distribution d, DType dtype, ActorRef<ArrayReply> replyTo) {
    Entry e = new Entry(d, dtype);
    finishArray(p, id, e, e.blockBytes(), replyTo, false);
  }

  /**
   * Registers a new array once its engines have made it (blocks of bytes in all), and answers its client; frees it
   * instead when an engine failed, or when the client's node departed meanwhile (nobody is left to answer).
   */
  void finishArray(Pending p, long id, Entry e, long bytes, ActorRef<ArrayReply> replyTo, boolean view) {
    if (p.error != null) {
      catalog.abandon(id);
      freeOnEngines(id, e.distribution());
      replyTo.tell(new ArrayReply(0, null, null, p.error));
    } else if (!catalog.register(id, e, bytes)) {
      freeUnowned(id, e.distribution(), replyTo);
    } else {
      replyTo.tell(new ArrayReply(id, e.distribution(), e.dtype(), null, view));
    }
  }

  /** Frees an array made for a client whose node has departed since it asked. */
  void freeUnowned(long id, Distribution d, ActorRef<?> replyTo) {
    getContext().getLog().debug("array {} was made for {}, whose node has departed: freed", id, replyTo);
    freeOnEngines(id, d);
  }

  void freeOnEngines(long id, Distribution d) {
    for (int t : d.targets()) {
      ActorRef<Engine.Command> ref = engines.find(t);
      if (ref != null) {
        ref.tell(new Engine.Free(new long[] {id}));
      }
    }
  }

  Entry entry(long id) {
    return catalog.entry(id);
  }

  ActorRef<Engine.Command> engine(int id) {
    return engines.get(id);
  }

  private void checkTargets(Distribution d) {
    for (int t : d.targets()) {
      engine(t);
    }
  }
}

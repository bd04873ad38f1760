package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.distarray.actors.CborSerializable;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.Expr;
import org.distarray.actors.Fill;
import org.distarray.actors.TaskResult;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AssignPlan;
import org.distarray.arrays.dist.BroadcastPlan;
import org.distarray.arrays.dist.Piece;
import org.distarray.arrays.dist.ReshapePlan;
import org.distarray.arrays.dist.SlicePlan;
import org.distarray.arrays.dist.SlicedPiece;
import org.distarray.arrays.dist.DistributionException;
import org.distarray.arrays.dist.Transfer;
import org.distarray.arrays.dist.TransferPlan;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.task.LocalTask;

/**
 * The coordinator: keeps the catalog (array id -> distribution, dtype), checks each user operation, turns it into
 * one command per engine, plans reduction trees, and answers the client when every engine is done. It never
 * carries array data: blocks and partial results move between engines and to the client directly.
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

  /**
   * The same elements in C order in a new shape (of the same size), in the row layout of that shape over the
   * source's first engines; only elements whose engine changes move.
   */
  public record Reshape(long source, long[] shape, ActorRef<ArrayReply> replyTo) implements Command {}

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

  /** Reduces over axes (null: everything, answered as a value; otherwise a new array over the kept axes). */
  public record ReduceArray(Expr source, ReduceOp op, int[] axes, ActorRef<ReduceReply> replyTo)
      implements Command {}

  /** Runs a task on the engines of the first array (on every engine when there is none). */
  public record RunTask(long[] arrays, LocalTask<?> task, ActorRef<TaskReply> replyTo) implements Command {}

  /** Forgets arrays and frees their blocks. */
  public record FreeArrays(long[] arrays) implements Command {}

  /** Asks for the engines and their ids. */
  public record GetEngines(ActorRef<EngineList> replyTo) implements Command {}

  /** An engine's answer, through the message adapter. */
  public record EngineAnswered(Engine.Done done) implements Command {}

  /** A new array, or the error that prevented it. */
  public record ArrayReply(long array, Distribution distribution, DType dtype, ErrorInfo error)
      implements CborSerializable {}

  /** A reduction's value (0-d array) or new array, or its error. */
  public record ReduceReply(NdArray value, ArrayReply array, ErrorInfo error) implements CborSerializable {}

  /** A task's results in rank order, or the first error. */
  public record TaskReply(List<TaskResult> results, ErrorInfo error) implements CborSerializable {}

  /** The engines, by id. */
  public record EngineList(List<Integer> ids, List<ActorRef<Engine.Command>> engines) implements CborSerializable {}

  private record Entry(Distribution distribution, DType dtype) {}

  /** One operation waiting for its engines. */
  private static final class Pending {
    final int expected;
    final Engine.Done[] answers;
    final Consumer<Pending> onComplete;
    int received;
    ErrorInfo error;

    Pending(int expected, Consumer<Pending> onComplete) {
      this.expected = expected;
      this.answers = new Engine.Done[expected];
      this.onComplete = onComplete;
    }
  }

  private final Map<Integer, ActorRef<Engine.Command>> engines;
  private final Map<Long, Entry> catalog = new HashMap<>();
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Map<Long, Map<Integer, Integer>> slotByEngine = new HashMap<>();
  private final ActorRef<Engine.Done> engineReplies;
  private long nextArray = 1;
  private long nextRequest = 1;

  public static Behavior<Command> create(Map<Integer, ActorRef<Engine.Command>> engines) {
    return Behaviors.setup(context -> new Coordinator(context, engines));
  }

  private Coordinator(ActorContext<Command> context, Map<Integer, ActorRef<Engine.Command>> engines) {
    super(context);
    this.engines = new HashMap<>(engines);
    this.engineReplies = context.messageAdapter(Engine.Done.class, EngineAnswered::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CreateArray.class, this::onCreateArray)
        .onMessage(RegisterArray.class, this::onRegisterArray)
        .onMessage(Evaluate.class, this::onEvaluate)
        .onMessage(Redistribute.class, this::onRedistribute)
        .onMessage(Align.class, this::onAlign)
        .onMessage(SliceArray.class, this::onSliceArray)
        .onMessage(Reshape.class, this::onReshape)
        .onMessage(AssignScalar.class, this::onAssignScalar)
        .onMessage(AssignArray.class, this::onAssignArray)
        .onMessage(ReduceArray.class, this::onReduceArray)
        .onMessage(RunTask.class, this::onRunTask)
        .onMessage(FreeArrays.class, this::onFreeArrays)
        .onMessage(GetEngines.class, this::onGetEngines)
        .onMessage(EngineAnswered.class, this::onEngineAnswered)
        .build();
  }

  private Behavior<Command> onCreateArray(CreateArray m) {
    try {
      checkTargets(m.distribution());
      long id = nextArray++;
      dispatch(m.distribution(), p -> finishArray(p, id, m.distribution(), m.dtype(), m.replyTo()),
          (req, engine, rank) -> new Engine.Create(req, id, m.distribution(), m.dtype(), m.fill(), engineReplies));
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, ErrorInfo.of(e, -1)));
    }
    return this;
  }

  private Behavior<Command> onRegisterArray(RegisterArray m) {
    try {
      checkTargets(m.distribution());
      long id = nextArray++;
      catalog.put(id, new Entry(m.distribution(), m.dtype()));
      m.replyTo().tell(new ArrayReply(id, m.distribution(), m.dtype(), null));
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, ErrorInfo.of(e, -1)));
    }
    return this;
  }

  private Behavior<Command> onEvaluate(Evaluate m) {
    try {
      Entry a = typeOf(m.expr());
      long id = nextArray++;
      dispatch(a.distribution(), p -> finishArray(p, id, a.distribution(), a.dtype(), m.replyTo()),
          (req, engine, rank) -> new Engine.Evaluate(req, m.expr(), id, engineReplies));
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, ErrorInfo.of(e, -1)));
    }
    return this;
  }

  /**
   * The distribution and dtype of an expression's result.
   *
   * @throws DistributionException when its arrays are distributed differently, naming both distributions
   */
  private Entry typeOf(Expr e) {
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
      moveBlocks(m.source(), a, m.target(), TransferPlan.between(a.distribution(), m.target()), m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, ErrorInfo.of(e, -1)));
    }
    return this;
  }

  /** A new array distributed by dst, filled by the plan's transfers from source's blocks. */
  private void moveBlocks(long source, Entry a, Distribution dst, TransferPlan plan, ActorRef<ArrayReply> replyTo) {
    List<List<Engine.Outgoing>> out = outgoingPerSourceRank(a.distribution());
    for (Transfer t : plan.transfers()) {
      out.get(t.sourceRank()).add(new Engine.Outgoing(engine(plan.targetEngine(t)), plan.sourceLocal(t),
          plan.targetLocal(t)));
    }
    fillNewArray(source, a, dst, rank -> null, out, replyTo);
  }

  /** One empty list of outgoing pieces per rank of src. */
  private static List<List<Engine.Outgoing>> outgoingPerSourceRank(Distribution src) {
    List<List<Engine.Outgoing>> out = new ArrayList<>();
    for (int rank = 0; rank < src.ranks(); rank++) {
      out.add(new ArrayList<>());
    }
    return out;
  }

  /**
   * A new array distributed by dst whose blocks (of blockShape(rank), or the local shape when null) the source
   * engines fill with the given pieces, engine to engine. The pieces are planned before anything is sent.
   */
  private void fillNewArray(long source, Entry a, Distribution dst, java.util.function.IntFunction<long[]> blockShape,
      List<List<Engine.Outgoing>> out, ActorRef<ArrayReply> replyTo) {
    Distribution src = a.distribution();
    long id = nextArray++;
    long req = nextRequest++;
    pending.put(req, new Pending(src.ranks() + dst.ranks(), p -> finishArray(p, id, dst, a.dtype(), replyTo)));
    for (int rank = 0; rank < dst.ranks(); rank++) {
      engine(dst.target(rank)).tell(new Engine.ReceiveBlock(req, id, dst, a.dtype(), blockShape.apply(rank),
          engineReplies));
    }
    for (int rank = 0; rank < src.ranks(); rank++) {
      engine(src.target(rank)).tell(new Engine.SendPieces(req, source, id, out.get(rank), engineReplies));
    }
  }

  private Behavior<Command> onSliceArray(SliceArray m) {
    try {
      Entry a = entry(m.source());
      SlicePlan plan = SlicePlan.of(a.distribution(), m.ranges());
      java.util.Optional<Distribution> view = plan.resultDistribution();
      if (view.isPresent() && plan.resultShape().size() > 0) {
        Distribution d = view.get();
        long id = nextArray++;
        dispatch(d, p -> finishArray(p, id, d, a.dtype(), m.replyTo()),
            (req, engine, rank) -> new Engine.MakeView(req, m.source(), id, d, plan.view(rank).localRanges(),
                engineReplies));
      } else {
        Shape shape = plan.resultShape();
        Distribution d = Distribution.of(shape, shape.ndim() == 0 ? "" : "b", engines.size());
        moveBlocks(m.source(), a, d, TransferPlan.fromSlice(plan, d), m.replyTo());
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, ErrorInfo.of(e, -1)));
    }
    return this;
  }

  private Behavior<Command> onReshape(Reshape m) {
    try {
      Entry a = entry(m.source());
      Shape shape = Shape.of(m.shape());
      if (shape.size() != a.distribution().shape().size()) {
        throw new org.distarray.arrays.ShapeMismatchException("cannot reshape array of size "
            + a.distribution().shape().size() + " into shape " + shape);
      }
      Distribution dst = ReshapePlan.rows(shape, a.distribution().targets());
      if (shape.size() == 0) {
        long id = nextArray++;
        dispatch(dst, p -> finishArray(p, id, dst, a.dtype(), m.replyTo()),
            (req, engine, rank) -> new Engine.Create(req, id, dst, a.dtype(), new Fill.Empty(), engineReplies));
        return this;
      }
      if (ReshapePlan.isRowLayout(a.distribution())) {
        TransferPlan flat = TransferPlan.between(ReshapePlan.flat(a.distribution()), ReshapePlan.flat(dst));
        moveBlocks(m.source(), a, dst, flat, m.replyTo());
        return this;
      }
      List<List<Engine.Outgoing>> out = outgoingPerSourceRank(a.distribution());
      for (ReshapePlan.Move mv : ReshapePlan.moves(a.distribution(), dst)) {
        out.get(mv.sourceRank()).add(new Engine.Outgoing(engine(dst.target(mv.targetRank())), mv.sourceLocal(),
            mv.targetFlat()));
      }
      fillNewArray(m.source(), a, dst, rank -> null, out, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, ErrorInfo.of(e, -1)));
    }
    return this;
  }

  private Behavior<Command> onAssignScalar(AssignScalar m) {
    try {
      Entry a = entry(m.array());
      SlicePlan plan = SlicePlan.of(a.distribution(), m.ranges());
      long req = nextRequest++;
      List<SlicedPiece> pieces = plan.pieces();
      if (pieces.isEmpty()) {
        m.replyTo().tell(new ArrayReply(m.array(), a.distribution(), a.dtype(), null));
        return this;
      }
      pending.put(req, new Pending(pieces.size(), p -> m.replyTo().tell(
          new ArrayReply(m.array(), a.distribution(), a.dtype(), p.error))));
      for (SlicedPiece piece : pieces) {
        Piece local = piece.globalIndices().toLocal(a.distribution(), piece.sourceRank());
        engine(a.distribution().target(piece.sourceRank())).tell(
            new Engine.FillPiece(req, m.array(), local, m.value(), engineReplies));
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, ErrorInfo.of(e, -1)));
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
      long req = nextRequest++;
      int receivers = 0;
      for (int rank = 0; rank < dst.ranks(); rank++) {
        receivers += plan.elements(rank) > 0 ? 1 : 0;
      }
      pending.put(req, new Pending(src.ranks() + receivers, p -> m.replyTo().tell(
          new ArrayReply(m.array(), dst, a.dtype(), p.error))));
      for (int rank = 0; rank < dst.ranks(); rank++) {
        if (plan.elements(rank) > 0) {
          engine(dst.target(rank)).tell(new Engine.ReceiveInto(req, m.array(), plan.elements(rank), engineReplies));
        }
      }
      List<List<Engine.Outgoing>> out = outgoingPerSourceRank(src);
      for (AssignPlan.Move mv : plan.moves()) {
        out.get(mv.valueRank()).add(new Engine.Outgoing(engine(dst.target(mv.targetRank())), mv.valueLocal(),
            mv.targetLocal(), mv.shapeAtTarget()));
      }
      for (int rank = 0; rank < src.ranks(); rank++) {
        engine(src.target(rank)).tell(new Engine.SendPieces(req, m.value(), m.array(), out.get(rank), engineReplies));
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, ErrorInfo.of(e, -1)));
    }
    return this;
  }

  private Behavior<Command> onAlign(Align m) {
    try {
      Entry a = entry(m.source());
      checkTargets(m.target());
      Distribution src = a.distribution();
      Distribution dst = m.target();
      List<List<Engine.Outgoing>> out = outgoingPerSourceRank(src);
      for (BroadcastPlan.Move mv : BroadcastPlan.align(src, dst)) {
        out.get(mv.sourceRank()).add(new Engine.Outgoing(engine(dst.target(mv.targetRank())), mv.sourceLocal(),
            mv.targetLocal()));
      }
      fillNewArray(m.source(), a, dst, rank -> BroadcastPlan.alignedBlockShape(src.shape(), dst, rank), out,
          m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new ArrayReply(0, null, null, ErrorInfo.of(e, -1)));
    }
    return this;
  }

  private Behavior<Command> onReduceArray(ReduceArray m) {
    try {
      Entry a = typeOf(m.source());
      ReductionPlan plan = ReductionPlan.of(a.distribution(), a.dtype(), m.op(), m.axes());
      long id = m.axes() == null ? -1 : nextArray++;
      long req = nextRequest++;
      Pending p = new Pending(plan.roots(), done -> finishReduction(done, id, plan, m.replyTo()));
      pending.put(req, p);
      for (ReductionPlan.Step step : plan.steps()) {
        ActorRef<Engine.Command> parent = step.parentEngine() < 0 ? null : engine(step.parentEngine());
        engine(step.engine()).tell(new Engine.Reduce(req, m.source(), m.op(), plan.reduced(), parent,
            step.children(), id, plan.resultDistribution(), engineReplies));
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new ReduceReply(null, null, ErrorInfo.of(e, -1)));
    }
    return this;
  }

  private Behavior<Command> onRunTask(RunTask m) {
    try {
      Distribution d = null;
      for (long id : m.arrays()) {
        Entry e = entry(id);
        d = d == null ? e.distribution() : d;
      }
      int[] targets = d != null ? d.targets() : engines.keySet().stream().sorted().mapToInt(Integer::intValue).toArray();
      long req = nextRequest++;
      Map<Integer, Integer> slots = new HashMap<>();
      for (int rank = 0; rank < targets.length; rank++) {
        slots.put(targets[rank], rank);
      }
      Pending p = new Pending(targets.length, done -> {
        if (done.error != null) {
          m.replyTo().tell(new TaskReply(null, done.error));
          return;
        }
        List<TaskResult> results = new ArrayList<>();
        for (Engine.Done answer : done.answers) {
          results.add(answer.result());
        }
        m.replyTo().tell(new TaskReply(results, null));
      });
      pending.put(req, p);
      slotByEngine.put(req, slots);
      for (int rank = 0; rank < targets.length; rank++) {
        engine(targets[rank]).tell(new Engine.RunTask(req, m.arrays(), rank, m.task(), engineReplies));
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new TaskReply(null, ErrorInfo.of(e, -1)));
    }
    return this;
  }

  private Behavior<Command> onFreeArrays(FreeArrays m) {
    Map<Integer, List<Long>> perEngine = new HashMap<>();
    for (long id : m.arrays()) {
      Entry e = catalog.remove(id);
      if (e != null) {
        for (int t : e.distribution().targets()) {
          perEngine.computeIfAbsent(t, k -> new ArrayList<>()).add(id);
        }
      }
    }
    perEngine.forEach((engine, ids) -> {
      ActorRef<Engine.Command> ref = engines.get(engine);
      if (ref != null) {
        ref.tell(new Engine.Free(ids.stream().mapToLong(Long::longValue).toArray()));
      }
    });
    return this;
  }

  private Behavior<Command> onGetEngines(GetEngines m) {
    List<Integer> ids = new ArrayList<>(engines.keySet());
    ids.sort(null);
    List<ActorRef<Engine.Command>> refs = new ArrayList<>();
    for (int id : ids) {
      refs.add(engines.get(id));
    }
    m.replyTo().tell(new EngineList(ids, refs));
    return this;
  }

  private Behavior<Command> onEngineAnswered(EngineAnswered m) {
    Engine.Done done = m.done();
    Pending p = pending.get(done.requestId());
    if (p == null) {
      // the request failed already (it is answered at its first error); later answers have nothing to add
      getContext().getLog().debug("answer from engine {} for finished request {}", done.engineId(), done.requestId());
      return this;
    }
    Map<Integer, Integer> slots = slotByEngine.get(done.requestId());
    int slot = slots != null && slots.containsKey(done.engineId()) ? slots.get(done.engineId()) : p.received;
    p.answers[slot] = done;
    p.received++;
    if (done.error() != null && p.error == null) {
      p.error = done.error();
    }
    if (p.received == p.expected || p.error != null) {
      pending.remove(done.requestId());
      slotByEngine.remove(done.requestId());
      p.onComplete.accept(p);
    }
    return this;
  }

  /** Sends one command to each target engine of d. */
  private void dispatch(Distribution d, Consumer<Pending> onComplete, CommandFactory factory) {
    long req = nextRequest++;
    int[] targets = d.targets();
    pending.put(req, new Pending(targets.length, onComplete));
    for (int rank = 0; rank < targets.length; rank++) {
      engine(targets[rank]).tell(factory.make(req, targets[rank], rank));
    }
  }

  @FunctionalInterface
  private interface CommandFactory {
    Engine.Command make(long requestId, int engine, int rank);
  }

  private void finishArray(Pending p, long id, Distribution d, DType dtype, ActorRef<ArrayReply> replyTo) {
    if (p.error != null) {
      freeOnEngines(id, d);
      replyTo.tell(new ArrayReply(0, null, null, p.error));
      return;
    }
    catalog.put(id, new Entry(d, dtype));
    replyTo.tell(new ArrayReply(id, d, dtype, null));
  }

  private void finishReduction(Pending p, long id, ReductionPlan plan, ActorRef<ReduceReply> replyTo) {
    if (p.error != null) {
      if (id >= 0) {
        freeOnEngines(id, plan.resultDistribution());
      }
      replyTo.tell(new ReduceReply(null, null, p.error));
    } else if (id < 0) {
      replyTo.tell(new ReduceReply(p.answers[0].block(), null, null));
    } else {
      catalog.put(id, new Entry(plan.resultDistribution(), plan.resultType()));
      replyTo.tell(new ReduceReply(null, new ArrayReply(id, plan.resultDistribution(), plan.resultType(), null), null));
    }
  }

  private void freeOnEngines(long id, Distribution d) {
    for (int t : d.targets()) {
      ActorRef<Engine.Command> ref = engines.get(t);
      if (ref != null) {
        ref.tell(new Engine.Free(new long[] {id}));
      }
    }
  }

  private Entry entry(long id) {
    Entry e = catalog.get(id);
    if (e == null) {
      throw new IllegalStateException("array " + id + " does not exist (closed, or never created)");
    }
    return e;
  }

  private ActorRef<Engine.Command> engine(int id) {
    ActorRef<Engine.Command> ref = engines.get(id);
    if (ref == null) {
      throw new DistributionException("engine " + id + " is not part of this runtime; engines are "
          + new java.util.TreeSet<>(engines.keySet()));
    }
    return ref;
  }

  private void checkTargets(Distribution d) {
    for (int t : d.targets()) {
      engine(t);
    }
  }
}

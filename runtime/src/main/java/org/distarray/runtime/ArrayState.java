package org.distarray.runtime;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.Expr;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.runtime.internal.Client;

/**
 * What a {@link DistArray} handle stands for, kept apart from the handle so that the runtime can free it once the
 * handle is unreachable: the array's id on the engines (or its lazy definition and the arrays that definition
 * reads), the blocks it shares with views, and whether it is closed.
 *
 * <p>Ownership rules: a materialized array's blocks are freed when it is closed (explicitly, when its handle becomes
 * unreachable, or when the context closes) and no lazy result still reads it (pins). A lazy array pins the arrays it
 * reads until it is evaluated or closed, and is registered as a reader with their {@link SharedBlocks}, so that a
 * write into any of them first gives it copies of what it reads (NumPy's values: a result keeps the values its
 * inputs had when it was made).
 */
final class ArrayState {
  private final DistContext ctx;
  /** What the array is, for messages: its shape and dtype (a String is built only when a message needs it). */
  private final org.distarray.arrays.Shape shape;
  private final org.distarray.arrays.DType dtype;
  private long id = -1;
  /** The definition while lazy; null once the engines hold the blocks. */
  private Expr expr;
  /** The materialized arrays the lazy definition reads (identity set). */
  private Set<ArrayState> inputs;
  /** The blocks this array shares with its base and views; null while lazy. */
  private SharedBlocks blocks;
  private final boolean view;
  private int pins;
  /** The handle, weakly: a lazy reader whose handle the collector has cleared is closed, not evaluated, at a write. */
  private java.lang.ref.WeakReference<DistArray> handle;
  private boolean closed;
  private boolean freed;

  private ArrayState(DistContext ctx, org.distarray.arrays.Shape shape, org.distarray.arrays.DType dtype,
      boolean view) {
    this.ctx = ctx;
    this.shape = shape;
    this.dtype = dtype;
    this.view = view;
  }

  /** A materialized array with id on the engines; blocks is the base's group for a view, null for new blocks. */
  static ArrayState materialized(DistContext ctx, long id, SharedBlocks blocks, org.distarray.arrays.Shape shape,
      org.distarray.arrays.DType dtype) {
    ArrayState s = new ArrayState(ctx, shape, dtype, blocks != null);
    s.id = id;
    s.blocks = blocks != null ? blocks : new SharedBlocks();
    return s;
  }

  /** A lazy array defined by expr over the materialized arrays inputs, which it pins and is a reader of. */
  static ArrayState lazy(DistContext ctx, Expr expr, Set<ArrayState> inputs, org.distarray.arrays.Shape shape,
      org.distarray.arrays.DType dtype) {
    ArrayState s = new ArrayState(ctx, shape, dtype, false);
    s.expr = expr;
    s.inputs = inputs;
    for (ArrayState input : inputs) {
      input.pin();
      input.sharedBlocks().addReader(s);
    }
    return s;
  }

  /** An identity set for inputs. */
  static Set<ArrayState> newInputSet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  boolean isView() {
    return view;
  }

  synchronized boolean isLazy() {
    return expr != null;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** True while the engines hold this array's blocks under its id. */
  synchronized boolean holdsBlocks() {
    return id >= 0 && !freed;
  }

  synchronized SharedBlocks sharedBlocks() {
    return blocks;
  }

  /** The id on the engines, evaluating a lazy definition first (the array stays evaluated). */
  long id() {
    Expr definition;
    synchronized (this) {
      checkOpen();
      if (expr == null) {
        return id;
      }
      definition = expr;
    }
    long evaluated = evaluate(definition);
    synchronized (this) {
      if (expr == null) { // another thread evaluated it meanwhile
        ctx.freeOnEngines(evaluated);
        return id;
      }
      id = evaluated;
      blocks = new SharedBlocks();
      release();
      return id;
    }
  }

  /**
   * A new array on the engines with this array's values now, not attached to this handle: the definition evaluated
   * when lazy, a copy of the blocks otherwise. The caller owns (and frees) the id.
   */
  long evaluateDetached() {
    Expr definition;
    synchronized (this) {
      checkOpen();
      definition = expr != null ? expr : new Expr.Leaf(id);
    }
    return evaluate(definition);
  }

  private long evaluate(Expr definition) {
    Client client = ctx.client();
    Coordinator.ArrayReply reply = ctx.retryOnMemory(() -> client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.Evaluate(definition, r), "evaluating " + description()),
        Coordinator.ArrayReply::error);
    Client.raise(reply.error());
    return reply.array();
  }

  /** The expression that stands for this array: its lazy definition, or its blocks. */
  synchronized Expr node() {
    checkOpen();
    return expr != null ? expr : new Expr.Leaf(id);
  }

  /** The materialized arrays this array's values come from: its inputs when lazy, itself otherwise. */
  synchronized Set<ArrayState> leaves() {
    checkOpen();
    if (expr != null) {
      return inputs;
    }
    Set<ArrayState> self = newInputSet();
    self.add(this);
    return self;
  }

  /**
   * Called before anything writes into this array's blocks: lazy results that still read them (through this array,
   * its base or any of its views) are given copies of what they read first, so that they keep the values they were
   * made from (see {@link SharedBlocks}).
   */
  void beforeWrite() {
    SharedBlocks shared = sharedBlocks();
    if (shared != null) {
      shared.preserveForReaders(ctx);
    }
  }

  /** The id under which the engines hold this materialized array's blocks, also once it is closed but pinned. */
  synchronized long blocksId() {
    if (id < 0 || freed) {
      throw new IllegalStateException("array " + description() + " holds no blocks (lazy, or freed)");
    }
    return id;
  }

  /** The materialized arrays this lazy array reads (empty once it is evaluated or closed). */
  synchronized Set<ArrayState> inputs() {
    return inputs == null ? Set.of() : inputs;
  }

  /** The state of copy, a copy of this array on the engines (same shape and dtype), in group. */
  ArrayState copyState(long copy, SharedBlocks group) {
    ArrayState s = new ArrayState(ctx, shape, dtype, false);
    s.id = copy;
    s.blocks = group;
    return s;
  }

  /**
   * Reads the copies instead of the arrays of group that this lazy array read (copies maps each to its copy): pins
   * the copies, unpins the originals and stops being a reader of group. Does nothing once evaluated or closed.
   */
  void rebind(java.util.Map<ArrayState, ArrayState> copies, SharedBlocks group) {
    List<ArrayState> replaced = new java.util.ArrayList<>();
    synchronized (this) {
      if (expr == null || closed) {
        return;
      }
      java.util.Map<Long, Long> ids = new java.util.HashMap<>();
      Set<ArrayState> now = newInputSet();
      for (ArrayState input : inputs) {
        ArrayState copy = input.sharedBlocks() == group ? copies.get(input) : null;
        if (copy == null) {
          now.add(input);
          continue;
        }
        ids.put(input.id, copy.id);
        now.add(copy);
        copy.pin();
        copy.sharedBlocks().addReader(this);
        replaced.add(input);
      }
      expr = Expr.withLeaves(expr, ids);
      inputs = now;
    }
    group.removeReader(this);
    for (ArrayState input : replaced) {
      input.unpin();
    }
  }

  /**
   * Closes the array: a lazy one drops its definition (unpinning what it read), a materialized one frees its blocks
   * once no lazy result reads them any more. Closing twice does nothing.
   */
  void close() {
    Set<ArrayState> read;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (expr == null) {
        if (pins == 0) {
          free();
        }
        return;
      }
      read = detachDefinition();
    }
    unpinAll(read);
  }

  /** Drops the lazy definition (the array is now evaluated or closed) and unpins the arrays it read. */
  private void release() {
    unpinAll(detachDefinition());
  }

  private synchronized Set<ArrayState> detachDefinition() {
    Set<ArrayState> read = inputs;
    expr = null;
    inputs = null;
    return read;
  }

  private void unpinAll(Set<ArrayState> read) {
    for (ArrayState input : read) {
      SharedBlocks shared = input.sharedBlocks();
      if (shared != null) {
        shared.removeReader(this);
      }
      input.unpin();
    }
  }

  private synchronized void pin() {
    pins++;
  }

  private synchronized void unpin() {
    pins--;
    if (pins == 0 && closed && expr == null) {
      free();
    }
  }

  private void free() {
    if (freed || id < 0) {
      return;
    }
    freed = true;
    ctx.freeOnEngines(id);
  }

  /** Remembers the handle (weakly) for {@link #handleGone}. */
  synchronized void handle(DistArray h) {
    handle = new java.lang.ref.WeakReference<>(h);
  }

  /** True when the collector has found this array's handle unreachable (nobody can read the array any more). */
  synchronized boolean handleGone() {
    return handle != null && handle.get() == null;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("array " + (id >= 0 ? id + " " : "") + description() + " is closed");
    }
  }

  private String description() {
    return shape + " " + dtype;
  }

  @Override
  public synchronized String toString() {
    return (id >= 0 ? "id=" + id : "lazy") + (closed ? ", closed" : "");
  }
}

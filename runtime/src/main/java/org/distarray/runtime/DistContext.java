package org.distarray.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.Expr;
import org.distarray.actors.Fill;
import org.distarray.actors.TaskResult;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.CombiningTask;
import org.distarray.arrays.task.IndexFunction;
import org.distarray.arrays.task.LocalTask;
import org.distarray.io.DnpyTasks;
import org.distarray.io.Hdf5Tasks;
import org.distarray.io.IoException;
import org.distarray.io.MissingFileException;
import org.distarray.io.MissingVariableException;
import org.distarray.io.NetcdfTasks;
import org.distarray.io.NpyHeader;
import org.distarray.io.NpyTasks;
import org.distarray.runtime.internal.BlockParts;
import org.distarray.runtime.internal.Client;
import org.distarray.runtime.internal.ProgressRelay;
import org.distarray.runtime.internal.TaskCollector;

/**
 * The entry point: a set of engines and their coordinator, and the factory of distributed arrays on them.
 *
 * <p>{@link #local(int)} starts an actor system named {@code DistArray} with that many engines in this JVM (no
 * network); {@link #close()} frees every array and stops it. Every call waits at most {@code distarray.ask-timeout}
 * (default 60 s) and then fails with a {@link DistTimeoutException} that names what it waited for.
 *
 * <p>Example: {@code try (DistContext ctx = DistContext.local(4)) { double s = ctx.arange(100).sum(); }}
 */
public final class DistContext implements AutoCloseable {
  private final Client client;
  /** The engines of an embedded context; null in cluster mode, where the coordinator is asked each time. */
  private final int[] engineIds;
  /** Every array of this context not yet freed, and the queue where the runtime learns of unreachable handles. */
  private final Handles handles = new Handles();
  private boolean closed;
  private volatile ProgressListener progress;
  private final java.util.concurrent.atomic.AtomicLong operations = new java.util.concurrent.atomic.AtomicLong();

  private DistContext(Client client, int[] engineIds) {
    this.client = client;
    this.engineIds = engineIds;
  }

  /** True for the embedded runtime, whose engines all live in this JVM. */
  boolean embedded() {
    return engineIds != null;
  }

  /** An embedded context with one engine per available processor. */
  public static DistContext local() {
    return local(Runtime.getRuntime().availableProcessors());
  }

  /**
   * An embedded context with this many engines in this JVM, ids 0..engines-1.
   *
   * @throws IllegalArgumentException when engines < 1
   */
  public static DistContext local(int engines) {
    return local(engines, null);
  }

  /**
   * An embedded context with this many engines whose calls wait at most askTimeout (null: the configured
   * {@code distarray.ask-timeout}, 60 s by default).
   *
   * @throws IllegalArgumentException when engines < 1 or the timeout is not positive
   */
  public static DistContext local(int engines, Duration askTimeout) {
    if (engines < 1) {
      throw new IllegalArgumentException("a context needs at least one engine, got " + engines);
    }
    if (askTimeout != null && (askTimeout.isNegative() || askTimeout.isZero())) {
      throw new IllegalArgumentException("the ask timeout must be positive, got " + askTimeout);
    }
    String timeoutSetting = askTimeout == null ? "" : "\ndistarray.ask-timeout = " + askTimeout.toMillis() + "ms";
    // engines share threads: kernels are CPU-bound, so more threads than cores only add switching, and a thread
    // per engine would cost a thread's memory and start-up per engine (a thousand engines are a thousand actors)
    int threads = Math.min(engines, Runtime.getRuntime().availableProcessors());
    Config config = ConfigFactory.parseString(
            "distarray.engine-dispatcher.thread-pool-executor.fixed-pool-size = " + threads
                + "\ndistarray.engine.engines-in-jvm = " + engines + timeoutSetting)
        .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "DistArray", config);
    org.distarray.arrays.ops.MatrixProducts.enginesInJvm(engines);
    try {
      Map<Integer, ActorRef<Engine.Command>> refs = new HashMap<>();
      int[] ids = new int[engines];
      for (int i = 0; i < engines; i++) {
        ids[i] = i;
        refs.put(i, system.systemActorOf(Engine.create(i), "engine-" + i,
            DispatcherSelector.fromConfig("distarray.engine-dispatcher")));
      }
      // on a thread of its own (a cluster's coordinator shares the pool of remoting and the data plane instead)
      ActorRef<Coordinator.Command> coordinator = system.systemActorOf(Coordinator.create(refs), "coordinator",
          DispatcherSelector.fromConfig("distarray.coordinator-dispatcher"));
      // only when distarray.dashboard.port is set; this JVM's loopback unless distarray.dashboard.interface says
      org.distarray.runtime.dashboard.Dashboard.fromConfig(system, coordinator, null, "127.0.0.1");
      Duration timeout = config.getDuration("distarray.ask-timeout");
      return new DistContext(new Client(system, coordinator, refs, timeout, false), ids);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /**
   * Joins the cluster that the client config file names (its seed nodes) as a client node, and waits until the
   * coordinator lists at least {@code distarray.client.min-engines} engines, at most
   * {@code distarray.client.connect-timeout}. Programs written for {@link #local(int)} run unchanged on it.
   *
   * @throws IllegalArgumentException when the file does not exist or is not valid HOCON, naming it
   * @throws DistTimeoutException when the engines did not show up in time, saying how many did
   */
  public static DistContext connect(Path clientConfig) {
    return ClusterClient.connect(clientConfig);
  }

  /** A context on a cluster's client node (see {@link ClusterClient}). */
  static DistContext clustered(Client client) {
    return new DistContext(client, null);
  }

  /**
   * The address of the dashboard, {@code http://host:port/}, when one runs: in the embedded runtime when
   * {@code distarray.dashboard.port} is set, in a cluster on the coordinator's node (port 8790 unless its config
   * says otherwise; empty for the first seconds of a node, until it listens).
   */
  public java.util.Optional<String> dashboardUrl() {
    checkOpen();
    org.distarray.actors.RuntimeState state = client.awaitAll(List.of(client.start(client.coordinator(),
        Coordinator.GetState::new)), "the coordinator's state").get(0);
    return state.dashboardUrl().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(state.dashboardUrl());
  }

  /** Number of engines (in cluster mode: the live engines now). */
  public int engineCount() {
    return engineIds().length;
  }

  /** The ids of the engines, ascending (0..n-1 when embedded; in a cluster, lost engines' ids are not reused). */
  public int[] engineIds() {
    checkOpen();
    return engineIds != null ? engineIds.clone() : client.refreshEngines();
  }

  /**
   * Where each engine runs: engine id -> the address of its node ({@code pekko://DistArray@host:port} in a
   * cluster; the local system's address when embedded), ascending by id.
   */
  public java.util.SortedMap<Integer, String> engineNodes() {
    int[] ids = engineIds();
    java.util.SortedMap<Integer, String> out = new java.util.TreeMap<>();
    for (int id : ids) {
      org.apache.pekko.actor.Address a = client.engine(id).path().address();
      out.put(id, a.hasLocalScope() ? client.system().address().toString() : a.toString());
    }
    return out;
  }

  /**
   * The distribution of shape over all engines with the automatic grid: {@code Distribution.of(shape, dist,
   * engineIds())}.
   */
  public Distribution distribution(Shape shape, String dist) {
    return Distribution.of(shape, dist, engineIds());
  }

  /**
   * The letters of the default layout: {@code "b"} (blocks along axis 0), or {@code ""} for a 0-d array, which
   * lives whole on one engine.
   */
  static String defaultDist(Shape shape) {
    return shape.ndim() == 0 ? "" : "b";
  }

  /** The distribution of shape with an explicit grid over the given engines (targets[rank] = engine id). */
  public Distribution distribution(Shape shape, String dist, int[] gridShape, int[] targets) {
    return Distribution.of(shape, dist, gridShape, targets);
  }

  /** FLOAT64 zeros, block-distributed on axis 0. */
  public DistArray zeros(Shape shape) {
    return zeros(distribution(shape, defaultDist(shape)));
  }

  /** FLOAT64 zeros. */
  public DistArray zeros(Distribution d) {
    return zeros(d, DType.FLOAT64);
  }

  public DistArray zeros(Distribution d, DType dtype) {
    return create(d, dtype, new Fill.Constant(0), "zeros");
  }

  /** FLOAT64 ones. */
  public DistArray ones(Distribution d) {
    return create(d, DType.FLOAT64, new Fill.Constant(1), "ones");
  }

  /**
   * NumPy's {@code concatenate(arrays, axis)}: the dtype of all inputs promoted; laid out with the first input's
   * distribution letters (an unstructured axis becomes 'b') over every input's engines; each input's elements go
   * engine to engine straight to their owner in the result.
   *
   * @throws ShapeMismatchException when the shapes differ off the axis or in dimensions, naming them
   * @throws IllegalArgumentException for no arrays, 0-d arrays or a bad axis
   */
  public DistArray concatenate(int axis, DistArray... arrays) {
    return Joins.concatenate(this, axis, arrays);
  }

  /**
   * NumPy's {@code stack(arrays, axis)}: the arrays (all of one shape) along a new axis; laid out like
   * {@link #concatenate}, the new axis undistributed.
   *
   * @throws ShapeMismatchException when the shapes differ, naming them
   */
  public DistArray stack(int axis, DistArray... arrays) {
    return Joins.stack(this, axis, arrays);
  }

  /** An array whose values are unspecified (in practice zeros), as NumPy's {@code empty}. */
  public DistArray empty(Distribution d, DType dtype) {
    return create(d, dtype, new Fill.Empty(), "empty");
  }

  /** FLOAT64, every element value. */
  public DistArray full(Distribution d, double value) {
    return create(d, DType.FLOAT64, new Fill.Constant(value), "full");
  }

  /** INT64 {@code 0..n-1}, block-distributed. */
  public DistArray arange(long n) {
    return create(distribution(Shape.of(n), "b"), DType.INT64, new Fill.Arange(), "arange");
  }

  /** FLOAT64 values f(global index), evaluated on the engines (f travels to them: make it a record). */
  public DistArray fromFunction(IndexFunction f, Distribution d) {
    return fromFunction(f, d, DType.FLOAT64);
  }

  /** Values f(global index) cast to dtype, evaluated on the engines. */
  public DistArray fromFunction(IndexFunction f, Distribution d, DType dtype) {
    return create(d, dtype, new Fill.Function(f), "fromFunction");
  }

  /** A local array scattered block-distributed on axis 0: {@code fromNdArray(a, distribution(a.shape(), "b"))}. */
  public DistArray fromNdArray(NdArray a) {
    return fromNdArray(a, distribution(a.shape(), defaultDist(a.shape())));
  }

  /**
   * A local array scattered by d: each engine is sent its block directly.
   *
   * @throws ShapeMismatchException when a's shape is not d's, naming both
   */
  public DistArray fromNdArray(NdArray a, Distribution d) {
    checkOpen();
    if (!a.shape().equals(d.shape())) {
      throw new ShapeMismatchException("array of shape " + a.shape() + " cannot take distribution of shape "
          + d.shape());
    }
    Coordinator.ArrayReply reply = client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.RegisterArray(d, a.dtype(), r), "registering an array");
    DistArray result = adopt(reply);
    try {
      String what = "engines storing the blocks of array " + reply.array();
      try {
        BlockParts.scatter(client, reply.array(), d, a, what);
      } catch (EngineMemoryException full) {
        handles.collectUnreachable(); // arrays the program dropped may free enough; parts stored are rewritten
        BlockParts.scatter(client, reply.array(), d, a, what);
      }
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
    return result;
  }

  /** A counter-based random generator: the value at a global index depends only on seed and index. */
  public DistRandom random(long seed) {
    return new DistRandom(this, seed);
  }

  /**
   * Runs task on every engine of the first array's targets (every engine when no array is given), with those
   * engines' blocks, and returns the results in rank order.
   *
   * @throws EngineTaskException naming the engine and the original type and message when the task throws on one,
   *     when its class is missing on an engine's node ({@code ClassNotFoundException}), or when its result cannot be
   *     sent back (naming the result's type); at once, whatever the other engines are doing
   * @throws EngineLostException when an engine it ran on was lost
   */
  public <R> List<R> apply(LocalTask<R> task, DistArray... arrays) {
    return apply(task, true, arrays);
  }

  /** {@link #apply} for a task that only reads its arrays: their lazy readers need no copy of them first. */
  <R> List<R> applyReading(LocalTask<R> task, DistArray... arrays) {
    return apply(task, false, arrays);
  }

  private <R> List<R> apply(LocalTask<R> task, boolean writes, DistArray... arrays) {
    TaskCollector.Outcome reply = run(task, null, writes, arrays);
    if (reply.error() != null) {
      throw Client.taskFailure(reply.error(), task.getClass().getName());
    }
    return results(reply);
  }

  /**
   * Runs task on every engine of the first array's targets (every engine when no array is given) and combines the
   * results engine to engine up a binary tree of the ranks ({@link CombiningTask#combine}, left before right): only
   * the combined result reaches the caller, so the client receives one result whatever the engine count. Equal to
   * folding {@link #apply}'s results in rank order with combine.
   *
   * @throws EngineTaskException naming the engine and the cause when the task or a combine throws on one, its class
   *     is missing there, or a result cannot be sent
   * @throws EngineLostException when an engine it ran on was lost
   */
  @SuppressWarnings("unchecked")
  public <R> R applyCombined(CombiningTask<R> task, DistArray... arrays) {
    TaskCollector.Outcome reply = run(task, true, null, true, arrays);
    if (reply.error() != null) {
      throw Client.taskFailure(reply.error(), task.getClass().getName());
    }
    return reply.results().isEmpty() ? null : (R) reply.results().get(0).value();
  }

  /**
   * What the engines hold now: per engine, its blocks and their bytes against its budget, and how many of this
   * context's arrays hold blocks. Arrays whose handles the program dropped are freed first as far as the garbage
   * collector has found them: after {@code System.gc()} the report shows only what the program still holds. Frees
   * and this report travel through the coordinator, so arrays closed before the call are gone from it.
   */
  public MemoryReport memory() {
    checkOpen();
    handles.freeCollected();
    int[] ids = engineIds();
    List<java.util.concurrent.CompletableFuture<Engine.MemoryUsed>> answers = new ArrayList<>();
    for (int id : ids) {
      answers.add(client.start(client.coordinator(),
          (ActorRef<Engine.MemoryUsed> r) -> new Coordinator.ReportMemory(id, r)));
    }
    Map<Integer, EngineMemory> engines = new HashMap<>();
    for (Engine.MemoryUsed m : client.awaitAll(answers, "the memory reports of engines " + java.util.Arrays.toString(ids))) {
      if (m.blocks() >= 0) { // a lost engine is left out
        engines.put(m.engineId(), new EngineMemory(m.engineId(), m.blocks(), m.blockBytes(), m.budgetBytes(),
            m.bytesSent()));
      }
    }
    return new MemoryReport(engines, handles.holdingBlocks());
  }

  /**
   * Loads and saves of files report their progress to listener from now on (null: no reports); for example a
   * progress bar: {@code ctx.setProgressListener((op, done, total) -> bar.stepTo(done))}.
   */
  public void setProgressListener(ProgressListener listener) {
    this.progress = listener;
  }

  /**
   * Runs a user's task on the engines of the first array (every engine when none is given); errors are left to the
   * caller. The task may write into any of its arrays: lazy results that read them get copies of what they read first.
   */
  private TaskCollector.Outcome run(LocalTask<?> task, ActorRef<org.distarray.actors.TaskProgress> reports,
      boolean writes, DistArray... arrays) {
    return run(task, false, reports, writes, arrays);
  }

  private TaskCollector.Outcome run(LocalTask<?> task, boolean combined,
      ActorRef<org.distarray.actors.TaskProgress> reports, boolean writes, DistArray... arrays) {
    checkOpen();
    long[] ids = new long[arrays.length];
    for (int i = 0; i < arrays.length; i++) {
      ids[i] = arrays[i].id(this);
    }
    if (writes) {
      for (DistArray a : arrays) {
        a.state().beforeWrite();
      }
    }
    return client.runTask(ids, task, combined, reports, "task " + task.getClass().getSimpleName() + " on the engines");
  }

  @SuppressWarnings("unchecked")
  private static <R> List<R> results(TaskCollector.Outcome reply) {
    List<R> results = new ArrayList<>(reply.results().size());
    for (TaskResult r : reply.results()) {
      results.add((R) r.value());
    }
    return results;
  }

  // ---- IO: each engine reads and writes its own part of one file (the path must be the same on every engine) ----

  /**
   * Loads a NumPy .npy file (format 1.0, 2.0 or 3.0; f8, f4, i8, i4, b1 in either byte order, C or Fortran order)
   * distributed by d: every engine reads only its own elements from the file.
   *
   * @throws IoException naming the file when it is missing, truncated, corrupt or of an unsupported dtype, or an
   *     engine cannot read it
   * @throws ShapeMismatchException when the file's shape is not d's
   */
  public DistArray loadNpy(Path file, Distribution d) {
    checkOpen();
    NpyHeader h = NpyHeader.read(file);
    if (!java.util.Arrays.equals(h.shape(), d.shape().dims())) {
      throw new ShapeMismatchException(file + " holds an array of shape " + Shape.format(h.shape())
          + " but the distribution has shape " + d.shape());
    }
    DistArray a = empty(d, h.dtype());
    try {
      runIo(NpyTasks.Read.of(file.toAbsolutePath(), h), a, "loadNpy " + file);
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
    return a;
  }

  /**
   * Loads a .npy file as NumPy's {@code np.load(file)} does, block-distributed along axis 0 over every engine
   * ({@code distribution(shape, "b")}; a 0-d array lives on one engine): the shape comes from the file's header.
   *
   * @throws MissingFileException naming the file when it does not exist
   * @throws IoException naming the file when it is truncated, corrupt or of an unsupported dtype
   */
  public DistArray loadNpy(Path file) {
    checkOpen();
    return loadNpy(file, loadLayout(NpyHeader.read(file).shape()));
  }

  /** The layout of a load without a distribution: blocks along axis 0 over every engine (0-d: one engine). */
  private Distribution loadLayout(long[] dims) {
    Shape shape = Shape.of(dims);
    return distribution(shape, defaultDist(shape));
  }

  /**
   * Saves a as a .npy file (format 1.0, little-endian, C order): the header is written once, every engine writes its
   * own elements, and the file appears under its name only when every engine succeeded.
   *
   * @throws IoException naming the file when it cannot be written
   */
  public void saveNpy(Path file, DistArray a) {
    checkOpen();
    NpyTasks.Save save = NpyTasks.begin(file, a.dtype(), a.shape().dims());
    try {
      runSave(new NpyTasks.Write(save.temporary().toString(), save.dataOffset()), a, "saveNpy " + file);
    } catch (RuntimeException e) {
      NpyTasks.abort(save);
      throw e;
    }
    NpyTasks.commit(save);
  }

  /**
   * Loads Python DistArray's per-engine files {@code prefix_0.dnpy, prefix_1.dnpy, ...}: the distribution comes from
   * their headers (rank r on the context's r-th engine), and every engine reads its own file.
   *
   * @throws IoException naming the file when there is none, a header is corrupt, the files disagree, or they need
   *     more engines than the context has
   */
  public DistArray loadDnpy(Path prefix) {
    checkOpen();
    DnpyTasks.Contents c = DnpyTasks.inspect(prefix, engineIds());
    DistArray a = empty(c.distribution(), c.dtype());
    try {
      runIo(new DnpyTasks.Read(prefix.toAbsolutePath().toString()), a, "loadDnpy " + prefix);
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
    return a;
  }

  /**
   * Saves a as Python DistArray's per-engine files {@code prefix_<rank>.dnpy}, each engine writing its own; the files
   * get their names only when every engine succeeded.
   *
   * @throws IoException naming the file an engine could not write
   */
  public void saveDnpy(Path prefix, DistArray a) {
    checkOpen();
    Path abs = prefix.toAbsolutePath();
    if (abs.getParent() == null || !java.nio.file.Files.isDirectory(abs.getParent())) {
      throw new IoException(prefix, "the directory " + abs.getParent() + " does not exist");
    }
    int ranks = a.distribution().ranks();
    try {
      runSave(new DnpyTasks.Write(abs.toString()), a, "saveDnpy " + prefix);
    } catch (RuntimeException e) {
      DnpyTasks.abort(abs, ranks);
      throw e;
    }
    DnpyTasks.commit(abs, ranks);
  }

  /**
   * Loads Python DistArray's per-engine .dnpy files named one by one ({@code load_dnpy(list)}): files[r] holds rank
   * r's block and goes to the context's r-th engine; the distribution comes from their headers.
   *
   * @throws MissingFileException naming a file that does not exist
   * @throws IoException naming the files when a header is corrupt, the files disagree, their headers describe another
   *     number of ranks than files.size() (naming both counts), or they need more engines than the context has
   * @throws IllegalArgumentException when files is empty
   */
  public DistArray loadDnpy(List<Path> files) {
    checkOpen();
    List<Path> abs = absolute(files);
    DnpyTasks.Contents c = DnpyTasks.inspect(abs, engineIds());
    DistArray a = empty(c.distribution(), c.dtype());
    try {
      runIo(new DnpyTasks.ReadEach(names(abs)), a, "loadDnpy " + files.get(0) + " (" + files.size() + " files)");
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
    return a;
  }

  /**
   * Saves a as Python DistArray's per-engine .dnpy files named one by one ({@code save_dnpy(list)}): rank r of a's
   * distribution writes files[r] (the names are used as given); the files get their names only when every engine
   * succeeded.
   *
   * @throws IllegalArgumentException when files does not hold one name per rank of a's distribution (naming both
   *     counts) or names a file twice
   * @throws IoException naming the file an engine could not write, or a directory that does not exist
   */
  public void saveDnpy(List<Path> files, DistArray a) {
    checkOpen();
    int ranks = a.distribution().ranks();
    if (files.size() != ranks) {
      throw new IllegalArgumentException(files.size() + " file names given for an array whose distribution has "
          + ranks + " ranks: save_dnpy takes one file per rank, in rank order");
    }
    List<Path> abs = absolute(files);
    if (new java.util.HashSet<>(abs).size() != abs.size()) {
      throw new IllegalArgumentException("a file is named twice in " + files + ": each rank needs a file of its own");
    }
    for (Path p : abs) {
      if (p.getParent() == null || !java.nio.file.Files.isDirectory(p.getParent())) {
        throw new IoException(p, "the directory " + p.getParent() + " does not exist");
      }
    }
    try {
      runSave(new DnpyTasks.WriteEach(names(abs)), a, "saveDnpy " + files.get(0) + " (" + ranks + " files)");
    } catch (RuntimeException e) {
      DnpyTasks.abort(abs);
      throw e;
    }
    DnpyTasks.commit(abs);
  }

  private static List<Path> absolute(List<Path> files) {
    List<Path> abs = new ArrayList<>(files.size());
    for (Path p : files) {
      abs.add(p.toAbsolutePath().normalize());
    }
    return abs;
  }

  private static List<String> names(List<Path> files) {
    List<String> names = new ArrayList<>(files.size());
    for (Path p : files) {
      names.add(p.toString());
    }
    return names;
  }

  /**
   * Loads a variable of a NetCDF file (NetCDF-3 classic or 64-bit offset, NetCDF-4) distributed by d: every engine
   * reads its own hyperslabs. Variables of type double, float, long and int are supported, and packed byte, short,
   * int and long variables (CF's {@code scale_factor} / {@code add_offset}) load unpacked as NetCDF-Java's enhanced
   * datasets give them: {@code raw * scale_factor + add_offset} as float64 (float32 when the packing attributes are
   * float), with {@code _FillValue}, {@code missing_value} and values outside {@code valid_range} NaN; the array's
   * attributes leave the packing attributes out.
   *
   * @throws IoException naming the file when it is missing or unreadable, the variable does not exist, or its type is
   *     not supported
   * @throws ShapeMismatchException when the variable's shape is not d's
   */
  public DistArray loadNetcdf(Path file, String variable, Distribution d) {
    return loadVariable(file, variable, d);
  }

  /**
   * Loads a variable of a NetCDF file block-distributed along axis 0 over every engine ({@code distribution(shape,
   * "b")}): the shape comes from the file's header, and every engine reads its own hyperslabs.
   *
   * @throws MissingFileException naming the file and the variable when the file does not exist
   * @throws MissingVariableException naming the file and the variable when the file has no such variable
   * @throws IoException naming the file when it is unreadable or the variable's type is not supported
   */
  public DistArray loadNetcdf(Path file, String variable) {
    return loadVariable(file, variable, null);
  }

  /**
   * Loads a variable of a NetCDF file as stored, without unpacking (netCDF4-python's {@code set_auto_maskandscale
   * (False)}): a packed short variable loads as INT16 with its {@code scale_factor}, {@code add_offset},
   * {@code _FillValue} and {@code missing_value} among the array's attributes, and {@code saveNetcdf} writes them
   * back with it. Other variables load as {@link #loadNetcdf(Path, String, Distribution)} loads them.
   *
   * @throws IoException, MissingFileException, MissingVariableException and ShapeMismatchException as
   *     {@link #loadNetcdf(Path, String, Distribution)}
   */
  public DistArray loadNetcdfRaw(Path file, String variable, Distribution d) {
    return loadVariable(file, variable, d, true);
  }

  /** {@link #loadNetcdfRaw(Path, String, Distribution)} with the shape from the file, distributed "b". */
  public DistArray loadNetcdfRaw(Path file, String variable) {
    return loadVariable(file, variable, null, true);
  }

  /**
   * Loads a dataset of an HDF5 file (its path, for example {@code "grid/values"}) block-distributed along axis 0
   * over every engine ({@code distribution(shape, "b")}), as h5py's {@code f[dataset][...]} gives it whole.
   *
   * @throws MissingFileException naming the file and the dataset when the file does not exist
   * @throws MissingVariableException naming the file and the dataset when the file has no such dataset
   * @throws IoException naming the file when it is unreadable or the dataset's type is not supported
   */
  public DistArray loadHdf5(Path file, String dataset) {
    return loadVariable(file, dataset, null);
  }

  /**
   * Loads a dataset of an HDF5 file (its path, for example {@code "grid/values"}) distributed by d: every engine reads
   * its own hyperslabs (NetCDF-Java's HDF5 reader).
   *
   * @throws IoException naming the file when it is missing or unreadable, the dataset does not exist, or its type is
   *     not supported
   * @throws ShapeMismatchException when the dataset's shape is not d's
   */
  public DistArray loadHdf5(Path file, String dataset, Distribution d) {
    return loadVariable(file, dataset, d);
  }

  /** Loads a variable or dataset distributed by d (null: {@link #loadLayout} of its shape). */
  private DistArray loadVariable(Path file, String variable, Distribution given) {
    return loadVariable(file, variable, given, false);
  }

  /** As {@link #loadVariable(Path, String, Distribution)}; stored: packed integers as they are in the file. */
  private DistArray loadVariable(Path file, String variable, Distribution given, boolean stored) {
    checkOpen();
    NetcdfTasks.VariableInfo info = NetcdfTasks.inspect(file, variable, stored);
    Distribution d = given != null ? given : loadLayout(info.shape());
    if (!java.util.Arrays.equals(info.shape(), d.shape().dims())) {
      throw new ShapeMismatchException(file + ": variable '" + variable + "' has shape " + Shape.format(info.shape())
          + " but the distribution has shape " + d.shape());
    }
    DistArray a = empty(d, info.dtype());
    try {
      runIo(new NetcdfTasks.Read(file.toAbsolutePath().toString(), variable, stored), a, "load " + file + " " + variable);
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
    return a.describe(info.dimensions(), info.attributes());
  }

  /**
   * Saves a as a variable of a new NetCDF-3 64-bit-offset file, with the array's dimension names (else dim0, dim1,
   * ...) and attributes ({@link DistArray#describe}; an array loaded from NetCDF has its file's): the header is defined
   * once, every engine writes its own hyperslabs, and the file appears under its name only when every engine
   * succeeded. float64, float32 and int32 arrays can be stored (NetCDF-3 has no int64 or bool).
   *
   * @throws IoException naming the file when the dtype cannot be stored or the file cannot be written
   */
  public void saveNetcdf(Path file, String variable, DistArray a) {
    checkOpen();
    NetcdfTasks.Save save = NetcdfTasks.begin(file, variable, a.dtype(), a.shape().dims(),
        a.dimensionNames().isEmpty() ? null : a.dimensionNames(), a.attributes());
    try {
      runSave(new NetcdfTasks.Write(save.temporary().toString(), save.dataOffset()), a, "saveNetcdf " + file);
    } catch (RuntimeException e) {
      NetcdfTasks.abort(save);
      throw e;
    }
    NetcdfTasks.commit(save);
  }

  /**
   * Saves a as a contiguous dataset in the root group of an HDF5 file (h5py and h5dump read it), as h5py's mode "a"
   * does: a file that does not exist is made (its structure written once, every engine writing its own elements, the
   * file appearing under its name only when every engine succeeded); a file that exists gets the dataset added, its
   * other objects left as they are (the engines write the new elements past its end, and the root group lists the
   * dataset only when every engine succeeded; a failed save cuts the file back to what it was). bool is stored as
   * 8-bit unsigned integers.
   *
   * @throws IoException naming the file and the dataset when the name is not a plain root-group name, when the
   *     existing file already has that name (the file is left unchanged), when it is not an HDF5 file whose root
   *     group is a symbol table (superblock version 0 or 1: this method's files and h5py's defaults), or when the file
   *     cannot be written
   */
  public void saveHdf5(Path file, String dataset, DistArray a) {
    checkOpen();
    Hdf5Tasks.Save save = Hdf5Tasks.begin(file, dataset, a.dtype(), a.shape().dims());
    try {
      runSave(new NpyTasks.Write(save.temporary().toString(), save.dataOffset()), a, "saveHdf5 " + file);
    } catch (RuntimeException e) {
      Hdf5Tasks.abort(save);
      throw e;
    }
    Hdf5Tasks.commit(save);
  }

  /**
   * Runs an IO task, with the progress listener (if any) told of the engines' reports; a file problem on an engine
   * raises an IoException naming the file and the engine.
   */
  private void runIo(LocalTask<?> task, DistArray a, String operation) {
    runIo(task, a, operation, true);
  }

  /** Runs an IO task that only reads a (a save): lazy results that read a need no copies. */
  private void runSave(LocalTask<?> task, DistArray a, String operation) {
    runIo(task, a, operation, false);
  }

  private void runIo(LocalTask<?> task, DistArray a, String operation, boolean writes) {
    ProgressListener listener = progress;
    ActorRef<org.distarray.actors.TaskProgress> relay = null;
    ProgressRelay.Sink sink = null;
    java.util.concurrent.CompletableFuture<Void> drained = new java.util.concurrent.CompletableFuture<>();
    if (listener != null) {
      sink = new ProgressRelay.Sink(a.shape().size(), (done, total) -> listener.progress(operation, done, total));
      relay = client.system().systemActorOf(ProgressRelay.create(sink, drained),
          "progress-" + operations.incrementAndGet(), org.apache.pekko.actor.typed.Props.empty());
    }
    TaskCollector.Outcome reply;
    try {
      reply = run(task, relay, writes, a);
    } finally {
      if (relay != null) {
        ProgressRelay.drain(relay, drained, java.time.Duration.ofSeconds(5));
      }
    }
    if (reply.error() != null && Client.isOperational(reply.error())) {
      Client.raise(reply.error()); // a lost engine, memory, a timeout: as for every operation
    }
    if (reply.error() != null) {
      String where = " (on engine " + reply.error().engineId() + ")";
      if (reply.error().type().equals(IoException.class.getName())) {
        throw new IoException(reply.error().message() + where);
      }
      throw new IoException(reply.error().type() + ": " + reply.error().message() + where);
    }
    if (sink != null) {
      sink.finish();
    }
  }


  /**
   * Frees every array of this context and stops the actor system that local() started (with its engines) or that
   * connect() started (the client node leaves the cluster; the cluster's nodes go on).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    handles.closeAll();
    closed = true;
    client.system().terminate();
    try {
      client.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      if (client.clustered()) {
        // The client has left the cluster and its work is done; Pekko 1.x's Artery may still wait, without a
        // deadline, for a remoting stream to complete (over TLS in particular). Its threads are daemons.
        org.slf4j.LoggerFactory.getLogger(DistContext.class).warn("the client node's actor system did not finish"
            + " stopping within 30 s (its cluster status: {}; a remoting stream is still closing); going on",
            org.apache.pekko.cluster.typed.Cluster.get(client.system()).selfMember().status());
        return;
      }
      throw new DistTimeoutException("the actor system did not stop within 30 s", e);
    } catch (Exception e) {
      throw new IllegalStateException("stopping the actor system failed: " + e, e);
    }
  }

  // ---- for DistArray and DistRandom ----

  Client client() {
    checkOpen();
    return client;
  }

  DistArray create(Distribution d, DType dtype, Fill fill, String what) {
    checkOpen();
    Coordinator.ArrayReply reply = retryOnMemory(() -> client.ask(client.coordinator(),
        (ActorRef<Coordinator.ArrayReply> r) -> new Coordinator.CreateArray(d, dtype, fill, r), what),
        Coordinator.ArrayReply::error);
    return adopt(reply);
  }

  /** A handle for a new array with blocks of its own. */
  DistArray adopt(Coordinator.ArrayReply reply) {
    return adoptView(reply, null);
  }

  /** A handle for a new array; a view (reply.view()) shares base's blocks. */
  DistArray adoptView(Coordinator.ArrayReply reply, SharedBlocks base) {
    Client.raise(reply.error());
    ArrayState state = ArrayState.materialized(this, reply.array(), reply.view() ? base : null,
        reply.distribution().shape(), reply.dtype());
    return track(new DistArray(this, state, reply.distribution(), reply.dtype()));
  }

  DistArray lazy(Expr e, Set<ArrayState> inputs, Distribution d, DType dtype) {
    checkOpen();
    ArrayState state = ArrayState.lazy(this, e, inputs, d.shape(), dtype);
    return track(new DistArray(this, state, d, dtype));
  }

  /** The arrays this context watches (tests collect unreachable ones through it). */
  Handles handles() {
    return handles;
  }

  /** The handle was closed by the program: the runtime need not watch it any more. */
  void forget(ArrayState state) {
    handles.forget(state);
  }

  /** Copies of arrays about to be written, made engine by engine (see SharedBlocks); the copies' ids. */
  long[] snapshot(long[] arrays) {
    Coordinator.SnapshotReply reply = retryOnMemory(() -> client.ask(client.coordinator(),
        (ActorRef<Coordinator.SnapshotReply> r) -> new Coordinator.Snapshot(arrays, r),
        "copies of arrays " + java.util.Arrays.toString(arrays) + " for the lazy results that read them"),
        Coordinator.SnapshotReply::error);
    Client.raise(reply.error());
    return reply.copies();
  }

  /** Frees an array's blocks on the engines (a context already closed has none left). */
  void freeOnEngines(long id) {
    if (closed) {
      return;
    }
    try {
      client.coordinator().tell(new Coordinator.FreeArrays(new long[] {id}));
    } catch (IllegalStateException contextClosed) {
      // the actor system is stopping: its engines and their blocks go with it
    }
  }

  /**
   * Runs call, which asks the engines for memory; when an engine's budget was short, frees the arrays the program
   * can no longer reach (after a garbage collection, as the JDK does for direct buffers) and runs it once more.
   * Only operations that change nothing when they fail (those that make new arrays) go through here.
   */
  <T> T retryOnMemory(java.util.function.Supplier<T> call, java.util.function.Function<T, ErrorInfo> errorOf) {
    T answer = call.get();
    if (Client.isMemoryFull(errorOf.apply(answer)) && handles.collectUnreachable() > 0) {
      return call.get();
    }
    return answer;
  }

  private DistArray track(DistArray a) {
    a.state().handle(a);
    handles.track(a, a.state());
    handles.freeUnreachable();
    return a;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this DistContext is closed");
    }
  }
}

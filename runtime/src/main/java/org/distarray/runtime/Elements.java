package org.distarray.runtime;

import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.internal.Client;

/** Single elements of a distributed array, read and written on the engine that owns them (one round trip each). */
final class Elements {
  /** The write command for the owner: the array's id there, the local index, where to answer. */
  @FunctionalInterface
  interface WriteCommand {
    Engine.Command make(long array, long[] local, ActorRef<Engine.Done> replyTo);
  }

  private Elements() {}

  /** The owner's answer holding the element at index (negative indices count from the end). */
  static Engine.Done read(DistContext ctx, DistArray a, long[] index) {
    Distribution d = a.distribution();
    long[] global = normalize(a, index);
    long[] local = d.globalToLocal(global);
    Client client = ctx.client();
    long me = a.id(ctx);
    Engine.Done done = client.ask(client.engine(d.target(d.ownerRank(global))),
        (ActorRef<Engine.Done> r) -> new Engine.GetElement(0, me, local, r), "element read of " + a.label());
    Client.raise(done.error());
    return done;
  }

  /** Writes the element at index on its owner, after the engines kept what lazy results read of the array. */
  static void write(DistContext ctx, DistArray a, long[] index, WriteCommand command) {
    Distribution d = a.distribution();
    long[] global = normalize(a, index);
    long[] local = d.globalToLocal(global);
    Client client = ctx.client();
    long me = a.id(ctx);
    a.state().beforeWrite();
    Engine.Done done = client.ask(client.engine(d.target(d.ownerRank(global))),
        (ActorRef<Engine.Done> r) -> command.make(me, local, r), "element write of " + a.label());
    Client.raise(done.error());
  }

  private static long[] normalize(DistArray a, long[] index) {
    long[] dims = a.shape().dims();
    if (index.length != dims.length) {
      throw new IndexOutOfRangeException("index of length " + index.length + " for array of dimension "
          + dims.length + " with shape " + a.shape());
    }
    long[] g = new long[dims.length];
    for (int k = 0; k < dims.length; k++) {
      g[k] = index[k] < 0 ? index[k] + dims[k] : index[k];
      if (g[k] < 0 || g[k] >= dims[k]) {
        throw new IndexOutOfRangeException("index " + index[k] + " is out of bounds for axis " + k + " with size "
            + dims[k]);
      }
    }
    return g;
  }
}

package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.arrays.DType;
import org.distarray.arrays.dist.Distribution;

/**
 * The coordinator's arrays: id -> distribution and dtype, each owned by the node of the client that asked for it
 * ({@link Owners}), so that a departed client's arrays can be freed. An id is claimed when the engines are told to
 * make its array and registered once they all have; a failed request abandons its claim.
 */
final class Catalog {
  /** An array's distribution and dtype. */
  record Entry(Distribution distribution, DType dtype) {
    /** The bytes of its blocks: each rank's local block of the distribution's elements. */
    long blockBytes() {
      long elements = 0;
      for (int rank = 0; rank < distribution.ranks(); rank++) {
        elements += distribution.localSize(rank);
      }
      return elements * dtype.itemSize();
    }
  }

  private final Map<Long, Entry> entries = new HashMap<>();
  private final Owners owners;

  /**
   * The catalog of the coordinator on the node at self.
   *
   * @param self this node's address, the owner of requesters in this JVM. Not modified.
   */
  Catalog(Address self) {
    this.owners = new Owners(self);
  }

  /**
   * The entry of a registered array.
   *
   * @throws IllegalStateException naming the id when there is none (closed, or never created)
   */
  Entry entry(long id) {
    Entry e = entries.get(id);
    if (e == null) {
      throw new IllegalStateException("array " + id + " does not exist (closed, or never created)");
    }
    return e;
  }

  /** The registered arrays by id (a view). */
  Map<Long, Entry> entries() {
    return java.util.Collections.unmodifiableMap(entries);
  }

  /** Claims id, whose array the engines are about to make, for the node of the client that replyTo answers. */
  void claim(long id, ActorRef<?> replyTo) {
    owners.claim(id, replyTo);
  }

  /** Registers a made array; false when its client's node departed meanwhile (the array is then to be freed). */
  boolean register(long id, Entry e) {
    return register(id, e, e.blockBytes());
  }

  /** The same, for an array whose blocks take bytes (a view takes none: it shares its base's). */
  boolean register(long id, Entry e, long bytes) {
    if (!owners.complete(id, bytes)) {
      return false;
    }
    entries.put(id, e);
    return true;
  }

  /** Forgets the claim of an array its engines failed to make. */
  void abandon(long id) {
    owners.release(id);
  }

  /** Forgets arrays (unknown ids are skipped); returns, per engine id, the arrays it holds blocks of. */
  Map<Integer, List<Long>> remove(long[] ids) {
    Map<Integer, List<Long>> perEngine = new HashMap<>();
    for (long id : ids) {
      Entry e = entries.remove(id);
      owners.release(id);
      if (e != null) {
        for (int t : e.distribution().targets()) {
          perEngine.computeIfAbsent(t, k -> new ArrayList<>()).add(id);
        }
      }
    }
    return perEngine;
  }

  /** What a departed node owned, forgotten as owned (its arrays are still registered until removed). */
  Owners.Departure depart(Address node) {
    return owners.depart(node);
  }
}

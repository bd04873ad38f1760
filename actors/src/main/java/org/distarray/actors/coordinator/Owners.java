package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Which node owns each array of the coordinator's catalog: the node of the client whose request made it, so that the
 * arrays of a client node that is gone (crashed and downed, or left without closing its context) can be freed.
 *
 * <p>An array is claimed when its engines are told to make it, and completed when they all have; a node that departs
 * in between loses its claims, and {@link #complete} then refuses the array, which is to be freed rather than
 * registered. Requesters in this JVM (the embedded runtime, or a program on the coordinator's own node) belong to
 * this node's address.
 */
final class Owners {
  /** Marks a claim whose array the engines are still making. */
  private static final long IN_THE_MAKING = -1;

  /**
   * What a departed node owned.
   *
   * @param node the node's address
   * @param arrays the complete arrays it owned (in the catalog, to be freed now)
   * @param bytes the bytes of those arrays' blocks (views count none: they share their base's blocks)
   * @param inTheMaking how many of its arrays the engines were still making ({@link #complete} refuses them)
   */
  record Departure(Address node, List<Long> arrays, long bytes, int inTheMaking) {
    Departure {
      arrays = List.copyOf(arrays);
    }

    /** Whether the node owned nothing (then there is nothing to free or report). */
    boolean isEmpty() {
      return arrays.isEmpty() && inTheMaking == 0;
    }
  }

  private final Address self;
  private final Map<Long, Address> ownerOf = new HashMap<>();
  /** Per node: its arrays and their blocks' bytes, or IN_THE_MAKING. */
  private final Map<Address, Map<Long, Long>> owned = new HashMap<>();

  /**
   * Bookkeeping for the coordinator on the node at self.
   *
   * @param self this node's address, the owner of requesters in this JVM. Not modified.
   */
  Owners(Address self) {
    this.self = self;
  }

  /** The node that hosts an actor: its address, or this node's for an actor in this JVM. */
  Address nodeOf(ActorRef<?> actor) {
    Address a = actor.path().address();
    return a.hasLocalScope() ? self : a;
  }

  /** Claims an array for the node of the requester that its answer goes to. */
  void claim(long array, ActorRef<?> replyTo) {
    claim(array, nodeOf(replyTo));
  }

  /** Claims an array, in the making, for a node. */
  void claim(long array, Address node) {
    Address previous = ownerOf.putIfAbsent(array, node);
    if (previous != null) {
      throw new IllegalStateException("array " + array + " is claimed already, by " + previous + ", not " + node);
    }
    owned.computeIfAbsent(node, k -> new HashMap<>()).put(array, IN_THE_MAKING);
  }

  /**
   * Records that the engines have made a claimed array, whose blocks hold bytes. False when its owner has departed
   * since the claim (or it was never claimed): the array is then nobody's and is to be freed.
   */
  boolean complete(long array, long bytes) {
    Address node = ownerOf.get(array);
    if (node == null) {
      return false;
    }
    owned.get(node).put(array, bytes);
    return true;
  }

  /** Forgets an array: freed by its client, or never made (its request failed). */
  void release(long array) {
    Address node = ownerOf.remove(array);
    if (node == null) {
      return;
    }
    Map<Long, Long> arrays = owned.get(node);
    arrays.remove(array);
    if (arrays.isEmpty()) {
      owned.remove(node);
    }
  }

  /**
   * Forgets every array of a node that has left the cluster or was removed from it, and returns them: the complete
   * ones to free now, and how many are still in the making. A second departure of the same node finds nothing.
   */
  Departure depart(Address node) {
    Map<Long, Long> arrays = owned.remove(node);
    if (arrays == null) {
      return new Departure(node, List.of(), 0, 0);
    }
    List<Long> complete = new ArrayList<>();
    long bytes = 0;
    int inTheMaking = 0;
    for (Map.Entry<Long, Long> e : arrays.entrySet()) {
      ownerOf.remove(e.getKey());
      if (e.getValue() == IN_THE_MAKING) {
        inTheMaking++;
      } else {
        complete.add(e.getKey());
        bytes += e.getValue();
      }
    }
    complete.sort(null);
    return new Departure(node, complete, bytes, inTheMaking);
  }

  /** How many arrays (complete or in the making) a node owns now. */
  int count(Address node) {
    Map<Long, Long> arrays = owned.get(node);
    return arrays == null ? 0 : arrays.size();
  }
}

package org.distarray.actors.transport;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * One accepted data-plane connection: its first frame must be a hello that the plane admits (MAC, a token the
 * claimed member vouches for, membership), else the connection is closed and the refusal logged; then its frames
 * are joined into messages and each is handed to its target actor on this node. The connection never writes.
 */
final class PlaneInbound {
  private final DataPlane plane;
  private final InetSocketAddress remote;
  /** Messages whose fragments are still arriving, by message id. */
  private final Map<Long, Assembly> assemblies = new HashMap<>();
  private String from = "an unknown peer";

  /** A message being joined from its fragments. */
  private static final class Assembly {
    final PlaneFrames.Frame first;
    final byte[] bytes;
    int filled;

    Assembly(PlaneFrames.Frame first) {
      this.first = first;
      this.bytes = new byte[(int) first.total()];
    }
  }

  private PlaneInbound(DataPlane plane, InetSocketAddress remote) {
    this.plane = plane;
    this.remote = remote;
  }

  /** The handler of a connection from remote. */
  static Flow<ByteString, ByteString, NotUsed> flow(DataPlane plane, InetSocketAddress remote) {
    PlaneInbound in = new PlaneInbound(plane, remote);
    Sink<ByteString, NotUsed> frames = Flow.of(ByteString.class)
        .via(new PlaneFraming(plane.maxFrameBytes()))
        .initialTimeout(plane.handshakeTimeout())
        .prefixAndTail(1)
        .flatMapConcat(p -> p.first().isEmpty() ? Source.<ByteString>empty()
            : Source.completionStage(plane.admit(p.first().get(0), remote)).flatMapConcat(who -> {
              in.from = who;
              return p.second();
            }))
        .to(Sink.<ByteString>foreach(in::accept).mapMaterializedValue(done -> {
          done.whenComplete((ok, failure) -> in.ended(failure));
          return NotUsed.notUsed();
        }));
    return Flow.fromSinkAndSourceCoupled(frames, Source.<ByteString>maybe());
  }

  private void ended(Throwable failure) {
    boolean admitted = !from.equals("an unknown peer");
    if (failure == null && !admitted) {
      plane.log().warn("refused a data-plane connection from {}: it sent no hello (it closed first, or its TLS"
          + " handshake failed)", remote);
    } else if (failure == null) {
      plane.log().debug("data-plane connection from {} ({}) closed", from, remote);
    } else if (!admitted) {
      Throwable why = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      plane.log().warn("refused a data-plane connection from {}: {}", remote, why.toString());
    } else {
      plane.log().debug("data-plane connection from {} ({}) ended: {}", from, remote, failure.toString());
    }
  }

  private void accept(ByteString raw) {
    PlaneFrames.Frame f = PlaneFrames.decode(raw);
    switch (f.kind()) {
      case PlaneFrames.WHOLE -> plane.deliver(f.serializerId(), f.manifest(), f.target(), f.payload(), from);
      case PlaneFrames.FIRST -> {
        Assembly a = new Assembly(f);
        assemblies.put(f.messageId(), a);
        append(a, f);
      }
      default -> {
        Assembly a = assemblies.get(f.messageId());
        if (a == null) {
          throw new IllegalArgumentException("a fragment of message " + f.messageId() + ", whose first fragment did"
              + " not come");
        }
        append(a, f);
        if (f.kind() == PlaneFrames.LAST) {
          assemblies.remove(f.messageId());
          if (a.filled != a.bytes.length) {
            throw new IllegalArgumentException("message " + f.messageId() + " ended after " + a.filled + " of its "
                + a.bytes.length + " bytes");
          }
          plane.deliver(a.first.serializerId(), a.first.manifest(), a.first.target(), ByteString.fromArrayUnsafe(a.bytes),
              from);
        }
      }
    }
  }

  private static void append(Assembly a, PlaneFrames.Frame f) {
    int n = f.payload().size();
    if (n > a.bytes.length - a.filled) {
      throw new IllegalArgumentException("message " + f.messageId() + " has more than the " + a.bytes.length
          + " bytes its first fragment announced");
    }
    f.payload().copyToArray(a.bytes, a.filled, n);
    a.filled += n;
  }
}

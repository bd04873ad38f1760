package org.distarray.actors.transport;

import java.nio.ByteOrder;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Cuts the bytes of a data-plane connection into frames (an int length, little-endian, then that many bytes; the
 * frame is emitted with its length field). A stage of our own rather than Pekko's {@link Framing#lengthField}, which
 * copies every frame into one array: here a frame stays in the parts the socket delivered, and the message's reader
 * copies its elements from those parts straight into its arrays.
 */
final class PlaneFraming extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("PlaneFraming.in");
  private final Outlet<ByteString> out = Outlet.create("PlaneFraming.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final int maxFrameBytes;

  PlaneFraming(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private ByteString buffered = ByteString.emptyByteString();
      /** The length of the frame at the buffer's start (with its length field), or -1 until 4 bytes are here. */
      private long frame = -1;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            buffered = buffered.concat(grab(in));
            emit();
          }

          @Override
          public void onUpstreamFinish() {
            if (buffered.isEmpty()) {
              completeStage();
            } else if (isAvailable(out)) {
              emit();
            }
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            emit();
          }
        });
      }

      private void emit() {
        if (frame < 0 && buffered.size() >= 4) {
          frame = 4L + (buffered.iterator().getInt(ByteOrder.LITTLE_ENDIAN) & 0xffff_ffffL);
          if (frame > maxFrameBytes) {
            failStage(new FramingException("a data-plane frame of " + frame + " bytes, more than the "
                + maxFrameBytes + " this node accepts (distarray.data-plane.frame-bytes)"));
            return;
          }
        }
        if (frame >= 0 && buffered.size() >= frame) {
          if (isAvailable(out)) {
            ByteString f = buffered.take((int) frame);
            buffered = buffered.drop((int) frame);
            frame = -1;
            push(out, f);
            if (buffered.isEmpty() && isClosed(in)) {
              completeStage();
            }
          }
        } else if (isClosed(in)) {
          failStage(new FramingException("the connection ended inside a frame (" + buffered.size()
              + " bytes of " + (frame < 0 ? "a length field" : frame + "") + ")"));
        } else if (!hasBeenPulled(in)) {
          pull(in);
        }
      }
    };
  }
}

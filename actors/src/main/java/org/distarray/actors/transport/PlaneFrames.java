package org.distarray.actors.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The data plane's frames. Every frame is an int length (of the rest, little-endian) and a kind byte:
 * <ul>
 *   <li>{@link #HELLO}: the first frame of a connection: magic, version, lane, the sender's unique cluster address,
 *       a one-time token the sender's node vouches for over the cluster's own channel, and an HMAC-SHA256 of all
 *       that with the configured secret (32 zero bytes when there is none);</li>
 *   <li>{@link #WHOLE}: a message in one frame: message id, serializer id, manifest, target actor, payload;</li>
 *   <li>{@link #FIRST}, {@link #MORE}, {@link #LAST}: a message larger than a frame, cut into fragments of at most
 *       the frame size; the first carries the header and the payload's total length, every fragment its message
 *       id; the receiver joins the fragments of each message id in order.</li>
 * </ul>
 * A frame is never larger than the fragment size plus its header, whatever the message's size.
 */
final class PlaneFrames {
  static final byte HELLO = 0;
  static final byte WHOLE = 1;
  static final byte FIRST = 2;
  static final byte MORE = 3;
  static final byte LAST = 4;
  static final int MAGIC = 0x4c50_4144; // "DAPL" little-endian
  static final int VERSION = 1;
  /** Room for a frame's header: kind, ids, manifest and target (each at most MAX_NAME bytes). */
  static final int HEADER_ROOM = 2 * PlaneFrames.MAX_NAME + 64;
  /** The longest name (manifest, actor path, address) a frame may carry, in bytes. */
  static final int MAX_NAME = 4096;

  private PlaneFrames() {}

  /**
   * Bytes of the parts a message is serialized into: well under half of the smallest G1 region (1 MiB), so that no
   * part is a humongous object.
   */
  static final int PART_BYTES = 256 * 1024;

  /** A message ready to send: its serializer, manifest, target and serialized bytes. */
  record Outbound(int serializerId, String manifest, String target, ByteString payload) {}

  /** The frames of one message: one WHOLE frame, or FIRST, MORE..., LAST of at most fragmentBytes payload each. */
  static Iterator<ByteString> frames(long messageId, Outbound m, int fragmentBytes) {
    byte[] manifest = m.manifest().getBytes(StandardCharsets.UTF_8);
    byte[] target = m.target().getBytes(StandardCharsets.UTF_8);
    int total = m.payload().size();
    return new Iterator<>() {
      int sent;
      boolean first = true;

      @Override
      public boolean hasNext() {
        return first || sent < total;
      }

      @Override
      public ByteString next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more fragments of message " + messageId);
        }
        int n = Math.min(fragmentBytes, total - sent);
        boolean last = sent + n == total;
        byte kind = first ? (last ? WHOLE : FIRST) : (last ? LAST : MORE);
        ByteStringBuilder h = new ByteStringBuilder();
        int headerBytes = 1 + 8 + (first ? 4 + 2 + manifest.length + 2 + target.length + (last ? 0 : 8) : 0);
        h.putInt(headerBytes + n, ByteOrder.LITTLE_ENDIAN);
        h.putByte(kind);
        h.putLong(messageId, ByteOrder.LITTLE_ENDIAN);
        if (first) {
          h.putInt(m.serializerId(), ByteOrder.LITTLE_ENDIAN);
          h.putShort(manifest.length, ByteOrder.LITTLE_ENDIAN).putBytes(manifest);
          h.putShort(target.length, ByteOrder.LITTLE_ENDIAN).putBytes(target);
          if (!last) {
            h.putLong(total, ByteOrder.LITTLE_ENDIAN);
          }
        }
        ByteString frame = h.result().concat(m.payload().slice(sent, sent + n));
        sent += n;
        first = false;
        return frame;
      }
    };
  }

  /** A decoded frame (its payload part still in the frame's bytes). */
  record Frame(byte kind, long messageId, int serializerId, String manifest, String target, long total,
      ByteString payload) {}

  /**
   * Decodes a frame as Framing.lengthField delivers it (with its length field).
   *
   * @throws IllegalArgumentException for a malformed frame, naming what is wrong
   */
  static Frame decode(ByteString frame) {
    ByteBuffer b = frame.take(Math.min(frame.size(), HEADER_ROOM)).toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    b.getInt();
    byte kind = b.get();
    if (kind < WHOLE || kind > LAST) {
      throw new IllegalArgumentException("frame kind " + kind + " where a message was expected");
    }
    long id = b.getLong();
    if (kind == MORE || kind == LAST) {
      return new Frame(kind, id, 0, null, null, -1, frame.drop(b.position()));
    }
    int serializer = b.getInt();
    String manifest = name(b, "manifest");
    String target = name(b, "target");
    long total = kind == FIRST ? b.getLong() : -1;
    if (kind == FIRST && (total < 0 || total > Integer.MAX_VALUE - 8)) {
      throw new IllegalArgumentException("a message of " + total + " bytes: at most " + (Integer.MAX_VALUE - 8));
    }
    return new Frame(kind, id, serializer, manifest, target, total, frame.drop(b.position()));
  }

  private static String name(ByteBuffer b, String what) {
    int n = b.getShort() & 0xffff;
    if (n > MAX_NAME || n > b.remaining()) {
      throw new IllegalArgumentException("a " + what + " of " + n + " bytes in a frame (at most " + MAX_NAME
          + ", " + b.remaining() + " left in its header)");
    }
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  /** A connection's first frame. */
  record Hello(int lane, String uniqueAddress, long token, byte[] mac) {}

  static ByteString hello(int lane, String uniqueAddress, long token, byte[] secret) {
    ByteStringBuilder body = new ByteStringBuilder();
    body.putByte(HELLO).putInt(MAGIC, ByteOrder.LITTLE_ENDIAN).putInt(VERSION, ByteOrder.LITTLE_ENDIAN);
    body.putByte((byte) lane);
    byte[] address = uniqueAddress.getBytes(StandardCharsets.UTF_8);
    body.putShort(address.length, ByteOrder.LITTLE_ENDIAN).putBytes(address);
    body.putLong(token, ByteOrder.LITTLE_ENDIAN);
    byte[] signed = body.result().toArray();
    byte[] mac = PlaneSecret.mac(secret, signed);
    ByteStringBuilder frame = new ByteStringBuilder();
    frame.putInt(signed.length + mac.length, ByteOrder.LITTLE_ENDIAN).putBytes(signed).putBytes(mac);
    return frame.result();
  }

  /**
   * Reads a hello frame (with its length field) and checks its MAC with secret.
   *
   * @throws IllegalArgumentException when it is not a hello of this protocol, or its MAC is wrong
   */
  static Hello readHello(ByteString frame, byte[] secret) {
    ByteBuffer b = frame.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int length = b.getInt();
    if (length < 1 + 4 + 4 + 1 + 2 + 8 + PlaneSecret.MAC_BYTES || b.get() != HELLO || b.getInt() != MAGIC) {
      throw new IllegalArgumentException("not a DistArray data-plane hello");
    }
    int version = b.getInt();
    if (version != VERSION) {
      throw new IllegalArgumentException("data-plane protocol version " + version + ", this node speaks " + VERSION);
    }
    int lane = b.get();
    String address = name(b, "node address");
    long token = b.getLong();
    if (b.remaining() != PlaneSecret.MAC_BYTES) {
      throw new IllegalArgumentException("a hello with " + b.remaining() + " bytes of MAC");
    }
    byte[] mac = new byte[PlaneSecret.MAC_BYTES];
    b.get(mac);
    byte[] signed = frame.slice(4, 4 + length - PlaneSecret.MAC_BYTES).toArray();
    if (!PlaneSecret.verify(secret, signed, mac)) {
      throw new IllegalArgumentException("the hello's MAC does not match this node's distarray.data-plane.secret");
    }
    return new Hello(lane, address, token, mac);
  }
}

package org.distarray.actors.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.util.ByteString;
import org.distarray.actors.CborSerializable;
import org.distarray.arrays.NdArray;

/**
 * The serializer of every {@link CborSerializable} message: the message as Jackson CBOR (Pekko's
 * {@code jackson-cbor} object mapper, with {@link WireModule}), in which each array carries only its dtype and
 * shape, followed by the arrays' elements raw (C order, little-endian). Over Artery it writes straight into the
 * frame's buffer, so a block piece is copied once on each side, not through a CBOR byte string.
 *
 * <p>Frame: int header length, CBOR header, then the arrays' bytes in the order the header names them. Only classes
 * that implement CborSerializable are read; anything else is refused with an exception that Pekko logs.
 */
public final class ArrayFramedSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
  private final ExtendedActorSystem system;
  /** Made on first use: an embedded runtime serializes nothing, and making a mapper costs its start-up time. */
  private volatile ObjectMapper mapper;

  public ArrayFramedSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  private ObjectMapper mapper() {
    ObjectMapper m = mapper;
    if (m == null) {
      m = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-cbor", Optional.empty()); // one per system
      mapper = m;
    }
    return m;
  }

  /** This serializer's identifier in the configuration and on the wire. */
  public static final int ID = 447_301;

  @Override
  public int identifier() {
    return ID;
  }

  @Override
  public String manifest(Object o) {
    return o.getClass().getName();
  }

  /** A message's header with the arrays that follow it. */
  private record Encoded(byte[] header, List<NdArray> arrays) {
    int size() {
      return 4 + header.length + (int) ArrayFrames.bytes(arrays);
    }
  }

  private Encoded encode(Object o) {
    if (!(o instanceof CborSerializable)) {
      throw new IllegalArgumentException("cannot serialize " + o.getClass().getName()
          + ": messages implement org.distarray.actors.CborSerializable");
    }
    List<NdArray> arrays = ArrayFrames.newList();
    ArrayFrames.startWriting(arrays);
    try {
      return new Encoded(mapper().writeValueAsBytes(o), arrays);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serialize " + o.getClass().getName() + ": " + e.getMessage(), e);
    } finally {
      ArrayFrames.stopWriting();
    }
  }

  private static void write(Encoded e, ByteBuffer buf) {
    buf.putInt(e.header().length);
    buf.put(e.header());
    for (NdArray a : e.arrays()) {
      ArrayFrames.write(buf, a);
    }
  }

  @Override
  public void toBinary(Object o, ByteBuffer buf) {
    write(encode(o), buf);
  }

  @Override
  public byte[] toBinary(Object o) {
    Encoded e = encode(o);
    ByteBuffer buf = ByteBuffer.allocate(e.size());
    write(e, buf);
    return buf.array();
  }

  /**
   * The bytes {@link #toBinary(Object)} gives, as parts of at most partBytes each (the header's part may be longer by
   * the header), so that a large message is not one large array. Call it where remoting's serialization would run.
   */
  public ByteString toByteString(Object o, int partBytes) {
    return toByteString(o, partBytes, null);
  }

  /**
   * Like {@link #toByteString(Object, int)}, with the parts after the first from lease (when not null): arrays the
   * caller writes again once the bytes have been read (see {@link PartPool}).
   */
  public ByteString toByteString(Object o, int partBytes, PartPool.Lease lease) {
    Encoded e = encode(o);
    return PartWriter.write(e.header(), e.arrays(), ArrayFrames.bytes(e.arrays()), partBytes, lease);
  }

  @Override
  public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
    if (buf.remaining() < 4) {
      throw new NotSerializableException("message " + manifest + " of " + buf.remaining() + " bytes has no header");
    }
    int length = buf.getInt();
    if (length < 0 || length > buf.remaining()) {
      throw new NotSerializableException("message " + manifest + " claims a header of " + length + " bytes, "
          + buf.remaining() + " remain");
    }
    byte[] header = new byte[length];
    buf.get(header);
    return read(manifest, header, new RawBytes(buf));
  }

  /**
   * Reads a message from the bytes it arrived in (a frame's parts as the network delivered them), with its arrays'
   * elements copied straight from those parts into the arrays. Call it where remoting's deserialization would run
   * (actor references in the message resolve through {@code Serialization.withTransportInformation}).
   */
  public Object fromBytes(ByteString bytes, String manifest) throws NotSerializableException {
    if (bytes.size() < 4) {
      throw new NotSerializableException("message " + manifest + " of " + bytes.size() + " bytes has no header");
    }
    int length = bytes.iterator().getInt(ByteOrder.BIG_ENDIAN);
    if (length < 0 || length > bytes.size() - 4) {
      throw new NotSerializableException("message " + manifest + " claims a header of " + length + " bytes, "
          + (bytes.size() - 4) + " remain");
    }
    byte[] header = bytes.slice(4, 4 + length).toArray();
    return read(manifest, header, new RawBytes(bytes.drop(4 + length).getByteBuffers()));
  }

  private Object read(String manifest, byte[] header, RawBytes raw) throws NotSerializableException {
    Class<?> type = messageClass(manifest);
    ArrayFrames.startReading(raw);
    try {
      return mapper().readValue(header, type);
    } catch (IOException | RuntimeException e) {
      NotSerializableException n = new NotSerializableException("malformed message " + manifest + ": " + e.getMessage());
      n.initCause(e);
      throw n;
    } finally {
      ArrayFrames.stopReading();
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return fromBinary(ByteBuffer.wrap(bytes), manifest);
  }

  private static Class<?> messageClass(String manifest) throws NotSerializableException {
    Class<?> type;
    try {
      type = Class.forName(manifest, false, ArrayFramedSerializer.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new NotSerializableException("unknown message class " + manifest);
    }
    if (!CborSerializable.class.isAssignableFrom(type)) {
      throw new NotSerializableException("refused message class " + manifest + ": not a CborSerializable message");
    }
    return type;
  }
}

package org.distarray.actors.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * Wire form of an {@link NdArray} and of a {@link WireArray}: {@code {"dtype": "float64", "shape": [..], "data":
 * <bytes>}}, the elements in C order, little-endian, as one CBOR byte string (no per-element encoding); or, in a
 * message of {@link ArrayFramedSerializer}, {@code "raw": true} with the elements after the message's header.
 */
final class NdArrayCodec {
  private NdArrayCodec() {}

  static final class Serializer extends StdSerializer<NdArray> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(NdArray.class);
    }

    @Override
    public void serialize(NdArray a, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      g.writeStringField("dtype", a.dtype().numpyName());
      long[] dims = a.dims();
      g.writeFieldName("shape");
      g.writeArray(dims, 0, dims.length);
      if (ArrayFrames.collect(a)) {
        g.writeBooleanField("raw", true); // the elements follow the message's header (ArrayFramedSerializer)
      } else {
        g.writeBinaryField("data", toBytes(a));
      }
      g.writeEndObject();
    }
  }

  static final class Deserializer extends StdDeserializer<NdArray> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(NdArray.class);
    }

    @Override
    public NdArray deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      Header h = Header.read(parser);
      return h.raw() ? ArrayFrames.next(h.dtype(), h.dims()) : fromBytes(h.dtype(), h.dims(), h.data());
    }
  }

  /** A {@link WireArray} has an array's wire form; a received one keeps its raw elements in the message's bytes. */
  static final class WireSerializer extends StdSerializer<WireArray> {
    private static final long serialVersionUID = 1L;
    private final Serializer arrays = new Serializer();

    WireSerializer() {
      super(WireArray.class);
    }

    @Override
    public void serialize(WireArray w, JsonGenerator g, SerializerProvider p) throws IOException {
      arrays.serialize(w.toNdArray(), g, p);
    }
  }

  static final class WireDeserializer extends StdDeserializer<WireArray> {
    private static final long serialVersionUID = 1L;

    WireDeserializer() {
      super(WireArray.class);
    }

    @Override
    public WireArray deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      Header h = Header.read(parser);
      return h.raw() ? ArrayFrames.nextBytes(h.dtype(), h.dims())
          : WireArray.of(fromBytes(h.dtype(), h.dims(), h.data()));
    }
  }

  /** An array's fields: dtype, shape, and its elements inline (data) or raw after the message's header. */
  private record Header(DType dtype, long[] dims, boolean raw, byte[] data) {
    static Header read(JsonParser parser) throws IOException {
      JsonNode node = parser.readValueAsTree();
      JsonNode dtype = node.get("dtype");
      JsonNode shape = node.get("shape");
      JsonNode data = node.get("data");
      boolean raw = node.has("raw");
      if (dtype == null || shape == null || data == null && !raw || !shape.isArray()) {
        throw new IOException("malformed array message: expected dtype, shape and data, got fields "
            + node.fieldNames());
      }
      long[] dims = new long[shape.size()];
      for (int k = 0; k < dims.length; k++) {
        dims[k] = shape.get(k).asLong();
      }
      return new Header(DType.fromName(dtype.asText()), dims, raw, raw ? null : data.binaryValue());
    }
  }

  static byte[] toBytes(NdArray a) {
    NdArray c = a.isContiguous() && a.offset() == 0 && a.size() == NdArray.elementsIn(a.dtype(), a.storage())
        ? a : a.copy();
    int n = (int) c.size();
    ByteBuffer b = ByteBuffer.allocate(n * c.dtype().itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    org.distarray.arrays.ElementBytes.put(b, c, 0, n);
    return b.array();
  }

  static NdArray fromBytes(DType dtype, long[] dims, byte[] bytes) throws IOException {
    long size = 1;
    for (long d : dims) {
      size *= d;
    }
    if (size * dtype.itemSize() != bytes.length) {
      throw new IOException("array message of dtype " + dtype + " and shape " + org.distarray.arrays.Shape.format(dims)
          + " carries " + bytes.length + " bytes, expected " + size * dtype.itemSize());
    }
    int n = (int) size;
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    NdArray a = NdArray.zeros(dtype, dims);
    org.distarray.arrays.ElementBytes.get(b, a, 0, n);
    return a;
  }
}

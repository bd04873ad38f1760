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
 * Wire form of an {@link NdArray}: {@code {"dtype": "float64", "shape": [..], "data": <bytes>}}, the elements in
 * C order, little-endian, as one CBOR byte string (no per-element encoding).
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
      if (raw) {
        return ArrayFrames.next(DType.fromName(dtype.asText()), dims);
      }
      return fromBytes(DType.fromName(dtype.asText()), dims, data.binaryValue());
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

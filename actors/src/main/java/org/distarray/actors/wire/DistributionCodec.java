package org.distarray.actors.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.BlockBoundsMap;
import org.distarray.arrays.dist.CyclicMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.UnstructuredMap;

/**
 * Wire form of a {@link Distribution}: its shape, grid, targets and one axis map per axis (kind and parameters:
 * block bounds, cyclic block size, unstructured index lists), O(grid sizes + targets) values. (The Distributed
 * Array Protocol's {@code dim_data} of every rank would repeat the maps once per rank: about 80 KB for a vector on
 * 1,024 engines, sent to each of them.)
 */
final class DistributionCodec {
  private DistributionCodec() {}

  static final class Serializer extends StdSerializer<Distribution> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(Distribution.class);
    }

    @Override
    public void serialize(Distribution d, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      long[] shape = d.shape().dims();
      g.writeFieldName("shape");
      g.writeArray(shape, 0, shape.length);
      int[] grid = d.gridShape();
      g.writeFieldName("grid");
      g.writeArray(grid, 0, grid.length);
      int[] targets = d.targets();
      g.writeFieldName("targets");
      g.writeArray(targets, 0, targets.length);
      g.writeFieldName("maps");
      g.writeStartArray();
      for (AxisMap m : d.axisMaps()) {
        g.writeStartObject();
        if (m instanceof BlockBoundsMap b) {
          g.writeStringField("kind", "bounds");
          long[] bounds = b.bounds();
          g.writeFieldName("bounds");
          g.writeArray(bounds, 0, bounds.length);
        } else if (m instanceof CyclicMap c) {
          g.writeStringField("kind", "c");
          g.writeNumberField("blockSize", c.blockSize());
        } else if (m instanceof UnstructuredMap u) {
          g.writeStringField("kind", "u");
          g.writeFieldName("indices");
          g.writeStartArray();
          for (long[] indices : u.indicesPerProcess()) {
            g.writeArray(indices, 0, indices.length);
          }
          g.writeEndArray();
        } else {
          g.writeStringField("kind", String.valueOf(m.distType())); // 'b' (balanced) or 'n'
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  static final class Deserializer extends StdDeserializer<Distribution> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(Distribution.class);
    }

    @Override
    public Distribution deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      JsonNode node = parser.readValueAsTree();
      JsonNode maps = node.get("maps");
      if (maps == null || !maps.isArray()) {
        throw new IOException("malformed distribution message: expected shape, grid, targets and maps");
      }
      List<AxisMap> axes = new ArrayList<>();
      for (JsonNode m : maps) {
        String kind = m.path("kind").asText();
        axes.add(switch (kind) {
          case "b" -> AxisMap.block();
          case "bounds" -> AxisMap.blockBounds(longs(m.get("bounds"), "bounds"));
          case "c" -> AxisMap.blockCyclic(m.path("blockSize").asLong());
          case "u" -> {
            JsonNode lists = m.get("indices");
            if (lists == null || !lists.isArray()) {
              throw new IOException("malformed distribution message: an unstructured axis without indices");
            }
            long[][] indices = new long[lists.size()][];
            for (int k = 0; k < indices.length; k++) {
              indices[k] = longs(lists.get(k), "indices");
            }
            yield AxisMap.unstructured(indices);
          }
          case "n" -> AxisMap.none();
          default -> throw new IOException("malformed distribution message: unknown axis kind '" + kind + "'");
        });
      }
      long[] shape = longs(node.get("shape"), "shape");
      long[] grid = longs(node.get("grid"), "grid");
      long[] targets = longs(node.get("targets"), "targets");
      try {
        return Distribution.of(Shape.of(shape), axes, toInts(grid), toInts(targets));
      } catch (RuntimeException e) {
        throw new IOException("malformed distribution message: " + e.getMessage(), e);
      }
    }

    private static long[] longs(JsonNode array, String what) throws IOException {
      if (array == null || !array.isArray()) {
        throw new IOException("malformed distribution message: " + what + " is not an array");
      }
      long[] out = new long[array.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = array.get(i).asLong();
      }
      return out;
    }

    private static int[] toInts(long[] values) {
      int[] out = new int[values.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.toIntExact(values[i]);
      }
      return out;
    }
  }
}

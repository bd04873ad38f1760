package org.distarray.actors.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distarray.arrays.dist.Distribution;

/**
 * Wire form of a {@link Distribution}: its targets and the Distributed Array Protocol {@code dim_data} of every
 * rank, rebuilt with {@link Distribution#fromDimData} on arrival (the protocol is the exchange format).
 */
final class DistributionCodec {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private DistributionCodec() {}

  static final class Serializer extends StdSerializer<Distribution> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(Distribution.class);
    }

    @Override
    public void serialize(Distribution d, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      int[] targets = d.targets();
      g.writeFieldName("targets");
      g.writeArray(targets, 0, targets.length);
      g.writeFieldName("dimData");
      g.writeStartArray();
      for (int rank = 0; rank < d.ranks(); rank++) {
        g.writeStartArray();
        for (Map<String, Object> axis : d.dimData(rank)) {
          g.writeStartObject();
          for (Map.Entry<String, Object> e : axis.entrySet()) {
            g.writeFieldName(e.getKey());
            p.defaultSerializeValue(e.getValue(), g);
          }
          g.writeEndObject();
        }
        g.writeEndArray();
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
      JsonNode targets = node.get("targets");
      JsonNode dimData = node.get("dimData");
      if (targets == null || dimData == null || !targets.isArray() || !dimData.isArray()) {
        throw new IOException("malformed distribution message: expected targets and dimData");
      }
      int[] t = new int[targets.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = targets.get(i).asInt();
      }
      List<List<Map<String, Object>>> perRank = new ArrayList<>();
      for (JsonNode rank : dimData) {
        perRank.add(PLAIN.convertValue(rank, new TypeReference<List<Map<String, Object>>>() {}));
      }
      try {
        return Distribution.fromDimData(perRank, t);
      } catch (IllegalArgumentException e) {
        throw new IOException("malformed distribution message: " + e.getMessage(), e);
      }
    }
  }
}

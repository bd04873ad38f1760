package org.distarray.actors;

/**
 * Marks every message that crosses between actors; bound to Pekko's Jackson CBOR serializer in
 * {@code reference.conf}. Messages are records; nothing uses Java serialization.
 */
public interface CborSerializable {}

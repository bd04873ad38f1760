package org.distarray.actors;

/**
 * The value a {@code LocalTask} returned on one engine, wrapped so that it can travel back: records, strings,
 * boxed primitives, primitive arrays, {@code NdArray}s and lists of those (see the wire module).
 */
public record TaskResult(Object value) implements CborSerializable {}

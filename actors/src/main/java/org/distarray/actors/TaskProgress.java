package org.distarray.actors;

/** How far a task (request requestId) has come on one engine: done of total units (for IO, elements). */
public record TaskProgress(long requestId, int engineId, int rank, long done, long total)
    implements CborSerializable {}

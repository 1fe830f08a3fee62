package io.agora.persistence;

/**
 * Marker for every message, event, state and reply that crosses a node boundary or enters the journal: bound to
 * Jackson CBOR in {@code reference.conf}, with Java serialization switched off.
 */
public interface CborSerializable {}

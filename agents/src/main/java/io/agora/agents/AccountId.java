package io.agora.agents;

import io.agora.persistence.CborSerializable;
import java.util.Objects;

/**
 * The tenant and the account an entity belongs to. The entity id is {@code tenant|account}; every event of a
 * per-account agent carries it, so tenant isolation and audit read it from the journal without a migration.
 */
public record AccountId(String tenant, String account) implements CborSerializable {
  public static final String SEPARATOR = "|";

  public AccountId {
    requireName("tenant", tenant);
    requireName("account", account);
  }

  /** Parses {@code tenant|account}. */
  public static AccountId parse(String entityId) {
    int bar = entityId == null ? -1 : entityId.indexOf(SEPARATOR);
    if (bar <= 0 || bar == entityId.length() - 1) {
      throw new IllegalArgumentException("entity id must be tenant|account: " + entityId);
    }
    return new AccountId(entityId.substring(0, bar), entityId.substring(bar + 1));
  }

  public String entityId() {
    return tenant + SEPARATOR + account;
  }

  private static void requireName(String what, String v) {
    Objects.requireNonNull(v, what);
    if (v.isEmpty() || v.contains(SEPARATOR)) throw new IllegalArgumentException(what + " must be non-empty without '|': " + v);
  }

  @Override
  public String toString() {
    return entityId();
  }
}

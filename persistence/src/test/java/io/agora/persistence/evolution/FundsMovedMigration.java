package io.agora.persistence.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/** Upgrades {@link FundsMoved} version 1 ({@code value}, no currency) to version 2. */
public final class FundsMovedMigration extends JacksonMigration {

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    ObjectNode root = (ObjectNode) json;
    if (fromVersion < 2) {
      root.set("amount", root.get("value"));
      root.remove("value");
      root.put("currency", "USDT");
    }
    return root;
  }
}

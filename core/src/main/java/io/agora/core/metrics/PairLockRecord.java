package io.agora.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pair lock as the report lists it (Freqtrade's {@code PairLock.to_json}).
 *
 * @param lockTime epoch ms when the lock was placed
 * @param lockEndTime epoch ms when it ends
 * @param side {@code long}, {@code short} or {@code *} (both)
 */
public record PairLockRecord(
    int id, String pair, long lockTime, long lockEndTime, String reason, String side, boolean active) {

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("pair", pair);
    m.put("lock_time", PyFormat.printDate(lockTime));
    m.put("lock_timestamp", lockTime);
    m.put("lock_end_time", PyFormat.printDate(lockEndTime));
    m.put("lock_end_timestamp", lockEndTime);
    m.put("reason", reason);
    m.put("side", side);
    m.put("active", active);
    return m;
  }
}

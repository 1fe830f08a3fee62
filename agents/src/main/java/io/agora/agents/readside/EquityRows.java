package io.agora.agents.readside;

import io.agora.agents.desk.TradingDesk;
import io.agora.agents.desk.TradingDesk.EquityMarked;
import io.agora.agents.desk.TradingDesk.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/**
 * Keeps {@code equity} from the {@link TradingDesk}'s {@link EquityMarked} events (the only desk events tagged): one
 * row per account and valuation time, so an account's rows are its equity curve. Two valuations at the same time (an
 * entry and an exit on one candle) keep the later one: the row is updated, or inserted when absent, which also makes
 * a re-run over old events harmless.
 */
final class EquityRows implements RowWriter<Event> {

  static final ReadSideProjection<Event> PROJECTION =
      new ReadSideProjection<>("equity-read-side", TradingDesk.TAGS, EquityRows::new);

  @Override
  public void write(Connection c, EventEnvelope<Event> envelope) throws SQLException {
    if (!(envelope.event() instanceof EquityMarked e)) return;
    try (PreparedStatement up = c.prepareStatement(
        "UPDATE equity SET currency = ?, cash = ?, equity = ? WHERE tenant = ? AND account = ? AND recorded_at = ?")) {
      up.setString(1, e.currency());
      up.setBigDecimal(2, e.cash());
      up.setBigDecimal(3, e.equity());
      up.setString(4, e.account().tenant());
      up.setString(5, e.account().account());
      up.setLong(6, e.at());
      if (up.executeUpdate() > 0) return;
    }
    try (PreparedStatement in = c.prepareStatement(
        "INSERT INTO equity (tenant, account, recorded_at, currency, cash, equity) VALUES (?, ?, ?, ?, ?, ?)")) {
      in.setString(1, e.account().tenant());
      in.setString(2, e.account().account());
      in.setLong(3, e.at());
      in.setString(4, e.currency());
      in.setBigDecimal(5, e.cash());
      in.setBigDecimal(6, e.equity());
      in.executeUpdate();
    }
  }
}

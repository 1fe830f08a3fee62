package io.agora.core.report.json;

import io.agora.core.backtest.TradeResult;
import io.agora.core.backtest.TradeResult.OrderResult;
import io.agora.core.metrics.PyFormat;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A closed trade as Freqtrade's backtest export writes it: the {@code BT_DATA_COLUMNS} of
 * {@code trade_list_to_dataframe}, in that order, with the values {@code LocalTrade.to_json} gives them (amounts and
 * stakes rounded to 8 decimals, dates as {@code 2018-01-10 07:15:00+00:00}, timestamps in epoch ms, a zero stop-loss
 * ratio as null) and the minified orders of {@code Order.to_json(minified=True)}.
 */
public final class TradeJson {
  private TradeJson() {}

  public static List<Map<String, Object>> toJson(List<TradeResult> trades) {
    List<Map<String, Object>> out = new ArrayList<>(trades.size());
    for (TradeResult t : trades) out.add(toJson(t));
    return out;
  }

  public static Map<String, Object> toJson(TradeResult t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pair", t.pair());
    m.put("stake_amount", PyFormat.roundPython(t.stakeAmount(), 8));
    // Without position adjustment the largest stake a trade had is its stake.
    m.put("max_stake_amount", t.stakeAmount() != 0 ? PyFormat.roundPython(t.stakeAmount(), 8) : null);
    m.put("amount", PyFormat.roundPython(t.amount(), 8));
    m.put("open_date", PyFormat.timestamp(t.openTime()));
    m.put("close_date", PyFormat.timestamp(t.closeTime()));
    m.put("open_rate", t.openRate());
    m.put("close_rate", t.closeRate());
    m.put("fee_open", t.feeOpen());
    m.put("fee_close", t.feeClose());
    m.put("trade_duration", Math.floorDiv(t.closeTime() - t.openTime(), 60_000L));
    m.put("profit_ratio", t.profitRatio());
    m.put("profit_abs", t.profitAbs());
    m.put("exit_reason", t.exitReason());
    m.put("initial_stop_loss_abs", t.initialStopLossAbs());
    m.put("initial_stop_loss_ratio", t.initialStopLossRatio() != 0 ? t.initialStopLossRatio() : null);
    m.put("stop_loss_abs", t.stopLossAbs());
    m.put("stop_loss_ratio", t.stopLossRatio() != 0 ? t.stopLossRatio() : null);
    m.put("min_rate", t.minRate());
    m.put("max_rate", t.maxRate());
    m.put("is_open", false);
    m.put("enter_tag", t.enterTag());
    m.put("leverage", t.leverage());
    m.put("is_short", t.isShort());
    m.put("open_timestamp", t.openTime());
    m.put("close_timestamp", t.closeTime());
    List<Map<String, Object>> orders = new ArrayList<>();
    for (OrderResult o : t.orders()) {
      // Freqtrade exports the filled (or still open) orders only; a closed trade has no open order.
      if (o.filled() > 0) orders.add(orderJson(o));
    }
    m.put("orders", orders);
    return m;
  }

  private static Map<String, Object> orderJson(OrderResult o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("amount", o.amount());
    m.put("safe_price", o.price());
    m.put("ft_order_side", o.side());
    m.put("order_filled_timestamp", o.filledTime());
    m.put("ft_is_entry", o.isEntry());
    m.put("ft_order_tag", o.tag());
    return m;
  }

  /**
   * Reads a trade back from its export form (ours or Freqtrade's). Dates are taken from {@code open_timestamp} /
   * {@code close_timestamp} when present, else parsed from {@code open_date} / {@code close_date} (either
   * {@code 2018-01-10 07:15:00+00:00} or ISO {@code 2018-01-10T07:15:00+00:00}; no offset means UTC). Missing numbers
   * read as 0 (leverage as 1), a missing stop-loss ratio as 0. Order placement time and type are not exported, so
   * read-back orders carry the fill time and a null type.
   */
  public static TradeResult fromJson(Map<String, ?> m) {
    List<OrderResult> orders = new ArrayList<>();
    if (m.get("orders") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> om) {
          double amount = num(om.get("amount"), 0);
          long filled = om.get("order_filled_timestamp") instanceof Number n ? n.longValue() : 0L;
          double price = num(om.get("safe_price"), 0);
          orders.add(
              new OrderResult(
                  Boolean.TRUE.equals(om.get("ft_is_entry")),
                  (String) om.get("ft_order_side"),
                  null,
                  filled,
                  filled,
                  price,
                  amount,
                  amount,
                  amount * price,
                  (String) om.get("ft_order_tag")));
        }
      }
    }
    return new TradeResult(
        (String) m.get("pair"),
        Boolean.TRUE.equals(m.get("is_short")),
        (String) m.get("enter_tag"),
        (String) m.get("exit_reason"),
        time(m, "open_timestamp", "open_date"),
        time(m, "close_timestamp", "close_date"),
        num(m.get("open_rate"), 0),
        num(m.get("close_rate"), 0),
        num(m.get("amount"), 0),
        num(m.get("stake_amount"), 0),
        num(m.get("leverage"), 1),
        num(m.get("fee_open"), 0),
        num(m.get("fee_close"), 0),
        num(m.get("profit_abs"), 0),
        num(m.get("profit_ratio"), 0),
        num(m.get("min_rate"), 0),
        num(m.get("max_rate"), 0),
        num(m.get("stop_loss_abs"), 0),
        num(m.get("stop_loss_ratio"), 0),
        num(m.get("initial_stop_loss_abs"), 0),
        num(m.get("initial_stop_loss_ratio"), 0),
        orders);
  }

  /** Parses {@code 2018-01-10 07:15:00+00:00}, the ISO form, or a date-time without offset (UTC) to epoch ms. */
  public static long parseDate(String s) {
    String iso = s.trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
  }

  private static long time(Map<String, ?> m, String tsKey, String dateKey) {
    if (m.get(tsKey) instanceof Number n) return n.longValue();
    Object d = m.get(dateKey);
    if (d == null) throw new IllegalArgumentException("trade has neither " + tsKey + " nor " + dateKey + ": " + m.get("pair"));
    return parseDate(d.toString());
  }

  private static double num(Object o, double absent) {
    return o instanceof Number n ? n.doubleValue() : absent;
  }
}

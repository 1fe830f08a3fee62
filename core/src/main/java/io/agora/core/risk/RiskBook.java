package io.agora.core.risk;

import io.agora.core.market.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the risk rules look at, immutable: holdings and last prices per asset (exposure), realised PnL per UTC day,
 * equity and its peak (drawdown), pair cooldown locks, the global stoploss-guard lock and the recent stop-loss exits.
 */
public record RiskBook(
    Map<String, BigDecimal> holdings,
    Map<String, BigDecimal> lastPrices,
    Map<String, BigDecimal> dailyPnl,
    BigDecimal equity,
    BigDecimal equityPeak,
    Map<String, Instant> pairLocks,
    Instant globalLockUntil,
    List<Instant> stoplossExits) {

  public RiskBook {
    holdings = Map.copyOf(holdings);
    lastPrices = Map.copyOf(lastPrices);
    dailyPnl = Map.copyOf(dailyPnl);
    pairLocks = Map.copyOf(pairLocks);
    stoplossExits = List.copyOf(stoplossExits);
  }

  public static RiskBook empty() {
    return new RiskBook(Map.of(), Map.of(), Map.of(), null, null, Map.of(), null, List.of());
  }

  /** UTC day key of an instant, e.g. {@code 2026-11-05}. */
  public static String day(Instant at) {
    return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  public BigDecimal exposure(String asset) {
    BigDecimal qty = holdings.getOrDefault(asset, BigDecimal.ZERO);
    BigDecimal px = lastPrices.getOrDefault(asset, BigDecimal.ZERO);
    return qty.signum() <= 0 ? BigDecimal.ZERO : qty.multiply(px);
  }

  public BigDecimal totalExposure() {
    BigDecimal sum = BigDecimal.ZERO;
    for (String asset : holdings.keySet()) sum = sum.add(exposure(asset));
    return sum;
  }

  /** Assets held (quantity > 0): the open trades. */
  public int openTrades() {
    int n = 0;
    for (BigDecimal q : holdings.values()) if (q.signum() > 0) n++;
    return n;
  }

  public BigDecimal pnlOn(Instant at) {
    return dailyPnl.getOrDefault(day(at), BigDecimal.ZERO);
  }

  /** (peak − equity) / peak, 0 without a positive peak. */
  public BigDecimal drawdown() {
    if (equityPeak == null || equity == null || equityPeak.signum() <= 0) return BigDecimal.ZERO;
    return equityPeak.subtract(equity).divide(equityPeak, 12, RoundingMode.HALF_EVEN);
  }

  public RiskBook withFill(String asset, Side side, BigDecimal amount, BigDecimal price) {
    Map<String, BigDecimal> h = new TreeMap<>(holdings);
    BigDecimal q = h.getOrDefault(asset, BigDecimal.ZERO).add(side == Side.BUY ? amount : amount.negate());
    if (q.signum() <= 0) h.remove(asset);
    else h.put(asset, q);
    Map<String, BigDecimal> p = new TreeMap<>(lastPrices);
    if (q.signum() <= 0) p.remove(asset);
    else p.put(asset, price);
    return new RiskBook(h, p, dailyPnl, equity, equityPeak, pairLocks, globalLockUntil, stoplossExits);
  }

  public RiskBook withEquity(BigDecimal newEquity) {
    BigDecimal peak = equityPeak == null || newEquity.compareTo(equityPeak) > 0 ? newEquity : equityPeak;
    return new RiskBook(holdings, lastPrices, dailyPnl, newEquity, peak, pairLocks, globalLockUntil, stoplossExits);
  }

  /**
   * A closed trade: adds its profit to the day's PnL, locks the pair for the cooldown and, for a stop-loss exit,
   * locks all entries when the stoploss guard trips. Exits older than the lookback are forgotten, and so are
   * locks already expired at {@code at}, so the book stays small.
   */
  public RiskBook withTradeClosed(RiskLimits limits, String pair, BigDecimal profit, boolean stopLoss, Instant at) {
    Map<String, BigDecimal> pnl = new TreeMap<>(dailyPnl);
    pnl.merge(day(at), profit, BigDecimal::add);
    pnl.keySet().removeIf(d -> d.compareTo(day(at.minus(java.time.Duration.ofDays(7)))) < 0);
    Map<String, Instant> locks = new TreeMap<>(pairLocks);
    locks.values().removeIf(until -> !until.isAfter(at));
    if (!RiskLimits.isOff(limits.pairCooldown())) locks.merge(pair, at.plus(limits.pairCooldown()), RiskBook::later);
    List<Instant> exits = new ArrayList<>(stoplossExits);
    Instant global = globalLockUntil != null && globalLockUntil.isAfter(at) ? globalLockUntil : null;
    if (stopLoss) exits.add(at);
    if (limits.stoplossGuardTrades() > 0) {
      Instant from = at.minus(limits.stoplossGuardLookback());
      exits.removeIf(t -> t.isBefore(from));
      if (stopLoss && exits.size() >= limits.stoplossGuardTrades()) {
        global = later(global, at.plus(limits.stoplossGuardLock()));
      }
    } else {
      exits.clear();
    }
    return new RiskBook(holdings, lastPrices, pnl, equity, equityPeak, locks, global, exits);
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) return b;
    return a.isAfter(b) ? a : b;
  }
}

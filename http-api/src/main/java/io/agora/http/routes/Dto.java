package io.agora.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.risk.RiskAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.paper.Liquidity;
import io.agora.core.paper.OrderType;
import io.agora.core.market.Side;
import io.agora.core.risk.RiskLimits;
import io.agora.http.audit.AuditLog;
import io.agora.http.registry.AgentRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API's JSON shapes. They are the API's own records (not the agents' protocol types), so that the JSON stays
 * stable when an agent's internals change; the {@code from} methods map the agents' views onto them.
 */
public final class Dto {
  private Dto() {}

  // ---- requests ----

  /** Creates and configures a strategy agent. {@code config}: Freqtrade-style settings (stake, ROI, stop loss...). */
  public record CreateStrategy(String id, String strategy, Map<String, String> params, String pair, JsonNode config) {}

  public record CreateAccount(String account) {}

  public record Deposit(String currency, BigDecimal amount, String reference) {}

  /** Engages the kill switch; {@code flatten} also asks the execution side to close the positions. */
  public record KillSwitch(String reason, Boolean flatten) {}

  /**
   * Risk limits (also the body of PUT .../risk/limits, which replaces them all): a null decimal or duration, or a
   * count of 0, means "no limit". Durations are ISO-8601 ({@code PT30M}).
   */
  public record Limits(Integer maxOpenTrades, BigDecimal maxOrderNotional, BigDecimal maxAssetExposure,
      BigDecimal maxTotalExposure, BigDecimal dailyLossLimit, BigDecimal maxDrawdown, Integer maxOrdersPerMinute,
      Duration pairCooldown, Integer stoplossGuardTrades, Duration stoplossGuardLookback, Duration stoplossGuardLock) {

    static Limits from(RiskLimits l) {
      return new Limits(l.maxOpenTrades(), l.maxOrderNotional(), l.maxAssetExposure(), l.maxTotalExposure(),
          l.dailyLossLimit(), l.maxDrawdown(), l.maxOrdersPerMinute(), l.pairCooldown(), l.stoplossGuardTrades(),
          l.stoplossGuardLookback(), l.stoplossGuardLock());
    }

    RiskLimits toRiskLimits() {
      return new RiskLimits(zero(maxOpenTrades), maxOrderNotional, maxAssetExposure, maxTotalExposure, dailyLossLimit,
          maxDrawdown, zero(maxOrdersPerMinute), pairCooldown, zero(stoplossGuardTrades), stoplossGuardLookback,
          stoplossGuardLock);
    }

    private static int zero(Integer i) {
      return i == null ? 0 : i;
    }
  }

  // ---- responses ----

  public record Health(String status, String detail) {}

  /** An entry of the existence index: a strategy agent or an account created through the API. */
  public record Resource(String kind, String id, Map<String, String> attributes, String createdBy, Instant createdAt) {
    static Resource from(AgentRegistry.Entry e) {
      return new Resource(e.kind().name().toLowerCase(Locale.ROOT), e.id(), e.attributes(), e.createdBy(),
          e.createdAt());
    }
  }

  public record AgentList(List<Resource> agents) {}

  public record AccountList(List<Resource> accounts) {}

  public record Strategy(String id, String strategy, String pair, Map<String, String> params, JsonNode config,
      String lifecycle, String error, Instant lastCandle, long candlesSeen, int openTrades, int tradesOpened,
      int tradesClosed, int tradesCanceled, double realisedProfit, String createdBy, Instant createdAt) {

    static Strategy from(String id, StrategyAgent.StatusView v, AgentRegistry.Entry entry, JsonNode config) {
      StrategyAgent.State s = v.state();
      StrategyAgent.Configured c = s.config();
      return new Strategy(id, c == null ? null : c.strategyName(), c == null ? null : c.pair(),
          c == null ? Map.of() : c.params(), config, s.lifecycle().name(), s.error(),
          v.lastSeen() == Long.MIN_VALUE ? null : Instant.ofEpochMilli(v.lastSeen()), v.candlesSeen(), v.openTrades(),
          s.tradesOpened(), s.tradesClosed(), s.tradesCanceled(), s.realisedProfit(),
          entry == null ? null : entry.createdBy(), entry == null ? null : entry.createdAt());
    }
  }

  public record Account(String account, String createdBy, Instant createdAt) {}

  public record Deposited(String account, String currency, BigDecimal amount, String reference) {}

  public record Balances(String account, String referenceCurrency, Map<String, BigDecimal> balances,
      Map<String, BigDecimal> reserved, Map<String, BigDecimal> available, Map<String, BigDecimal> feesPaid,
      Map<String, BigDecimal> realisedPnl, BigDecimal equity, List<String> unpriced) {

    static Balances from(String account, CapitalAgent.AccountView v) {
      return new Balances(account, v.referenceCurrency(), v.balances(), v.reserved(), v.available(), v.feesPaid(),
          v.realisedPnl(), v.equity(), v.unpriced());
    }
  }

  public record Risk(String account, Limits limits, boolean killSwitch, String killSwitchReason, int openTrades,
      BigDecimal totalExposure, BigDecimal pnlToday, BigDecimal drawdown, Map<String, Instant> pairLocks,
      Instant globalLockUntil, int ordersInLastMinute) {

    static Risk from(String account, RiskAgent.RiskView v) {
      return new Risk(account, Limits.from(v.limits()), v.killSwitch(), v.killSwitchReason(), v.openTrades(),
          v.totalExposure(), v.pnlToday(), v.drawdown(), v.pairLocks(), v.globalLockUntil(), v.ordersInLastMinute());
    }
  }

  public record Fill(String fillId, double amount, double price, double fee, Liquidity liquidity, Instant candleTime) {}

  public record Order(String clientOrderId, String pair, Side side, OrderType type, double price, double amount,
      double filled, double remaining, ExecutionAgent.OrderStatus status, String principal, String rejectReason,
      Instant placedAt, List<Fill> fills) {

    static Order from(ExecutionAgent.OrderView o) {
      List<Fill> fills = new ArrayList<>(o.fills().size());
      for (ExecutionAgent.FillView f : o.fills()) {
        fills.add(new Fill(f.fillId(), f.amount(), f.price(), f.fee(), f.liquidity(),
            Instant.ofEpochMilli(f.candleTime())));
      }
      return new Order(o.clientOrderId(), o.pair(), o.side(), o.type(), o.price(), o.amount(), o.filled(),
          o.remaining(), o.status(), o.principal(), o.rejectReason(), Instant.ofEpochMilli(o.placedAt()),
          List.copyOf(fills));
    }
  }

  public record Orders(String account, String venue, List<Order> orders) {}

  public record AuditPage(List<AuditLog.AuditEntry> entries, long total) {}
}

package io.agora.http.routes;

import io.agora.agents.desk.TradingDesk;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.agents.readside.ReadSideQueries;
import io.agora.agents.risk.TradingHalt;
import io.agora.core.market.Side;
import io.agora.core.meta.Direction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of the operator and SRE routes ({@link OpsRoutes}); the API's own records, as {@link Dto}. */
public final class OpsDto {
  private OpsDto() {}

  // ---- portfolio (read side) ----

  public record Position(String venue, String pair, BigDecimal quantity, BigDecimal averagePrice,
      BigDecimal realizedPnl, Instant updatedAt) {
    static Position from(ReadSideQueries.PositionRow r) {
      return new Position(r.venue(), r.pair(), r.quantity(), r.averagePrice(), r.realizedPnl(),
          Instant.ofEpochMilli(r.updatedAt()));
    }
  }

  public record Positions(String account, List<Position> positions) {}

  public record Trade(String venueTradeId, String clientOrderId, String venue, String pair, Side side,
      BigDecimal price, BigDecimal amount, BigDecimal fee, String feeCurrency, Instant executedAt) {
    static Trade from(ReadSideQueries.TradeRow r) {
      return new Trade(r.venueTradeId(), r.clientOrderId(), r.venue(), r.pair(), r.side(), r.price(), r.amount(),
          r.fee(), r.feeCurrency(), Instant.ofEpochMilli(r.executedAt()));
    }
  }

  public record Trades(String account, List<Trade> trades) {}

  public record EquityPoint(Instant time, String currency, BigDecimal cash, BigDecimal equity) {
    static EquityPoint from(ReadSideQueries.EquityRow r) {
      return new EquityPoint(Instant.ofEpochMilli(r.recordedAt()), r.currency(), r.cash(), r.equity());
    }
  }

  public record EquityCurve(String account, Instant from, Instant to, List<EquityPoint> points) {}

  // ---- kill switches ----

  /** The body of an engage request (optional). */
  public record HaltRequest(String reason) {}

  public record Halt(String scope, boolean engaged, String reason, String engagedBy, Instant since) {
    static Halt from(TradingHalt.HaltView v, String scope) {
      return new Halt(scope, v.engaged(), v.reason(), v.principal(), v.since());
    }
  }

  // ---- strategies ----

  public record ForceExitAccepted(String id, String lifecycle, int openTrades, String message) {}

  // ---- agents of every kind ----

  public record PendingIntent(String intentId, String clientOrderId, String pair, Side side, Direction target,
      double price, Instant candle, List<String> contributors, String reason) {}

  public record DeskBook(BigDecimal held, BigDecimal cost, Direction ordered) {}

  public record Desk(String account, boolean configured, String venue, String quoteCurrency, String allocation,
      String portfolio, String orderType, long intents, List<PendingIntent> pending, Map<String, DeskBook> books,
      Map<String, Double> lastPrices, int settled, int filled, int rejected) {

    static Desk from(String account, TradingDesk.State s) {
      List<PendingIntent> pending = new ArrayList<>();
      for (TradingDesk.OrderIntended i : s.pending().values()) {
        pending.add(new PendingIntent(i.intentId(), i.clientOrderId(), i.pair(), i.side(), i.target(), i.price(),
            Instant.ofEpochMilli(i.candle().openTime()), i.contributors(), i.reason()));
      }
      Map<String, DeskBook> books = new TreeMap<>();
      s.books().forEach((pair, b) -> books.put(pair, new DeskBook(b.held(), b.cost(), b.ordered())));
      TradingDesk.DeskConfig c = s.config();
      return new Desk(account, c != null, c == null ? null : c.venue(), c == null ? null : c.quoteCurrency(),
          c == null ? null : c.allocation(), c == null ? null : c.portfolio(),
          c == null || c.orderType() == null ? null : c.orderType().name(), s.seq(), pending, books,
          new TreeMap<>(s.lastPrices()), s.settled(), s.filled(), s.rejected());
    }
  }

  public record MetaDecision(Direction direction, double confidence, List<String> contributors, String reason) {}

  public record Meta(String id, boolean configured, String policy, List<String> members, Double threshold,
      Long maxIntentAgeMillis, String onConflict, Map<String, MetaDecision> decisions,
      Map<String, Integer> intentsPerPair) {

    static Meta from(String id, MetaDecisionAgent.State s) {
      Map<String, MetaDecision> decisions = new TreeMap<>();
      s.decisions().forEach((pair, d) -> decisions.put(pair, new MetaDecision(d.direction(), d.confidence(),
          d.contributors(), d.reason())));
      Map<String, Integer> intents = new TreeMap<>();
      s.intents().forEach((pair, m) -> intents.put(pair, m.size()));
      var c = s.config();
      return new Meta(id, c != null, c == null ? null : String.valueOf(c.policy()), c == null ? null : c.members(),
          c == null ? null : c.threshold(), c == null ? null : c.maxIntentAgeMillis(),
          c == null ? null : String.valueOf(c.onConflict()), decisions, intents);
    }
  }

  // ---- exchange keys ----

  /** The body of a store request. Never logged: {@link #toString()} leaves the key and the secret out. */
  public record StoreExchangeKey(String venue, String apiKey, String secret) {
    @Override
    public String toString() {
      return "StoreExchangeKey[venue=" + venue + ", apiKey=***, secret=***]";
    }
  }

  public record ExchangeKey(String venue, String storedBy, Instant storedAt) {}

  public record ExchangeKeyList(String account, List<ExchangeKey> venues) {}

  // ---- cluster ----

  public record Member(String address, String status, List<String> roles, boolean reachable, boolean self,
      boolean leader) {}

  public record Members(String self, String leader, List<Member> members) {}

  /**
   * The model inference actors the cluster has (those on {@code gpu} nodes, as the Receptionist lists them) and what
   * this node does when none is up ({@code fallback}: local-cpu or none; {@code not started} when this node runs no
   * inference).
   */
  public record Inference(String node, String fallback, List<InferenceActor> actors) {}

  /** One inference actor: its node, its counters and the provider each open model runs on; {@code error} if silent. */
  public record InferenceActor(String node, long requests, long rows, long predictCalls, long failed,
      Map<String, String> models, String error) {}

  public record NodeShards(String address, int shards, int entities) {}

  public record ShardType(String entityType, int shards, int entities, List<NodeShards> nodes,
      List<String> unanswered) {}

  public record Shards(List<ShardType> types) {}

  public record LeaveAccepted(String address, String status, String message) {}
}

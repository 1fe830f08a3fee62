package io.agora.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.risk.RiskAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.risk.RiskLimits;
import io.agora.http.audit.AuditLog;
import io.agora.http.registry.AgentRegistry;
import io.agora.http.registry.AgentRegistry.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;

/**
 * The routes' work: existence first (the tenant's {@link AgentRegistry}; an id never created is 404 without touching
 * the agent), then the body (400), then the agent. The principal's subject goes into the agents' {@code principal}
 * fields, its tenant into the entity ids.
 */
final class Handlers {
  /** Ids the API creates (strategy instances, accounts): no '|', '/', spaces or control characters. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}");
  static final Pattern CLIENT_ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,36}");
  static final Pattern CURRENCY = Pattern.compile("[A-Za-z0-9]{1,16}");
  /** The only venue today. */
  static final String VENUE = "paper";

  private final Agents agents;
  private final ObjectMapper mapper;

  Handlers(Agents agents, ObjectMapper mapper) {
    this.agents = agents;
    this.mapper = mapper;
  }

  // ---- existence ----

  /** The registry entry of a path id, or a failed stage with 404 (also for ids that can never exist). */
  CompletionStage<AgentRegistry.Entry> require(Call c, Kind kind, String param) {
    String id = c.path(param);
    String what = kind.name().toLowerCase(Locale.ROOT);
    if (!ID.matcher(id).matches()) return failed(ApiError.notFound("no " + what + " '" + shorten(id) + "'"));
    return agents.lookup(c.tenant(), kind, id).thenApply(e -> {
      if (e == null) throw ApiError.notFound("no " + what + " '" + id + "'");
      return e;
    });
  }

  private CompletionStage<List<AgentRegistry.Entry>> list(Call c, Kind kind) {
    return agents.<AgentRegistry.Entries>registry(c.tenant(), r -> new AgentRegistry.ListEntries(kind, r))
        .thenApply(AgentRegistry.Entries::entries);
  }

  // ---- agents and strategies ----

  /** Agents of every kind: see {@link OpsHandlers#listAgents}. */
  CompletionStage<Reply> listAgents(Call c) {
    return new OpsHandlers(agents, this, mapper).listAgents(c);
  }

  CompletionStage<Reply> createStrategy(Call c) {
    Dto.CreateStrategy b = c.body(Dto.CreateStrategy.class);
    requireId("id", b.id());
    requireText("strategy", b.strategy());
    requireText("pair", b.pair());
    if (b.config() != null && !b.config().isObject()) throw ApiError.badRequest("config", "config must be a JSON object");
    String configJson = b.config() == null ? "{}" : b.config().toString();
    Map<String, String> params = b.params() == null ? Map.of() : b.params();
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getValue() == null) throw ApiError.badRequest("params." + e.getKey(), "parameter values must not be null");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("strategy", b.strategy());
    attributes.put("pair", b.pair());
    if (b.config() != null && b.config().path("timeframe").isTextual()) {
      attributes.put("timeframe", b.config().get("timeframe").asText()); // names its signal agent
    }
    String entityId = StrategyAgent.entityId(c.tenant(), b.id());
    // register first: the index serializes concurrent creations of one id (the loser gets 409 and never reaches
    // the agent); a configuration the agent refuses is unregistered again
    return agents.<AgentRegistry.Entry>registryStatus(c.tenant(), r -> new AgentRegistry.Register(Kind.STRATEGY,
            b.id(), attributes, c.sub(), c.now(), r))
        .thenCompose(entry -> agents.<StrategyAgent.Command, StrategyAgent.StatusView>askStatus(
                StrategyAgent.ENTITY_KEY, entityId,
                r -> new StrategyAgent.Configure(b.strategy(), params, b.pair(), configJson, c.sub(), r))
            .exceptionallyCompose(err -> {
              Throwable t = Router.unwrap(err);
              if (!(t instanceof StatusReply.ErrorMessage)) return CompletableFuture.failedFuture(t); // 503 etc.
              agents.forget(c.tenant(), Kind.STRATEGY, b.id());
              return agents.<Done>registryStatus(c.tenant(), r -> new AgentRegistry.Unregister(Kind.STRATEGY, b.id(),
                      "configuration refused: " + t.getMessage(), c.sub(), c.now(), r))
                  .<StrategyAgent.StatusView>thenApply(d -> {
                    throw Router.fromAgent(t.getMessage());
                  });
            })
            .thenApply(view -> Reply.created(Dto.Strategy.from(b.id(), view, entry, b.config() == null
                ? mapper.createObjectNode() : b.config()), "/api/v1/agents/strategies/" + b.id())));
  }

  CompletionStage<Reply> getStrategy(Call c) {
    return require(c, Kind.STRATEGY, "id").thenCompose(entry -> {
      String entityId = StrategyAgent.entityId(c.tenant(), entry.id());
      return agents.sharedRead("strategy-status|" + entityId, () -> agents.<StrategyAgent.Command,
              StrategyAgent.StatusView>askRead(StrategyAgent.ENTITY_KEY, entityId, StrategyAgent.GetStatus::new)
          .thenApply(view -> Reply.ok(strategyView(entry, view))));
    });
  }

  enum Control { START, PAUSE, RESUME, STOP }

  CompletionStage<Reply> control(Call c, Control what) {
    return require(c, Kind.STRATEGY, "id").thenCompose(entry -> agents.<StrategyAgent.Command,
            StrategyAgent.StatusView>askStatus(StrategyAgent.ENTITY_KEY, StrategyAgent.entityId(c.tenant(), entry.id()),
            r -> switch (what) {
              case START -> new StrategyAgent.Start(c.sub(), r);
              case PAUSE -> new StrategyAgent.Pause(c.sub(), r);
              case RESUME -> new StrategyAgent.Resume(c.sub(), r);
              case STOP -> new StrategyAgent.Stop(c.sub(), r);
            })
        .thenApply(view -> Reply.ok(strategyView(entry, view))));
  }

  private Dto.Strategy strategyView(AgentRegistry.Entry entry, StrategyAgent.StatusView view) {
    JsonNode config = null;
    StrategyAgent.Configured cfg = view.state().config();
    if (cfg != null && cfg.configJson() != null) {
      try {
        config = mapper.readTree(cfg.configJson());
      } catch (Exception e) {
        config = mapper.getNodeFactory().textNode(cfg.configJson());
      }
    }
    return Dto.Strategy.from(entry.id(), view, entry, config);
  }

  // ---- accounts ----

  CompletionStage<Reply> listAccounts(Call c) {
    return list(c, Kind.ACCOUNT).thenApply(es -> Reply.ok(new Dto.AccountList(es.stream().map(Dto.Resource::from)
        .toList())));
  }

  CompletionStage<Reply> createAccount(Call c) {
    Dto.CreateAccount b = c.body(Dto.CreateAccount.class);
    requireId("account", b.account());
    return agents.<AgentRegistry.Entry>registryStatus(c.tenant(), r -> new AgentRegistry.Register(Kind.ACCOUNT,
            b.account(), Map.of(), c.sub(), c.now(), r))
        .thenApply(e -> Reply.created(new Dto.Account(e.id(), e.createdBy(), e.createdAt()),
            "/api/v1/accounts/" + e.id() + "/balances"));
  }

  CompletionStage<Reply> deposit(Call c) {
    return require(c, Kind.ACCOUNT, "account").thenCompose(entry -> {
      Dto.Deposit b = c.body(Dto.Deposit.class);
      if (b.currency() == null || !CURRENCY.matcher(b.currency()).matches()) {
        throw ApiError.badRequest("currency", "currency must be 1..16 letters or digits, e.g. USDT");
      }
      if (b.amount() == null || b.amount().signum() <= 0) throw ApiError.badRequest("amount", "amount must be > 0");
      String currency = b.currency().toUpperCase(Locale.ROOT);
      return agents.<CapitalAgent.Command, Done>askStatus(CapitalAgent.ENTITY_KEY, accountEntity(c, entry),
              r -> new CapitalAgent.Deposit(currency, b.amount(), b.reference(), c.sub(), c.now(), r))
          .thenApply(d -> Reply.of(201, new Dto.Deposited(entry.id(), currency, b.amount(), b.reference())));
    });
  }

  CompletionStage<Reply> balances(Call c) {
    return require(c, Kind.ACCOUNT, "account").thenCompose(entry -> {
      String reference = c.query("reference", "USDT");
      if (!CURRENCY.matcher(reference).matches()) {
        throw ApiError.badRequest("reference", "reference must be a currency such as USDT");
      }
      Map<String, BigDecimal> prices = prices(c.query("prices", ""));
      return agents.<CapitalAgent.Command, CapitalAgent.AccountView>ask(CapitalAgent.ENTITY_KEY,
              accountEntity(c, entry), r -> new CapitalAgent.GetView(reference.toUpperCase(Locale.ROOT), prices, r))
          .thenApply(v -> Reply.ok(Dto.Balances.from(entry.id(), v)));
    });
  }

  /** {@code BTC:50000,ETH:3000} → prices in the reference currency. */
  static Map<String, BigDecimal> prices(String text) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    if (text.isBlank()) return out;
    for (String part : text.split(",")) {
      String[] kv = part.trim().split(":", 2);
      try {
        if (kv.length != 2 || !CURRENCY.matcher(kv[0]).matches()) throw new NumberFormatException();
        BigDecimal p = new BigDecimal(kv[1].trim());
        if (p.signum() <= 0) throw new NumberFormatException();
        out.put(kv[0].toUpperCase(Locale.ROOT), p);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("prices", "prices must look like BTC:50000,ETH:3000 (positive prices)");
      }
    }
    return out;
  }

  // ---- risk ----

  private CompletionStage<RiskAgent.RiskView> riskView(Call c, AgentRegistry.Entry entry) {
    return agents.<RiskAgent.Command, RiskAgent.RiskView>ask(RiskAgent.ENTITY_KEY, accountEntity(c, entry),
        r -> new RiskAgent.GetStatus(c.now(), r));
  }

  CompletionStage<Reply> risk(Call c) {
    return require(c, Kind.ACCOUNT, "account").thenCompose(entry -> riskView(c, entry)
        .thenApply(v -> Reply.ok(Dto.Risk.from(entry.id(), v))));
  }

  CompletionStage<Reply> limits(Call c) {
    return require(c, Kind.ACCOUNT, "account").thenCompose(entry -> riskView(c, entry)
        .thenApply(v -> Reply.ok(Dto.Limits.from(v.limits()))));
  }

  CompletionStage<Reply> putLimits(Call c) {
    return require(c, Kind.ACCOUNT, "account").thenCompose(entry -> {
      RiskLimits limits;
      try {
        limits = c.body(Dto.Limits.class).toRiskLimits();
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(e.getMessage());
      }
      return agents.<RiskAgent.Command, Done>askStatus(RiskAgent.ENTITY_KEY, accountEntity(c, entry),
              r -> new RiskAgent.UpdateLimits(limits, c.sub(), c.now(), r))
          .thenCompose(d -> riskView(c, entry))
          .thenApply(v -> Reply.ok(Dto.Limits.from(v.limits())));
    });
  }

  CompletionStage<Reply> engageKillSwitch(Call c) {
    return require(c, Kind.ACCOUNT, "account").thenCompose(entry -> {
      Dto.KillSwitch b = c.body().length == 0 ? new Dto.KillSwitch(null, null) : c.body(Dto.KillSwitch.class);
      String reason = b.reason() == null || b.reason().isBlank() ? "engaged through the API" : b.reason();
      if (reason.length() > 500) throw ApiError.badRequest("reason", "reason must be at most 500 characters");
      boolean flatten = Boolean.TRUE.equals(b.flatten());
      return agents.<RiskAgent.Command, Done>askStatus(RiskAgent.ENTITY_KEY, accountEntity(c, entry),
              r -> new RiskAgent.EngageKillSwitch(reason, flatten, c.sub(), c.now(), r))
          .thenCompose(d -> riskView(c, entry))
          .thenApply(v -> Reply.ok(Dto.Risk.from(entry.id(), v)));
    });
  }

  CompletionStage<Reply> releaseKillSwitch(Call c) {
    return require(c, Kind.ACCOUNT, "account").thenCompose(entry -> agents.<RiskAgent.Command, Done>askStatus(
            RiskAgent.ENTITY_KEY, accountEntity(c, entry), r -> new RiskAgent.ReleaseKillSwitch(c.sub(), c.now(), r))
        .thenCompose(d -> riskView(c, entry))
        .thenApply(v -> Reply.ok(Dto.Risk.from(entry.id(), v))));
  }

  // ---- orders ----

  CompletionStage<Reply> orders(Call c) {
    String status = c.query("status", "all").toLowerCase(Locale.ROOT);
    if (!status.equals("all") && !status.equals("open")) {
      return failed(ApiError.badRequest("status", "status must be open or all"));
    }
    boolean open = status.equals("open");
    return require(c, Kind.ACCOUNT, "account").thenCompose(entry -> agents.<ExecutionAgent.Command,
            ExecutionAgent.OrdersView>ask(ExecutionAgent.ENTITY_KEY, executionEntity(c, entry),
            ExecutionAgent.GetOrders::new)
        .thenApply(v -> {
          List<Dto.Order> out = new ArrayList<>(v.orders().size());
          for (ExecutionAgent.OrderView o : v.orders()) if (!open || o.status().isOpen()) out.add(Dto.Order.from(o));
          return Reply.ok(new Dto.Orders(entry.id(), VENUE, out));
        }));
  }

  CompletionStage<Reply> cancelOrder(Call c) {
    return require(c, Kind.ACCOUNT, "account").thenCompose(entry -> {
      String id = c.path("clientOrderId");
      if (!CLIENT_ORDER_ID.matcher(id).matches()) throw ApiError.notFound("unknown order " + shorten(id));
      return agents.<ExecutionAgent.Command, ExecutionAgent.OrderView>askStatus(ExecutionAgent.ENTITY_KEY,
              executionEntity(c, entry), r -> new ExecutionAgent.CancelOrder(id, c.sub(), r))
          .thenApply(o -> Reply.ok(Dto.Order.from(o)));
    });
  }

  // ---- audit ----

  CompletionStage<Reply> audit(Call c) {
    int limit = intParam(c, "limit", 100, 1, 1000);
    long before = intParam(c, "before", 0, 0, Integer.MAX_VALUE);
    return agents.<AuditLog.Command, AuditLog.Page>ask(AuditLog.ENTITY_KEY, c.tenant(),
            r -> new AuditLog.Query(limit, before, r))
        .thenApply(p -> Reply.ok(new Dto.AuditPage(p.entries(), p.total())));
  }

  // ---- helpers ----

  private static String accountEntity(Call c, AgentRegistry.Entry entry) {
    return c.tenant() + "|" + entry.id();
  }

  private static String executionEntity(Call c, AgentRegistry.Entry entry) {
    return ExecutionAgent.entityId(c.tenant(), entry.id(), VENUE);
  }

  static int intParam(Call c, String name, int orElse, int min, int max) {
    String v = c.query(name, null);
    if (v == null) return orElse;
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) throw new NumberFormatException();
      return i;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name, name + " must be an integer in " + min + ".." + max);
    }
  }

  private static void requireId(String field, String v) {
    if (v == null || v.isEmpty()) throw ApiError.badRequest(field, field + " is required");
    if (!ID.matcher(v).matches()) {
      throw ApiError.badRequest(field, field + " must match " + ID.pattern() + " (letters, digits, . _ @ : -)");
    }
  }

  private static void requireText(String field, String v) {
    if (v == null || v.isBlank()) throw ApiError.badRequest(field, field + " is required");
    if (v.length() > 200) throw ApiError.badRequest(field, field + " must be at most 200 characters");
  }

  static String shorten(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  private static <T> CompletionStage<T> failed(Throwable t) {
    return CompletableFuture.failedFuture(t);
  }

  static Instant epoch(long millis) {
    return Instant.ofEpochMilli(millis);
  }
}

package io.agora.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.desk.TradingDesk;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.config.ConfigException;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.config.TimeRange;
import io.agora.core.data.MissingDataException;
import io.agora.core.data.OhlcvLoader;
import io.agora.core.ensemble.EnsembleBacktest;
import io.agora.core.ensemble.EnsembleSpecException;
import io.agora.core.ensemble.Objective;
import io.agora.core.ensemble.ParameterSets;
import io.agora.core.market.CandleType;
import io.agora.core.market.Timeframe;
import io.agora.core.meta.ConflictRule;
import io.agora.core.meta.Policy;
import io.agora.core.strategy.ParameterSpec;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.http.registry.AgentRegistry;
import io.agora.http.research.ResearchJobs;
import io.agora.http.research.ResearchRuntime;
import io.agora.http.research.ResearchSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The researcher routes: backtest jobs and ensembles, kept in the tenant's {@link ResearchJobs}. Every request is
 * checked here, before anything is recorded (400 with the field): strategy and parameters against the strategy's
 * declared {@link ParameterSpec}s, pairs against the node's market data, timeframe, timerange, configuration, the
 * combination cap. Job ids are made here; another tenant's ids are 404 (each tenant has its own registry).
 */
final class ResearchHandlers {
  static final Pattern PAIR = Pattern.compile("[A-Za-z0-9_-]{1,20}/[A-Za-z0-9_-]{1,20}");
  static final Pattern JOB_ID = Pattern.compile("(bt|en|pp)-[a-z0-9]{1,24}");
  static final int MAX_PAIRS = 50;
  static final String BASE_CONFIG = """
      {"stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000, "max_open_trades": 1, "fee": 0.001}""";
  static final String ALLOCATION = "research";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Agents agents;
  private final ObjectMapper mapper;
  private final ResearchRuntime runtime;
  private final ResearchSettings settings;
  private final StrategyRegistry registry;

  ResearchHandlers(Agents agents, ObjectMapper mapper) {
    this.agents = agents;
    this.mapper = mapper;
    this.runtime = ResearchRuntime.get(agents.system());
    this.settings = runtime.settings();
    this.registry = runtime.registry();
  }

  // ---- backtest jobs ----

  CompletionStage<Reply> submitBacktest(Call c) {
    ResearchDto.SubmitBacktest b = c.body(ResearchDto.SubmitBacktest.class);
    StrategyRegistry.Entry entry = strategy(b.strategy());
    Map<String, String> params = params(entry, b.params());
    Checked checked = config(b.config(), b.pairs(), b.timeframe(), b.timerange(), entry, params);
    String id = newId("bt");
    ResearchJobs.Job job = ResearchJobs.Job.queued(id, ResearchJobs.Kind.BACKTEST, c.sub(), c.now(),
        new ResearchJobs.BacktestSpec(entry.name(), params, checked.config.root().toString()), null);
    return submit(c, job, "/api/v1/backtests/");
  }

  CompletionStage<Reply> getBacktest(Call c) {
    return job(c, ResearchJobs.Kind.BACKTEST).thenApply(v -> Reply.ok(ResearchDto.Job.from(v, base(c, v))));
  }

  CompletionStage<Reply> listBacktests(Call c) {
    return list(c, ResearchJobs.Kind.BACKTEST);
  }

  CompletionStage<Reply> backtestResult(Call c) {
    return backtestFile(c, runtime.resultFile(c.tenant(), c.path("id")), ContentTypes.APPLICATION_JSON);
  }

  CompletionStage<Reply> backtestReport(Call c) {
    return backtestFile(c, runtime.reportFile(c.tenant(), c.path("id")), ContentTypes.TEXT_HTML_UTF8);
  }

  private CompletionStage<Reply> backtestFile(Call c, Path file,
      org.apache.pekko.http.javadsl.model.ContentType type) {
    return job(c, ResearchJobs.Kind.BACKTEST).thenApply(v -> {
      ResearchJobs.Job j = v.job();
      if (j.status() != ResearchJobs.Status.SUCCEEDED) {
        throw ApiError.conflict("backtest " + j.id() + " is " + j.status().name().toLowerCase(Locale.ROOT)
            + (j.error() == null ? "" : " (" + j.error() + ")") + "; its result exists once it has succeeded");
      }
      if (!Files.isRegularFile(file)) {
        throw ApiError.notFound("the result of backtest " + j.id() + " is not on this node (" + file.getFileName()
            + "); results are files under agora.research.results-dir of the node that ran the job");
      }
      try {
        return Reply.raw(HttpResponse.create().withStatus(200)
            .withEntity(HttpEntities.create(type, Files.readAllBytes(file))));
      } catch (IOException e) {
        throw ApiError.unavailable("cannot read " + file.getFileName() + ": " + e.getMessage());
      }
    });
  }

  // ---- ensembles ----

  CompletionStage<Reply> submitEnsemble(Call c) {
    ResearchDto.SubmitEnsemble b = c.body(ResearchDto.SubmitEnsemble.class);
    String mode = b.mode() == null ? "backtest" : b.mode().trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("backtest") && !mode.equals("paper")) {
      throw ApiError.badRequest("mode", "mode must be backtest or paper");
    }
    StrategyRegistry.Entry entry = strategy(b.strategy());
    Objective objective = spec(() -> Objective.parse(b.objective()));
    if ((b.grid() == null) == (b.samples() == null)) {
      throw ApiError.badRequest("grid", "give either grid ({param: [values]}) or samples (a count), not "
          + (b.grid() == null ? "neither" : "both"));
    }
    List<Map<String, String>> sets = spec(() -> b.grid() != null
        ? ParameterSets.grid(entry, b.grid(), settings.maxCombinations())
        : ParameterSets.samples(entry, b.samples(), b.seed() == null ? 0 : b.seed(), settings.maxCombinations(),
            p -> valid(entry, p)));
    Map<String, String> probe = sets.stream().filter(p -> valid(entry, p)).findFirst().orElse(sets.get(0));
    Checked checked = config(b.config(), b.pairs(), b.timeframe(), b.timerange(), entry, probe);
    EnsembleBacktest.Plan plan = spec(() -> EnsembleBacktest.check(registry, entry.name(), sets, checked.config));
    if (plan.valid().isEmpty()) {
      throw ApiError.badRequest(b.grid() != null ? "grid" : "samples", "no parameter set is valid for "
          + entry.name() + ": " + plan.refused().values().iterator().next());
    }
    if (mode.equals("paper")) {
      return paper(c, newId("pp"), entry.name(), plan.valid(), checked, b.account(), b.budget(), null);
    }
    // neighbours of one startup share their candle slice on the workers
    List<Map<String, String>> ordered = new ArrayList<>(plan.valid());
    Map<Map<String, String>, Integer> startup = new java.util.HashMap<>();
    for (Map<String, String> p : ordered) startup.put(p, create(entry, p).startupCandleCount());
    ordered.sort(Comparator.comparingInt(startup::get));
    String id = newId("en");
    ResearchJobs.Job job = ResearchJobs.Job.queued(id, ResearchJobs.Kind.ENSEMBLE, c.sub(), c.now(), null,
        new ResearchJobs.EnsembleSpec(entry.name(), ordered, plan.refused().size(), checked.config.root().toString(),
            objective.text(), plan.maxStartup()));
    return submit(c, job, "/api/v1/ensembles/");
  }

  CompletionStage<Reply> getEnsemble(Call c) {
    return job(c, null).thenApply(v -> {
      if (v.job().kind() == ResearchJobs.Kind.BACKTEST) throw notFound("ensemble", c.path("id"));
      return Reply.ok(ResearchDto.Job.from(v, base(c, v)));
    });
  }

  CompletionStage<Reply> listEnsembles(Call c) {
    return agents.<ResearchJobs.Command, ResearchJobs.JobList>ask(ResearchJobs.ENTITY_KEY, c.tenant(),
            r -> new ResearchJobs.ListJobs(null, r))
        .thenApply(l -> Reply.ok(new ResearchDto.JobList(l.jobs().stream()
            .filter(v -> v.job().kind() != ResearchJobs.Kind.BACKTEST)
            .map(v -> ResearchDto.Job.from(v, "/api/v1/ensembles/" + v.job().id())).toList())));
  }

  CompletionStage<Reply> ensembleResults(Call c) {
    int top = intParam(c, "top", 100, 1, settings.maxCombinations());
    return job(c, ResearchJobs.Kind.ENSEMBLE).thenApply(v -> {
      ResearchJobs.Job j = v.job();
      List<ResearchDto.Ranked> rows = new ArrayList<>();
      for (ResearchJobs.ResultRow r : j.results()) {
        if (rows.size() >= top) break;
        rows.add(new ResearchDto.Ranked(r.rank(), r.params(), r.score(), ResearchDto.Metrics.from(r.metrics()),
            r.error()));
      }
      return Reply.ok(new ResearchDto.Results(j.id(), j.status().name().toLowerCase(Locale.ROOT),
          j.ensemble().objective(), j.results().size(), rows));
    });
  }

  CompletionStage<Reply> promote(Call c) {
    return job(c, ResearchJobs.Kind.ENSEMBLE).thenCompose(v -> {
      ResearchJobs.Job j = v.job();
      ResearchDto.Promote b = c.body(ResearchDto.Promote.class);
      if (b.top() == null || b.top() < 1) throw ApiError.badRequest("top", "top must be an integer >= 1");
      if (j.status() != ResearchJobs.Status.SUCCEEDED) {
        throw ApiError.conflict("ensemble " + j.id() + " is " + j.status().name().toLowerCase(Locale.ROOT)
            + "; only a finished ensemble can be promoted");
      }
      List<Map<String, String>> best = new ArrayList<>();
      for (ResearchJobs.ResultRow r : j.results()) {
        if (best.size() >= b.top()) break;
        if (r.error() == null && r.metrics() != null) best.add(r.params());
      }
      if (best.isEmpty()) throw ApiError.conflict("ensemble " + j.id() + " has no successful parameter set");
      StrategyRegistry.Entry entry = strategy(j.ensemble().strategy());
      FreqtradeConfig cfg = FreqtradeConfig.parse(j.ensemble().configJson(), "ensemble " + j.id());
      List<String> pairs = b.pairs() == null || b.pairs().isEmpty() ? cfg.pairWhitelist() : b.pairs();
      Checked checked = config(stripped(cfg), pairs, null, null, entry, best.get(0));
      return paper(c, newId("pp"), entry.name(), best, checked, b.account(), b.budget(), j.id());
    });
  }

  // ---- paper ensembles: strategy agents under the account's meta-decision agent and desk ----

  private CompletionStage<Reply> paper(Call c, String id, String strategy, List<Map<String, String>> sets,
      Checked checked, String account, BigDecimal budget, String promotedFrom) {
    if (account == null || account.isBlank()) throw ApiError.badRequest("account", "account is required");
    if (!Handlers.ID.matcher(account).matches()) throw ApiError.badRequest("account", "no account '" + account + "'");
    List<String> pairs = checked.config.pairWhitelist();
    int n = sets.size() * pairs.size();
    if (n > settings.maxPaperAgents()) {
      throw ApiError.badRequest(promotedFrom == null ? "samples" : "top", sets.size() + " parameter sets × "
          + pairs.size() + " pairs would spawn " + n + " strategy agents; at most " + settings.maxPaperAgents()
          + " (agora.research.max-paper-agents)");
    }
    if (budget != null && budget.signum() <= 0) throw ApiError.badRequest("budget", "budget must be > 0");
    String quote = checked.config.string("stake_currency", "USDT");
    String strategyConfig = agentConfig(checked.config).toString();
    String tenant = c.tenant();
    String accountEntity = tenant + "|" + account;
    String deskId = TradingDesk.entityId(tenant, account);
    List<String> ids = new ArrayList<>();
    List<String> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(id + "-" + i);
      members.add(StrategyAgent.entityId(tenant, id + "-" + i));
    }
    return agents.<AgentRegistry.Found>registry(tenant, r -> new AgentRegistry.Lookup(AgentRegistry.Kind.ACCOUNT,
            account, r))
        .thenCompose(found -> {
          if (found.entry() == null) throw ApiError.badRequest("account", "no account '" + account + "'");
          return agents.<TradingDesk.Command, TradingDesk.DeskView>ask(TradingDesk.ENTITY_KEY, deskId,
              TradingDesk.GetView::new);
        })
        .thenCompose(desk -> {
          if (desk.state().config() != null) return CompletableFuture.completedFuture(desk.state().config().portfolio());
          BigDecimal cap = budget == null ? BigDecimal.valueOf(1000) : budget;
          return agents.<CapitalAgent.Command, Done>askStatus(CapitalAgent.ENTITY_KEY, accountEntity,
                  r -> new CapitalAgent.SetAllocation(ALLOCATION, quote, cap, c.sub(), c.now(), r))
              .thenCompose(d -> agents.<TradingDesk.Command, TradingDesk.DeskView>askStatus(TradingDesk.ENTITY_KEY,
                  deskId, r -> new TradingDesk.Configure(TradingDesk.DeskConfig.paper(quote, ALLOCATION, account),
                      c.sub(), r)))
              .thenApply(d -> account);
        })
        .thenCompose(portfolio -> {
          String metaId = MetaDecisionAgent.entityId(tenant, portfolio);
          return agents.<MetaDecisionAgent.Command, MetaDecisionAgent.MetaView>ask(MetaDecisionAgent.ENTITY_KEY,
                  metaId, MetaDecisionAgent.GetState::new)
              .thenCompose(meta -> {
                LinkedHashSet<String> all = new LinkedHashSet<>();
                if (meta.state().config() != null) all.addAll(meta.state().config().members());
                all.addAll(members);
                List<String> m = List.copyOf(all);
                return agents.<MetaDecisionAgent.Command, MetaDecisionAgent.MetaView>askStatus(
                    MetaDecisionAgent.ENTITY_KEY, metaId, r -> new MetaDecisionAgent.Configure(Policy.MAJORITY, m,
                        1.0 / m.size(), Duration.ofDays(1).toMillis(), Duration.ofDays(7).toMillis(),
                        ConflictRule.NO_TRADE, c.sub(), r));
              });
        })
        .thenCompose(meta -> {
          List<CompletableFuture<String>> spawned = new ArrayList<>();
          int k = 0;
          for (Map<String, String> params : sets) {
            for (String pair : pairs) {
              spawned.add(spawn(c, ids.get(k++), strategy, params, pair, strategyConfig, deskId, id).toCompletableFuture());
            }
          }
          return CompletableFuture.allOf(spawned.toArray(CompletableFuture[]::new))
              .handle((x, err) -> {
                List<String> ok = new ArrayList<>();
                List<String> failed = new ArrayList<>();
                for (int i = 0; i < spawned.size(); i++) {
                  if (spawned.get(i).isCompletedExceptionally()) failed.add(ids.get(i));
                  else ok.add(ids.get(i));
                }
                String error = err == null ? null : "agents " + failed + " not started: " + Router.unwrap(err).getMessage();
                ResearchJobs.Job job = new ResearchJobs.Job(id, ResearchJobs.Kind.PAPER,
                    error == null ? ResearchJobs.Status.SUCCEEDED : ResearchJobs.Status.FAILED, c.sub(), c.now(),
                    c.now(), java.time.Instant.now(), error, null, null,
                    new ResearchJobs.PaperSpec(strategy, account, pairs, sets, ok, promotedFrom), null, List.of());
                return job;
              });
        })
        .thenCompose(job -> submit(c, job, "/api/v1/ensembles/"));
  }

  /** Registers, configures, attaches to the desk and starts one strategy agent. */
  private CompletionStage<String> spawn(Call c, String id, String strategy, Map<String, String> params, String pair,
      String configJson, String deskId, String ensemble) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("strategy", strategy);
    attributes.put("pair", pair);
    attributes.put("ensemble", ensemble);
    String entityId = StrategyAgent.entityId(c.tenant(), id);
    return agents.<AgentRegistry.Entry>registryStatus(c.tenant(), r -> new AgentRegistry.Register(
            AgentRegistry.Kind.STRATEGY, id, attributes, c.sub(), c.now(), r))
        .thenCompose(e -> agents.<StrategyAgent.Command, StrategyAgent.StatusView>askStatus(StrategyAgent.ENTITY_KEY,
            entityId, r -> new StrategyAgent.Configure(strategy, params, pair, configJson, c.sub(), r)))
        .thenCompose(v -> agents.<StrategyAgent.Command, StrategyAgent.StatusView>askStatus(StrategyAgent.ENTITY_KEY,
            entityId, r -> new StrategyAgent.AttachDesk(deskId, c.sub(), r)))
        .thenCompose(v -> agents.<StrategyAgent.Command, StrategyAgent.StatusView>askStatus(StrategyAgent.ENTITY_KEY,
            entityId, r -> new StrategyAgent.Start(c.sub(), r)))
        .thenApply(v -> id);
  }

  /** The strategy agents' configuration: the job's, without what only a backtest reads. */
  private static ObjectNode agentConfig(FreqtradeConfig cfg) {
    ObjectNode o = cfg.root().deepCopy();
    o.remove(List.of("exchange", "timerange", "dataformat_ohlcv"));
    return o;
  }

  private ObjectNode stripped(FreqtradeConfig cfg) {
    return agentConfig(cfg);
  }

  // ---- shared ----

  private CompletionStage<Reply> submit(Call c, ResearchJobs.Job job, String base) {
    return agents.<ResearchJobs.Command, ResearchJobs.JobView>askStatus(ResearchJobs.ENTITY_KEY, c.tenant(),
            r -> new ResearchJobs.Submit(job, r))
        .thenApply(v -> new Reply(202, ResearchDto.Job.from(v, base + v.job().id()),
            List.of(org.apache.pekko.http.javadsl.model.headers.RawHeader.create("Location", base + v.job().id())),
            null));
  }

  /** The job of the path's id in the caller's tenant, of {@code kind} (any kind but backtests when null), or 404. */
  private CompletionStage<ResearchJobs.JobView> job(Call c, ResearchJobs.Kind kind) {
    String id = c.path("id");
    String what = kind == ResearchJobs.Kind.BACKTEST ? "backtest" : "ensemble";
    if (!JOB_ID.matcher(id).matches()) return CompletableFuture.failedFuture(notFound(what, id));
    return agents.<ResearchJobs.Command, ResearchJobs.Found>ask(ResearchJobs.ENTITY_KEY, c.tenant(),
            r -> new ResearchJobs.Get(id, r))
        .thenApply(f -> {
          if (f.job() == null || (kind != null && f.job().job().kind() != kind)) throw notFound(what, id);
          return f.job();
        });
  }

  private CompletionStage<Reply> list(Call c, ResearchJobs.Kind kind) {
    return agents.<ResearchJobs.Command, ResearchJobs.JobList>ask(ResearchJobs.ENTITY_KEY, c.tenant(),
            r -> new ResearchJobs.ListJobs(kind, r))
        .thenApply(l -> Reply.ok(new ResearchDto.JobList(l.jobs().stream()
            .map(v -> ResearchDto.Job.from(v, "/api/v1/backtests/" + v.job().id())).toList())));
  }

  private static String base(Call c, ResearchJobs.JobView v) {
    return (v.job().kind() == ResearchJobs.Kind.BACKTEST ? "/api/v1/backtests/" : "/api/v1/ensembles/") + v.job().id();
  }

  private static ApiError notFound(String what, String id) {
    return ApiError.notFound("no " + what + " '" + Handlers.shorten(id) + "'");
  }

  private static String newId(String prefix) {
    return prefix + "-" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
  }

  private StrategyRegistry.Entry strategy(String name) {
    if (name == null || name.isBlank()) throw ApiError.badRequest("strategy", "strategy is required");
    try {
      return registry.entry(name);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("strategy", e.getMessage());
    }
  }

  /** The parameters checked one by one against the declaration (field {@code params.<name>}), then together. */
  private Map<String, String> params(StrategyRegistry.Entry entry, Map<String, String> given) {
    Map<String, String> p = given == null ? Map.of() : given;
    for (Map.Entry<String, String> e : p.entrySet()) {
      String field = "params." + e.getKey();
      ParameterSpec spec = entry.parameters().stream().filter(s -> s.name().equals(e.getKey())).findFirst()
          .orElseThrow(() -> ApiError.badRequest(field, "strategy " + entry.name() + " has no parameter '"
              + e.getKey() + "'; its parameters are " + entry.parameters().stream().map(ParameterSpec::name).toList()));
      try {
        spec.parse(e.getValue());
      } catch (IllegalArgumentException ex) {
        throw ApiError.badRequest(field, ex.getMessage());
      }
    }
    try {
      registry.create(entry.name(), p);
    } catch (IllegalArgumentException ex) {
      throw ApiError.badRequest("params", ex.getMessage());
    }
    return Map.copyOf(p);
  }

  private boolean valid(StrategyRegistry.Entry entry, Map<String, String> p) {
    try {
      registry.create(entry.name(), p);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Strategy create(StrategyRegistry.Entry entry, Map<String, String> p) {
    return registry.create(entry.name(), p);
  }

  private record Checked(FreqtradeConfig config) {}

  /**
   * The job's Freqtrade configuration: the defaults, the request's {@code config} over them, then pairs, timeframe
   * and timerange; checked with {@code params} (settings, timerange, candles present in the market data).
   */
  private Checked config(JsonNode overrides, List<String> pairs, String timeframe, String timerange,
      StrategyRegistry.Entry entry, Map<String, String> params) {
    ObjectNode root;
    try {
      root = (ObjectNode) mapper.readTree(BASE_CONFIG);
      if (overrides != null && !overrides.isNull()) {
        if (!overrides.isObject()) throw ApiError.badRequest("config", "config must be a JSON object");
        mapper.readerForUpdating(root).readValue(overrides);
      }
    } catch (IOException e) {
      throw ApiError.badRequest("config", "config: " + e.getMessage());
    }
    FreqtradeConfig cfg = FreqtradeConfig.parse(root.toString(), "request");
    if (!cfg.unknownKeyWarnings().isEmpty()) throw ApiError.badRequest("config", String.join("; ", cfg.unknownKeyWarnings()));
    if (pairs == null || pairs.isEmpty()) throw ApiError.badRequest("pairs", "pairs must list at least one pair");
    if (pairs.size() > MAX_PAIRS) throw ApiError.badRequest("pairs", "at most " + MAX_PAIRS + " pairs");
    for (String p : pairs) {
      if (p == null || !PAIR.matcher(p).matches()) {
        throw ApiError.badRequest("pairs", "pairs must look like BTC/USDT, not '" + (p == null ? null : Handlers.shorten(p)) + "'");
      }
    }
    cfg.setPairs(List.copyOf(new LinkedHashSet<>(pairs)));
    if (timeframe != null) {
      try {
        cfg.set("timeframe", Timeframe.parse(timeframe).text());
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("timeframe", "timeframe: " + e.getMessage());
      }
    }
    if (timerange != null) {
      try {
        TimeRange.parse(timerange);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("timerange", e.getMessage());
      }
      cfg.set("timerange", timerange.trim());
    }
    Timeframe tf;
    try {
      tf = cfg.toSettings(create(entry, params)).timeframe;
    } catch (ConfigException e) {
      throw ApiError.badRequest("config", e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("grid", e.getMessage());
    }
    OhlcvLoader loader = new OhlcvLoader(settings.marketData());
    for (String p : cfg.pairWhitelist()) {
      try {
        loader.locate(p, tf, CandleType.SPOT);
      } catch (MissingDataException e) {
        throw ApiError.badRequest("pairs", "no " + tf + " candles for " + p + " in this node's market data (agora "
            + "generate-data or the demo write them to <data-dir>/market-data)");
      }
    }
    if (!cfg.has("dataformat_ohlcv")) cfg.set("dataformat_ohlcv", "json");
    return new Checked(cfg);
  }

  private static <T> T spec(java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (EnsembleSpecException e) {
      throw ApiError.badRequest(e.field(), e.getMessage());
    }
  }

  private static int intParam(Call c, String name, int orElse, int min, int max) {
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
}

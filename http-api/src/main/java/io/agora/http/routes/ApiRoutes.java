package io.agora.http.routes;

import static io.agora.http.security.Permission.ACCOUNTS_CREATE;
import static io.agora.http.security.Permission.ACCOUNTS_READ;
import static io.agora.http.security.Permission.AGENTS_READ;
import static io.agora.http.security.Permission.AUDIT_READ;
import static io.agora.http.security.Permission.FUNDS_DEPOSIT;
import static io.agora.http.security.Permission.KILL_SWITCH;
import static io.agora.http.security.Permission.ORDERS_CANCEL;
import static io.agora.http.security.Permission.RESEARCH_READ;
import static io.agora.http.security.Permission.RESEARCH_RUN;
import static io.agora.http.security.Permission.RISK_WRITE;
import static io.agora.http.security.Permission.STRATEGIES_CONTROL;
import static io.agora.http.security.Permission.STRATEGIES_CREATE;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.http.openapi.OpenApi;
import io.agora.http.openapi.SwaggerUi;
import io.agora.http.security.Permission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * THE route table of {@code /api/v1}: the router and the OpenAPI document are both built from it, and the tests walk
 * it (every route × every role against the permission matrix; the document against the router).
 */
public final class ApiRoutes {
  public static final String PREFIX = "/api/v1";
  public static final String OPENAPI_PATH = PREFIX + "/openapi.json";
  public static final String DOCS_PATH = PREFIX + "/docs";
  public static final String VERSION = "1.0.0";

  private ApiRoutes() {}

  /**
   * @param readiness null when the node is ready to serve, else why not
   */
  public static List<ApiRoute> table(Agents agents, ObjectMapper mapper, Supplier<String> readiness) {
    Handlers h = new Handlers(agents, mapper);
    List<ApiRoute> t = new ArrayList<>();
    List<ApiRoute> view = Collections.unmodifiableList(t);
    SwaggerUi ui = new SwaggerUi(DOCS_PATH, OPENAPI_PATH);
    byte[][] document = new byte[1][];

    // ---- no token ----
    t.add(get("/health/live", null, "health.live", "health", "The process answers", Dto.Health.class,
        c -> done(Reply.ok(new Dto.Health("ok", null)))));
    t.add(get("/health/ready", null, "health.ready", "health",
        "The node is a cluster member in state Up (503 until then)", Dto.Health.class, c -> {
          String why = readiness.get();
          return done(why == null ? Reply.ok(new Dto.Health("ready", null))
              : Reply.of(503, new Dto.Health("unavailable", why)));
        }));
    t.add(get("/openapi.json", null, "openapi", "docs", "This API's OpenAPI 3 document", null, c -> {
      synchronized (document) {
        if (document[0] == null) document[0] = Json.write(mapper, OpenApi.document(view, mapper, VERSION));
      }
      return done(Reply.raw(HttpResponse.create().withStatus(200)
          .withEntity(ContentTypes.APPLICATION_JSON, document[0])));
    }));
    t.add(get("/docs", null, "docs", "docs", "Swagger UI on this document", null, c -> done(Reply.raw(ui.page()))));
    t.add(get("/docs/{file}", null, "docs.file", "docs", "Swagger UI's static files", null,
        c -> done(Reply.raw(ui.file(c.path("file"))
            .orElseThrow(() -> ApiError.notFound("no file " + Handlers.shorten(c.path("file"))))))));

    // ---- agents ----
    t.add(route("GET", "/agents", AGENTS_READ, "agents.list", "agents",
        "The tenant's agents of every kind: strategies and accounts created through the API, and the agents they "
            + "stand for", null, Dto.AgentList.class, 200,
        Map.of("kind", "strategy, account, signal, meta, desk, capital, risk or execution (default: all)"),
        h::listAgents));
    t.add(route("POST", "/agents/strategies", STRATEGIES_CREATE, "strategies.create", "strategies",
        "Creates and configures a strategy agent (IDLE until started)", Dto.CreateStrategy.class,
        Dto.Strategy.class, 201, Map.of(), h::createStrategy));
    t.add(get("/agents/strategies/{id}", AGENTS_READ, "strategies.get", "strategies", "A strategy agent's status",
        Dto.Strategy.class, h::getStrategy));
    t.add(post("/agents/strategies/{id}/start", STRATEGIES_CONTROL, "strategies.start", "strategies",
        "IDLE (configured) → RUNNING", Dto.Strategy.class, c -> h.control(c, Handlers.Control.START)));
    t.add(post("/agents/strategies/{id}/pause", STRATEGIES_CONTROL, "strategies.pause", "strategies",
        "RUNNING → PAUSED (open trades are still managed, no new entries)", Dto.Strategy.class,
        c -> h.control(c, Handlers.Control.PAUSE)));
    t.add(post("/agents/strategies/{id}/resume", STRATEGIES_CONTROL, "strategies.resume", "strategies",
        "PAUSED → RUNNING", Dto.Strategy.class, c -> h.control(c, Handlers.Control.RESUME)));
    t.add(post("/agents/strategies/{id}/stop", STRATEGIES_CONTROL, "strategies.stop", "strategies",
        "RUNNING or PAUSED → STOPPED", Dto.Strategy.class, c -> h.control(c, Handlers.Control.STOP)));

    // ---- accounts ----
    t.add(get("/accounts", ACCOUNTS_READ, "accounts.list", "accounts", "The tenant's accounts", Dto.AccountList.class,
        h::listAccounts));
    t.add(route("POST", "/accounts", ACCOUNTS_CREATE, "accounts.create", "accounts",
        "Creates an account (its capital, risk and paper execution agents)", Dto.CreateAccount.class,
        Dto.Account.class, 201, Map.of(), h::createAccount));
    t.add(route("POST", "/accounts/{account}/deposits", FUNDS_DEPOSIT, "accounts.deposit", "accounts",
        "Deposits funds (capital agent)", Dto.Deposit.class, Dto.Deposited.class, 201, Map.of(), h::deposit));
    t.add(route("GET", "/accounts/{account}/balances", ACCOUNTS_READ, "accounts.balances", "accounts",
        "Balances, reservations and equity (capital agent)", null, Dto.Balances.class, 200,
        Map.of("reference", "reference currency of the equity (default USDT)",
            "prices", "prices in the reference currency, e.g. BTC:50000,ETH:3000"), h::balances));
    t.add(get("/accounts/{account}/risk", ACCOUNTS_READ, "accounts.risk", "risk",
        "Risk status: limits, kill switch, exposure, PnL today, drawdown, locks", Dto.Risk.class, h::risk));
    t.add(get("/accounts/{account}/risk/limits", ACCOUNTS_READ, "accounts.risk.limits.get", "risk",
        "The account's risk limits", Dto.Limits.class, h::limits));
    t.add(route("PUT", "/accounts/{account}/risk/limits", RISK_WRITE, "accounts.risk.limits.put", "risk",
        "Replaces the account's risk limits", Dto.Limits.class, Dto.Limits.class, 200, Map.of(), h::putLimits));
    t.add(route("POST", "/accounts/{account}/kill-switch", KILL_SWITCH, "accounts.kill-switch.engage", "risk",
        "Engages the account's kill switch (no new orders); body optional", Dto.KillSwitch.class, Dto.Risk.class,
        200, Map.of(), h::engageKillSwitch));
    t.add(route("DELETE", "/accounts/{account}/kill-switch", KILL_SWITCH, "accounts.kill-switch.release", "risk",
        "Releases the account's kill switch", null, Dto.Risk.class, 200, Map.of(), h::releaseKillSwitch));
    t.add(route("GET", "/accounts/{account}/orders", ACCOUNTS_READ, "accounts.orders", "orders",
        "The account's open orders and its most recent closed ones (agora.execution.closed-orders-kept) on the paper"
            + " venue (execution agent); the read side's orders table has them all", null, Dto.Orders.class, 200,
        Map.of("status", "open (NEW, ACCEPTED, PARTIALLY_FILLED) or all (default)"), h::orders));
    t.add(post("/accounts/{account}/orders/{clientOrderId}/cancel", ORDERS_CANCEL, "accounts.orders.cancel",
        "orders", "Cancels an open order", Dto.Order.class, h::cancelOrder));

    // ---- audit ----
    t.add(route("GET", "/audit", AUDIT_READ, "audit.list", "audit",
        "The tenant's audit log, newest first (state-changing requests: who, what, on what, outcome, when)", null,
        Dto.AuditPage.class, 200, Map.of("limit", "at most this many entries, 1..1000 (default 100)",
            "before", "only entries with a smaller seq (paging)"), h::audit));

    // ---- research: backtest jobs, ensembles, promotion (ResearchHandlers) ----
    ResearchHandlers rh = new ResearchHandlers(agents, mapper);
    t.add(route("POST", "/backtests", RESEARCH_RUN, "backtests.submit", "research",
        "Submits a backtest job on the node's market data (202; poll its status)", ResearchDto.SubmitBacktest.class,
        ResearchDto.Job.class, 202, Map.of(), rh::submitBacktest));
    t.add(get("/backtests", RESEARCH_READ, "backtests.list", "research", "The tenant's backtest jobs",
        ResearchDto.JobList.class, rh::listBacktests));
    t.add(get("/backtests/{id}", RESEARCH_READ, "backtests.get", "research",
        "A backtest job: status (queued, running, succeeded, failed), progress, summary metrics",
        ResearchDto.Job.class, rh::getBacktest));
    t.add(get("/backtests/{id}/result", RESEARCH_READ, "backtests.result", "research",
        "The result JSON in Freqtrade's layout (409 until the job succeeded)", null, rh::backtestResult));
    t.add(get("/backtests/{id}/report", RESEARCH_READ, "backtests.report", "research",
        "The self-contained HTML report (409 until the job succeeded)", null, rh::backtestReport));
    t.add(route("POST", "/ensembles", RESEARCH_RUN, "ensembles.submit", "research",
        "Spawns an ensemble: a strategy × parameter grid or random samples × pairs × timerange, backtested on "
            + "every worker node and ranked by an objective (mode backtest), or strategy agents under the "
            + "account's meta-decision agent and desk (mode paper)", ResearchDto.SubmitEnsemble.class,
        ResearchDto.Job.class, 202, Map.of(), rh::submitEnsemble));
    t.add(get("/ensembles", RESEARCH_READ, "ensembles.list", "research", "The tenant's ensembles (both modes)",
        ResearchDto.JobList.class, rh::listEnsembles));
    t.add(get("/ensembles/{id}", RESEARCH_READ, "ensembles.get", "research",
        "An ensemble: status, progress (parameter sets done of total), or its paper agents", ResearchDto.Job.class,
        rh::getEnsemble));
    t.add(route("GET", "/ensembles/{id}/results", RESEARCH_READ, "ensembles.results", "research",
        "A backtest ensemble's parameter sets ranked by its objective, best first", null, ResearchDto.Results.class,
        200, Map.of("top", "the best K only (default 100)"), rh::ensembleResults));
    t.add(route("POST", "/ensembles/{id}/promote", RESEARCH_RUN, "ensembles.promote", "research",
        "The best K parameter sets of a finished backtest ensemble as paper strategy agents on an account",
        ResearchDto.Promote.class, ResearchDto.Job.class, 202, Map.of(), rh::promote));
    // ---- operators and SREs: portfolio, kill switches, force exit, desks, cluster, events, exchange keys ----
    OpsRoutes.addTo(t, agents, h, mapper);
    return view;
  }

  private static ApiRoute route(String method, String path, Permission permission, String operationId, String tag,
      String summary, Class<?> request, Class<?> response, int status, Map<String, String> query,
      ApiRoute.Handler handler) {
    return new ApiRoute(method, PREFIX + path, permission, operationId, tag, summary, request, response, status,
        query, handler);
  }

  private static ApiRoute get(String path, Permission permission, String operationId, String tag, String summary,
      Class<?> response, ApiRoute.Handler handler) {
    return route("GET", path, permission, operationId, tag, summary, null, response, 200, Map.of(), handler);
  }

  private static ApiRoute post(String path, Permission permission, String operationId, String tag, String summary,
      Class<?> response, ApiRoute.Handler handler) {
    return route("POST", path, permission, operationId, tag, summary, null, response, 200, Map.of(), handler);
  }

  private static CompletionStage<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }

}

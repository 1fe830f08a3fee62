package io.agora.http.routes;

import static io.agora.http.security.Permission.ACCOUNTS_READ;
import static io.agora.http.security.Permission.AGENTS_READ;
import static io.agora.http.security.Permission.CLUSTER_MANAGE;
import static io.agora.http.security.Permission.CLUSTER_READ;
import static io.agora.http.security.Permission.EXCHANGE_KEYS_WRITE;
import static io.agora.http.security.Permission.KILL_SWITCH;
import static io.agora.http.security.Permission.PLATFORM_KILL_SWITCH;
import static io.agora.http.security.Permission.TRADES_FORCE_EXIT;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agora.http.security.Permission;
import java.util.List;
import java.util.Map;

/**
 * The operator and SRE rows of the route table (issue 4): portfolio views, tenant and platform kill switches, force
 * exits, desks and meta-decision agents, the cluster, the live event stream and exchange API keys. Appended to
 * {@link ApiRoutes#table} like any other row, so the router, the permission matrix test and the OpenAPI document
 * cover them.
 */
final class OpsRoutes {
  private OpsRoutes() {}

  static void addTo(List<ApiRoute> t, Agents agents, Handlers h, ObjectMapper mapper) {
    OpsHandlers o = new OpsHandlers(agents, h, mapper);

    // ---- portfolio views (read side: about a second behind the agents) ----
    t.add(route("GET", "/accounts/{account}/positions", ACCOUNTS_READ, "accounts.positions", "portfolio",
        "The account's positions per venue and pair, flat ones included (read side)", null, OpsDto.Positions.class,
        200, Map.of(), o::positions));
    t.add(route("GET", "/accounts/{account}/trades", ACCOUNTS_READ, "accounts.trades", "portfolio",
        "The account's fills, newest first (read side)", null, OpsDto.Trades.class, 200,
        Map.of("limit", "at most this many, 1..1000 (default 100)"), o::trades));
    t.add(route("GET", "/accounts/{account}/equity", ACCOUNTS_READ, "accounts.equity", "portfolio",
        "The account's equity curve: one valuation per settled order, oldest first (read side)", null,
        OpsDto.EquityCurve.class, 200, Map.of("from", "ISO-8601 instant or epoch millis (inclusive)",
            "to", "ISO-8601 instant or epoch millis (inclusive)", "limit", "at most this many, 1..1000 (default 1000)"),
        o::equity));

    // ---- kill switches above the accounts' own ----
    t.add(route("GET", "/tenant/kill-switch", ACCOUNTS_READ, "tenant.kill-switch.get", "risk",
        "The tenant's kill switch (every account of the tenant)", null, OpsDto.Halt.class, 200, Map.of(),
        c -> o.halt(c, false)));
    t.add(route("POST", "/tenant/kill-switch", KILL_SWITCH, "tenant.kill-switch.engage", "risk",
        "Engages the tenant's kill switch: the desks of all its accounts refuse every new order; body optional",
        OpsDto.HaltRequest.class, OpsDto.Halt.class, 200, Map.of(), c -> o.engageHalt(c, false)));
    t.add(route("DELETE", "/tenant/kill-switch", KILL_SWITCH, "tenant.kill-switch.release", "risk",
        "Releases the tenant's kill switch (accounts' own switches stay as they are)", null, OpsDto.Halt.class, 200,
        Map.of(), c -> o.releaseHalt(c, false)));
    t.add(route("GET", "/platform/kill-switch", ACCOUNTS_READ, "platform.kill-switch.get", "risk",
        "The platform-wide kill switch", null, OpsDto.Halt.class, 200, Map.of(), c -> o.halt(c, true)));
    t.add(route("POST", "/platform/kill-switch", PLATFORM_KILL_SWITCH, "platform.kill-switch.engage", "risk",
        "Engages the platform-wide kill switch: every desk of every tenant refuses new orders; body optional",
        OpsDto.HaltRequest.class, OpsDto.Halt.class, 200, Map.of(), c -> o.engageHalt(c, true)));
    t.add(route("DELETE", "/platform/kill-switch", PLATFORM_KILL_SWITCH, "platform.kill-switch.release", "risk",
        "Releases the platform-wide kill switch", null, OpsDto.Halt.class, 200, Map.of(), c -> o.releaseHalt(c, true)));

    // ---- strategies, desks and meta-decision agents ----
    t.add(route("POST", "/agents/strategies/{id}/trades/force-exit", TRADES_FORCE_EXIT, "strategies.force-exit",
        "strategies", "Closes the strategy's open trade at the next candle's open (its exit goes through the desk)",
        null, OpsDto.ForceExitAccepted.class, 202, Map.of(), o::forceExit));
    t.add(route("GET", "/agents/desks/{account}", AGENTS_READ, "desks.get", "agents",
        "The account's trading desk: settings, pending order intents, books per pair, counters", null,
        OpsDto.Desk.class, 200, Map.of(), o::desk));
    t.add(route("GET", "/agents/meta/{id}", AGENTS_READ, "meta.get", "agents",
        "The meta-decision agent of the portfolio named after an account: policy, members, decisions per pair", null,
        OpsDto.Meta.class, 200, Map.of(), o::meta));

    // ---- cluster (SRE) ----
    t.add(route("GET", "/cluster/members", CLUSTER_READ, "cluster.members", "cluster",
        "Cluster members: address, status, roles, reachability, leader", null, OpsDto.Members.class, 200, Map.of(),
        o::members));
    t.add(route("GET", "/cluster/shards", CLUSTER_READ, "cluster.shards", "cluster",
        "Per entity type and node: shards and entities (GetClusterShardingStats)", null, OpsDto.Shards.class, 200,
        Map.of(), o::shards));
    t.add(route("GET", "/cluster/inference", CLUSTER_READ, "cluster.inference", "cluster",
        "Model inference: the actors on gpu nodes (requests, rows, predict calls, failures, the provider each open "
            + "model runs on: cpu or cuda) and this node's fallback when none is up", null, OpsDto.Inference.class,
        200, Map.of(), o::inference));
    t.add(route("POST", "/cluster/members/{address}/leave", CLUSTER_MANAGE, "cluster.members.leave", "cluster",
        "Makes a member leave gracefully (shards handed over, then it shuts down); address pekko://agora@host:port "
            + "(URL-encoded), agora@host:port or host:port", null, OpsDto.LeaveAccepted.class, 202, Map.of(),
        o::leave));

    // ---- live events ----
    t.add(route("GET", "/events", AGENTS_READ, "events.stream", "events",
        "Server-Sent Events (text/event-stream) of the tenant's agent events, orders, fills and alerts, live "
            + "(at most once, no replay); a first 'ready' event, keep-alive comments every 15 s; a client too slow "
            + "for its buffer is disconnected", null, null, 200,
        Map.of("categories", "comma-separated among agent, order, fill, alert (default: all)"), o::events));

    // ---- exchange API keys (stored encrypted, never returned) ----
    t.add(route("POST", "/accounts/{account}/exchange-keys", EXCHANGE_KEYS_WRITE, "accounts.exchange-keys.store",
        "accounts", "Stores (or replaces) a venue's API key and secret, encrypted (AES-GCM); never returned or logged",
        OpsDto.StoreExchangeKey.class, OpsDto.ExchangeKey.class, 201, Map.of(), o::storeKey));
    t.add(route("GET", "/accounts/{account}/exchange-keys", ACCOUNTS_READ, "accounts.exchange-keys.list", "accounts",
        "The venues the account has keys for (never the keys)", null, OpsDto.ExchangeKeyList.class, 200, Map.of(),
        o::listKeys));
    t.add(route("DELETE", "/accounts/{account}/exchange-keys/{venue}", EXCHANGE_KEYS_WRITE,
        "accounts.exchange-keys.delete", "accounts", "Deletes a venue's key", null, OpsDto.ExchangeKeyList.class, 200,
        Map.of(), o::deleteKey));
  }

  private static ApiRoute route(String method, String path, Permission permission, String operationId, String tag,
      String summary, Class<?> request, Class<?> response, int status, Map<String, String> query,
      ApiRoute.Handler handler) {
    return new ApiRoute(method, ApiRoutes.PREFIX + path, permission, operationId, tag, summary, request, response,
        status, query, handler);
  }
}

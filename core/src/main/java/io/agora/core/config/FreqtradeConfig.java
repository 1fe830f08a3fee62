package io.agora.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agora.core.backtest.BacktestSettings;
import io.agora.core.backtest.RoiTable;
import io.agora.core.backtest.TradingMode;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Freqtrade configuration (one or more JSON files merged left to right, with comments and trailing commas allowed
 * as Freqtrade allows them), read for backtesting. Keys that Freqtrade knows but a backtest does not use (telegram,
 * api_server, ...) are accepted silently so real configurations run unchanged; an unknown key is reported as a
 * warning naming it (usually a typo). Invalid values fail with a {@link ConfigException} naming the key.
 */
public final class FreqtradeConfig {
  /** Fee used when neither the configuration nor the command line sets one (a common taker fee). */
  public static final double DEFAULT_FEE = 0.001;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.ALLOW_COMMENTS)
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  /** Freqtrade's schema keys (config_schema.py) plus keys its commands and strategies read. */
  static final Set<String> KNOWN_KEYS = Set.of(
      "max_open_trades", "timeframe", "stake_currency", "stake_amount", "tradable_balance_ratio", "available_capital",
      "amend_last_stake_amount", "last_stake_amount_min_ratio", "fiat_display_currency", "dry_run", "dry_run_wallet",
      "cancel_open_orders_on_exit", "process_only_new_candles", "minimal_roi", "amount_reserve_percent", "stoploss",
      "trailing_stop", "trailing_stop_positive", "trailing_stop_positive_offset", "trailing_only_offset_is_reached",
      "use_exit_signal", "exit_profit_only", "exit_profit_offset", "fee", "ignore_roi_if_entry_signal",
      "ignore_buying_expired_candle_after", "trading_mode", "margin_mode", "reduce_df_footprint",
      "minimum_trade_amount", "targeted_trade_amount", "lookahead_analysis_exportfilename", "startup_candle",
      "liquidation_buffer", "backtest_breakdown", "bot_name", "unfilledtimeout", "entry_pricing", "exit_pricing",
      "custom_price_max_distance_ratio", "order_types", "order_time_in_force", "coingecko", "exchange", "edge",
      "freqai", "external_message_consumer", "experimental", "pairlists", "telegram", "webhook", "discord",
      "api_server", "db_url", "export", "disableparamexport", "initial_state", "force_entry_enable",
      "disable_dataframe_checks", "internals", "dataformat_ohlcv", "dataformat_trades", "position_adjustment_enable",
      "new_pairs_days", "download_trades", "max_entry_position_adjustment", "add_config_files", "orderflow",
      // read by commands / strategies rather than the schema
      "$schema", "$comment", "strategy", "strategy_path", "strategy_list", "recursive_strategy_search", "timerange", "datadir",
      "user_data_dir", "timeframe_detail", "protections", "enable_protections", "use_custom_stoploss",
      "startup_candle_count", "position_stacking", "exportfilename", "export_filename", "backtest_cache",
      "candle_type_def", "freqaimodel", "freqaimodel_path", "verbosity", "logfile", "config", "runmode",
      "use_max_market_positions", "fill_up_missing", "minimal_roi_default", "can_short", "futures_funding_rate",
      "order_book_top", "max_leverage", "strategy_params",
      // Agora's own extensions
      "min_stake", "max_stake");

  private static final Set<String> UNFILLED_KEYS = Set.of("entry", "exit", "unit", "exit_timeout_count");
  private static final Set<String> ORDER_TYPE_KEYS = Set.of(
      "entry", "exit", "stoploss", "stoploss_on_exchange", "stoploss_on_exchange_interval", "stoploss_on_exchange_limit_ratio",
      "emergency_exit", "force_exit", "force_entry", "stoploss_price_type");

  private final ObjectNode root;
  private final String source;
  private final List<String> warnings = new ArrayList<>();

  private FreqtradeConfig(ObjectNode root, String source) {
    this.root = root;
    this.source = source;
  }

  /** Reads and merges the files (later files override earlier ones, objects merged key by key). */
  public static FreqtradeConfig load(List<Path> files) {
    if (files.isEmpty()) return empty();
    ObjectNode merged = JSON.createObjectNode();
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      JsonNode node;
      try {
        node = JSON.readTree(Files.readString(f));
      } catch (NoSuchFileException e) {
        throw new ConfigException("config file " + f + " does not exist");
      } catch (JsonProcessingException e) {
        var loc = e.getLocation();
        throw new ConfigException("config file " + f + " is not valid JSON"
            + (loc != null ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() : "") + ": " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new ConfigException("config file " + f + " cannot be read: " + e.getMessage());
      }
      if (node == null || !node.isObject()) throw new ConfigException("config file " + f + " must hold a JSON object");
      deepMerge(merged, (ObjectNode) node);
      names.add(f.toString());
    }
    return new FreqtradeConfig(merged, String.join(", ", names));
  }

  public static FreqtradeConfig parse(String json, String source) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) throw new ConfigException("config " + source + " must hold a JSON object");
      return new FreqtradeConfig((ObjectNode) node, source);
    } catch (JsonProcessingException e) {
      throw new ConfigException("config " + source + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  public static FreqtradeConfig empty() {
    return new FreqtradeConfig(JSON.createObjectNode(), "(no config file)");
  }

  private static void deepMerge(ObjectNode into, ObjectNode from) {
    Iterator<Map.Entry<String, JsonNode>> it = from.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode vo) deepMerge(eo, vo);
      else into.set(e.getKey(), e.getValue().deepCopy());
    }
  }

  /** Sets a top-level key (a command-line flag overriding the file), e.g. {@code timerange}. */
  public FreqtradeConfig set(String key, Object value) {
    root.set(key, JSON.valueToTree(value));
    return this;
  }

  /** Sets {@code exchange.pair_whitelist}. */
  public FreqtradeConfig setPairs(List<String> pairs) {
    ObjectNode ex = root.has("exchange") && root.get("exchange").isObject() ? (ObjectNode) root.get("exchange") : root.putObject("exchange");
    ex.set("pair_whitelist", JSON.valueToTree(pairs));
    return this;
  }

  public ObjectNode root() {
    return root;
  }

  public String source() {
    return source;
  }

  /** Warnings gathered so far (unknown keys, defaults applied). */
  public List<String> warnings() {
    return warnings;
  }

  /** Top-level keys that neither Freqtrade nor Agora knows, each with a suggestion when one is close. */
  public List<String> unknownKeyWarnings() {
    List<String> out = new ArrayList<>();
    root.fieldNames().forEachRemaining(k -> {
      if (!KNOWN_KEYS.contains(k)) out.add(unknownKey(k, KNOWN_KEYS, ""));
    });
    checkSubKeys("unfilledtimeout", UNFILLED_KEYS, out);
    checkSubKeys("order_types", ORDER_TYPE_KEYS, out);
    return out;
  }

  private void checkSubKeys(String key, Set<String> known, List<String> out) {
    JsonNode n = root.get(key);
    if (n == null || !n.isObject()) return;
    n.fieldNames().forEachRemaining(k -> {
      if (!known.contains(k)) out.add(unknownKey(k, known, key + "."));
    });
  }

  private String unknownKey(String k, Set<String> known, String prefix) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String c : known) {
      int d = levenshtein(k.toLowerCase(Locale.ROOT), c);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    String hint = bestD <= Math.max(2, k.length() / 4) ? " (did you mean '" + prefix + best + "'?)" : "";
    return "unknown configuration key '" + prefix + k + "' in " + source + " is ignored" + hint;
  }

  private static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  // --- typed accessors ----------------------------------------------------------------------------------------

  public boolean has(String key) {
    JsonNode n = root.get(key);
    return n != null && !n.isNull();
  }

  public String string(String key, String def) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) return def;
    if (!n.isTextual()) throw invalid(key, "must be a string", n);
    return n.asText();
  }

  public double number(String key, double def) {
    return number(root, key, key, def);
  }

  private double number(JsonNode parent, String key, String path, double def) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) return def;
    if (n.isNumber()) return n.asDouble();
    if (n.isTextual()) {
      try {
        return Double.parseDouble(n.asText().trim());
      } catch (NumberFormatException e) {
        throw invalid(path, "must be a number", n);
      }
    }
    throw invalid(path, "must be a number", n);
  }

  public boolean bool(String key, boolean def) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) return def;
    if (!n.isBoolean()) throw invalid(key, "must be true or false", n);
    return n.asBoolean();
  }

  public List<String> pairWhitelist() {
    JsonNode ex = root.get("exchange");
    JsonNode wl = ex == null ? null : ex.get("pair_whitelist");
    if (wl == null || wl.isNull()) return List.of();
    if (!wl.isArray()) throw invalid("exchange.pair_whitelist", "must be a list of pairs like [\"ETH/BTC\"]", wl);
    List<String> out = new ArrayList<>();
    for (JsonNode p : wl) {
      if (!p.isTextual() || p.asText().isBlank()) throw invalid("exchange.pair_whitelist", "must hold pair names as strings", p);
      out.add(p.asText().trim());
    }
    return out;
  }

  public List<String> pairBlacklist() {
    JsonNode ex = root.get("exchange");
    JsonNode bl = ex == null ? null : ex.get("pair_blacklist");
    List<String> out = new ArrayList<>();
    if (bl == null || bl.isNull()) return out;
    if (!bl.isArray()) throw invalid("exchange.pair_blacklist", "must be a list of pairs", bl);
    for (JsonNode p : bl) out.add(p.asText());
    return out;
  }

  public String exchangeName() {
    JsonNode ex = root.get("exchange");
    JsonNode name = ex == null ? null : ex.get("name");
    return name == null || name.isNull() ? "" : name.asText();
  }

  public TradingMode tradingMode() {
    String v = string("trading_mode", "spot");
    try {
      return TradingMode.fromValue(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key 'trading_mode' " + e.getMessage());
    }
  }

  /** Strategy parameters given in the config under {@code strategy_params} (an Agora extension). */
  public Map<String, String> strategyParams() {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode n = root.get("strategy_params");
    if (n == null || n.isNull()) return out;
    if (!n.isObject()) throw invalid("strategy_params", "must be an object of name: value", n);
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    return out;
  }

  ConfigException invalid(String key, String what, JsonNode got) {
    return new ConfigException("config key '" + key + "' " + what + ", got " + got + " (in " + source + ")");
  }

  // --- backtest settings --------------------------------------------------------------------------------------

  /**
   * The backtest settings: this configuration over the strategy's own defaults (configuration wins, as in
   * Freqtrade). Adds a warning when the fee had to be defaulted.
   */
  public BacktestSettings toSettings(Strategy strategy) {
    ObjectNode eff = JSON.createObjectNode();
    for (Map.Entry<String, Object> e : strategy.defaults().entrySet()) eff.set(e.getKey(), JSON.valueToTree(e.getValue()));
    deepMerge(eff, root);
    FreqtradeConfig c = new FreqtradeConfig(eff, source);

    BacktestSettings.Builder b = BacktestSettings.builder();
    String tf = c.string("timeframe", null);
    if (tf == null) throw new ConfigException("timeframe is not set: add \"timeframe\": \"5m\" to the config or pass --timeframe 5m");
    try {
      b.timeframe = Timeframe.parse(tf);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key 'timeframe': " + e.getMessage());
    }
    String tfd = c.string("timeframe_detail", null);
    if (tfd != null && !tfd.isBlank()) {
      try {
        b.timeframeDetail = Timeframe.parse(tfd);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("config key 'timeframe_detail': " + e.getMessage());
      }
      if (b.timeframeDetail.millis() >= b.timeframe.millis()) {
        throw new ConfigException("Detail timeframe must be smaller than strategy timeframe: timeframe_detail "
            + tfd + " is not smaller than " + tf);
      }
    }

    String stakeCurrency = c.string("stake_currency", null);
    if (stakeCurrency == null) throw new ConfigException("config key 'stake_currency' is missing: e.g. \"stake_currency\": \"USDT\"");
    b.stakeCurrency = stakeCurrency;

    JsonNode stake = eff.get("stake_amount");
    if (stake == null || stake.isNull()) {
      throw new ConfigException("config key 'stake_amount' is missing: set a number or \"unlimited\"");
    }
    if (stake.isTextual() && stake.asText().equals("unlimited")) {
      b.unlimitedStake = true;
    } else {
      double v = c.number("stake_amount", Double.NaN);
      if (!(v > 0)) throw c.invalid("stake_amount", "must be a positive number or \"unlimited\"", stake);
      b.stakeAmount = v;
    }

    JsonNode mot = eff.get("max_open_trades");
    if (mot != null && !mot.isNull()) {
      double v = c.number("max_open_trades", -1);
      if (v != Math.rint(v) || v < -1) throw c.invalid("max_open_trades", "must be a whole number >= 0, or -1 for unlimited", mot);
      b.maxOpenTrades = (int) v;
    }
    if (b.unlimitedStake && b.maxOpenTrades < 0) {
      throw new ConfigException("config key 'max_open_trades' must be set (>= 1) when stake_amount is \"unlimited\"");
    }

    JsonNode wallet = eff.get("dry_run_wallet");
    if (wallet != null && wallet.isObject()) {
      JsonNode w = wallet.get(stakeCurrency);
      if (w == null || !w.isNumber()) throw c.invalid("dry_run_wallet", "must hold the stake currency " + stakeCurrency, wallet);
      b.dryRunWallet = w.asDouble();
    } else {
      b.dryRunWallet = c.number("dry_run_wallet", 1000);
    }
    if (!(b.dryRunWallet > 0)) throw c.invalid("dry_run_wallet", "must be a positive number", wallet);
    b.tradableBalanceRatio = c.number("tradable_balance_ratio", 0.99);
    if (!(b.tradableBalanceRatio > 0 && b.tradableBalanceRatio <= 1)) {
      throw c.invalid("tradable_balance_ratio", "must be in (0, 1]", eff.get("tradable_balance_ratio"));
    }
    b.availableCapital = c.number("available_capital", Double.NaN);
    b.amendLastStakeAmount = c.bool("amend_last_stake_amount", false);
    b.lastStakeAmountMinRatio = c.number("last_stake_amount_min_ratio", 0.5);

    if (c.has("fee")) {
      b.fee = c.number("fee", DEFAULT_FEE);
      if (!(b.fee >= 0 && b.fee < 0.1)) throw c.invalid("fee", "must be a ratio between 0 and 0.1 (0.001 = 0.1 %)", eff.get("fee"));
    } else {
      b.fee = DEFAULT_FEE;
      warnings.add("no 'fee' in the config: using " + DEFAULT_FEE + " (0.1 %) on entry and exit; set \"fee\" or pass --fee to match your exchange");
    }

    JsonNode roi = eff.get("minimal_roi");
    if (roi != null && !roi.isNull()) {
      if (!roi.isObject()) throw c.invalid("minimal_roi", "must be an object of minutes to ratio, e.g. {\"0\": 0.04}", roi);
      Map<String, Double> m = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = roi.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), number(roi, e.getKey(), "minimal_roi." + e.getKey(), Double.NaN));
      }
      try {
        b.minimalRoi = RoiTable.of(m);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("config key 'minimal_roi': " + e.getMessage());
      }
    }

    if (!c.has("stoploss")) throw new ConfigException("config key 'stoploss' is missing (neither the config nor strategy " + strategy.name() + " sets it), e.g. \"stoploss\": -0.10");
    b.stoploss = c.number("stoploss", -0.1);
    if (!(b.stoploss < 0 && b.stoploss >= -1)) throw c.invalid("stoploss", "must be a negative ratio in [-1, 0), e.g. -0.10", eff.get("stoploss"));
    b.trailingStop = c.bool("trailing_stop", false);
    b.trailingStopPositive = c.number("trailing_stop_positive", Double.NaN);
    if (!Double.isNaN(b.trailingStopPositive) && !(b.trailingStopPositive > 0 && b.trailingStopPositive < 1)) {
      throw c.invalid("trailing_stop_positive", "must be a ratio in (0, 1)", eff.get("trailing_stop_positive"));
    }
    b.trailingStopPositiveOffset = c.number("trailing_stop_positive_offset", 0.0);
    if (b.trailingStopPositiveOffset < 0 || b.trailingStopPositiveOffset >= 1) {
      throw c.invalid("trailing_stop_positive_offset", "must be a ratio in [0, 1)", eff.get("trailing_stop_positive_offset"));
    }
    b.trailingOnlyOffsetIsReached = c.bool("trailing_only_offset_is_reached", false);
    if (b.trailingOnlyOffsetIsReached && !Double.isNaN(b.trailingStopPositive)
        && b.trailingStopPositiveOffset <= b.trailingStopPositive) {
      throw new ConfigException("config key 'trailing_stop_positive_offset' must be greater than trailing_stop_positive "
          + "when trailing_only_offset_is_reached is set (as Freqtrade requires)");
    }
    b.useCustomStoploss = c.bool("use_custom_stoploss", false);
    b.useExitSignal = c.bool("use_exit_signal", true);
    b.exitProfitOnly = c.bool("exit_profit_only", false);
    b.exitProfitOffset = c.number("exit_profit_offset", 0.0);
    b.ignoreRoiIfEntrySignal = c.bool("ignore_roi_if_entry_signal", false);
    b.positionStacking = c.bool("position_stacking", false);

    b.tradingMode = c.tradingMode();
    b.marginMode = c.string("margin_mode", "");
    if (b.tradingMode != TradingMode.SPOT) {
      if (b.marginMode.isEmpty()) b.marginMode = "isolated";
      if (!b.marginMode.equals("isolated") && !b.marginMode.equals("cross")) {
        throw c.invalid("margin_mode", "must be \"isolated\" or \"cross\"", eff.get("margin_mode"));
      }
    }

    JsonNode ut = eff.get("unfilledtimeout");
    if (ut != null && !ut.isNull()) {
      if (!ut.isObject()) throw c.invalid("unfilledtimeout", "must be an object like {\"entry\": 10, \"exit\": 10, \"unit\": \"minutes\"}", ut);
      String unit = ut.has("unit") ? ut.get("unit").asText() : "minutes";
      long unitMs = switch (unit) {
        case "minutes" -> 60_000L;
        case "seconds" -> 1_000L;
        default -> throw c.invalid("unfilledtimeout.unit", "must be \"minutes\" or \"seconds\"", ut.get("unit"));
      };
      double entry = number(ut, "entry", "unfilledtimeout.entry", -1);
      double exit = number(ut, "exit", "unfilledtimeout.exit", -1);
      if (ut.has("entry") && entry < 0) throw c.invalid("unfilledtimeout.entry", "must be >= 0", ut.get("entry"));
      if (ut.has("exit") && exit < 0) throw c.invalid("unfilledtimeout.exit", "must be >= 0", ut.get("exit"));
      b.entryTimeoutMs = entry < 0 ? -1 : Math.round(entry * unitMs);
      b.exitTimeoutMs = exit < 0 ? -1 : Math.round(exit * unitMs);
    }
    JsonNode ot = eff.get("order_types");
    if (ot != null && !ot.isNull()) {
      if (!ot.isObject()) throw c.invalid("order_types", "must be an object like {\"entry\": \"limit\", \"exit\": \"limit\"}", ot);
      b.entryOrderLimit = orderType(c, ot, "entry");
      b.exitOrderLimit = orderType(c, ot, "exit");
    }
    b.minStake = c.number("min_stake", 1e-5);
    b.maxStake = c.number("max_stake", Double.POSITIVE_INFINITY);
    b.maxLeverage = c.number("max_leverage", Double.POSITIVE_INFINITY);

    TimeRange tr = timeRange();
    b.timerangeStart = tr.startMs();
    b.timerangeStop = tr.stopMs();
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static boolean orderType(FreqtradeConfig c, JsonNode ot, String side) {
    JsonNode v = ot.get(side);
    if (v == null || v.isNull()) return true;
    return switch (v.asText()) {
      case "limit" -> true;
      case "market" -> false;
      default -> throw c.invalid("order_types." + side, "must be \"limit\" or \"market\"", v);
    };
  }

  public TimeRange timeRange() {
    String t = string("timerange", null);
    try {
      return TimeRange.parse(t);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key 'timerange': " + e.getMessage());
    }
  }
}

package io.agora.core.market;

/**
 * A tradable pair with the venue constraints live order sizing needs.
 *
 * <p>{@code symbol} is written as Freqtrade/ccxt write it: {@code ETH/BTC} for spot and {@code XRP/USDT:USDT} for
 * a futures contract settled in USDT. A constraint that is unknown is 0 (tick/step) or 0 (min notional): the
 * backtester applies no exchange precision, as Freqtrade's backtests without market data do.
 */
public record Instrument(
    String symbol, String base, String quote, String settle, double tickSize, double stepSize, double minNotional) {

  public Instrument {
    if (symbol == null || base == null || quote == null || base.isEmpty() || quote.isEmpty()) {
      throw new IllegalArgumentException("instrument needs base and quote: " + symbol);
    }
    if (tickSize < 0 || stepSize < 0 || minNotional < 0) {
      throw new IllegalArgumentException("tick size, step size and min notional must be >= 0 for " + symbol);
    }
  }

  /** Parses {@code ETH/BTC} or {@code XRP/USDT:USDT}; constraints unknown. */
  public static Instrument of(String symbol) {
    return parse(symbol).withConstraints(0, 0, 0);
  }

  private static Instrument parse(String symbol) {
    if (symbol == null) throw new IllegalArgumentException("pair is missing");
    String s = symbol.trim();
    int slash = s.indexOf('/');
    if (slash <= 0 || slash == s.length() - 1) {
      throw new IllegalArgumentException("invalid pair '" + symbol + "': expected BASE/QUOTE or BASE/QUOTE:SETTLE, e.g. ETH/BTC");
    }
    String base = s.substring(0, slash);
    String rest = s.substring(slash + 1);
    int colon = rest.indexOf(':');
    String quote = colon < 0 ? rest : rest.substring(0, colon);
    String settle = colon < 0 ? null : rest.substring(colon + 1);
    if (quote.isEmpty() || (settle != null && settle.isEmpty())) {
      throw new IllegalArgumentException("invalid pair '" + symbol + "': expected BASE/QUOTE or BASE/QUOTE:SETTLE");
    }
    return new Instrument(s, base, quote, settle, 0, 0, 0);
  }

  public Instrument withConstraints(double tickSize, double stepSize, double minNotional) {
    return new Instrument(symbol, base, quote, settle, tickSize, stepSize, minNotional);
  }

  public boolean isFutures() {
    return settle != null;
  }

  /**
   * The pair as written in Freqtrade's data file names: {@code ETH/BTC} becomes {@code ETH_BTC} and
   * {@code XRP/USDT:USDT} becomes {@code XRP_USDT_USDT} (the characters {@code / . @ $ + : } and space are replaced).
   */
  public String fileName() {
    return fileName(symbol);
  }

  public static String fileName(String pair) {
    return pair.replaceAll("[/ .@$+:]", "_");
  }

  @Override
  public String toString() {
    return symbol;
  }
}

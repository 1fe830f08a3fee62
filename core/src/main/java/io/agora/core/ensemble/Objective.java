package io.agora.core.ensemble;

import java.util.Locale;

/**
 * What an ensemble's results are ranked by, higher first. Sharpe, Sortino and Calmar are Freqtrade's per-trade
 * ratios ({@link io.agora.core.metrics.RiskMetrics}); {@code profit} is the absolute profit; {@code profit_drawdown}
 * is Freqtrade's {@code ProfitDrawDownHyperOptLoss} negated: {@code profit − profit × max_drawdown_account × (1 −
 * 0.055)}.
 */
public enum Objective {
  SHARPE, SORTINO, CALMAR, PROFIT, PROFIT_DRAWDOWN;

  /** Freqtrade's {@code DRAWDOWN_MULT} of {@code ProfitDrawDownHyperOptLoss}. */
  public static final double DRAWDOWN_MULT = 0.055;

  /** The value ranked by; NaN (a failed parameter set) ranks last. */
  public double score(EnsembleMetrics m) {
    return switch (this) {
      case SHARPE -> m.sharpe();
      case SORTINO -> m.sortino();
      case CALMAR -> m.calmar();
      case PROFIT -> m.profitAbs();
      case PROFIT_DRAWDOWN -> m.profitAbs() - m.profitAbs() * m.maxDrawdownAccount() * (1 - DRAWDOWN_MULT);
    };
  }

  /** The request's spelling: {@code sharpe}, {@code sortino}, {@code calmar}, {@code profit}, {@code profit_drawdown}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Objective parse(String text) {
    if (text == null || text.isBlank()) return SHARPE;
    String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    if (t.equals("profit_with_drawdown")) return PROFIT_DRAWDOWN;
    for (Objective o : values()) if (o.text().equals(t)) return o;
    throw new EnsembleSpecException("objective",
        "objective must be one of sharpe, sortino, calmar, profit, profit_drawdown; got '" + text + "'");
  }
}

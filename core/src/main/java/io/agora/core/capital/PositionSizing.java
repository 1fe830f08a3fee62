package io.agora.core.capital;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.agora.core.market.Instrument;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Order sizing in exact decimals: a fixed stake, a fraction of equity, or a volatility target (risk a fraction of
 * equity over ATR × multiple). The amount is capped by what is available, rounded down to the instrument's step
 * size, and refused below its minimum notional. Amounts are in base units, stakes and notionals in quote units.
 */
public final class PositionSizing {

  /** Scale used for the divisions (stake / price, risk / stop distance); rounding is always down. */
  public static final int SCALE = 12;

  private PositionSizing() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "method")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = FixedStake.class, name = "fixed-stake"),
    @JsonSubTypes.Type(value = FractionOfEquity.class, name = "fraction-of-equity"),
    @JsonSubTypes.Type(value = VolatilityTarget.class, name = "volatility-target")
  })
  public sealed interface Method permits FixedStake, FractionOfEquity, VolatilityTarget {}

  /** Always stake this quote amount. */
  public record FixedStake(BigDecimal stake) implements Method {
    public FixedStake {
      if (stake == null || stake.signum() <= 0) throw new IllegalArgumentException("stake must be > 0: " + stake);
    }
  }

  /** Stake {@code fraction} (0, 1] of equity. */
  public record FractionOfEquity(BigDecimal fraction) implements Method {
    public FractionOfEquity {
      if (fraction == null || fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
      }
    }
  }

  /**
   * Risk {@code riskFraction} of equity over a stop {@code atrMultiple} ATRs away: amount = equity × riskFraction /
   * (ATR × atrMultiple), so a move of one stop distance loses the risk budget.
   */
  public record VolatilityTarget(BigDecimal riskFraction, BigDecimal atrMultiple) implements Method {
    public VolatilityTarget {
      if (riskFraction == null || riskFraction.signum() <= 0 || riskFraction.compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException("risk fraction must be in (0, 1]: " + riskFraction);
      }
      if (atrMultiple == null || atrMultiple.signum() <= 0) {
        throw new IllegalArgumentException("ATR multiple must be > 0: " + atrMultiple);
      }
    }
  }

  /** A size: {@code amount} base for {@code notional} quote, or a refusal with its reason (amount 0). */
  public record Sizing(BigDecimal amount, BigDecimal notional, String rejection) {
    public boolean accepted() {
      return rejection == null;
    }

    static Sizing refused(String reason) {
      return new Sizing(BigDecimal.ZERO, BigDecimal.ZERO, reason);
    }
  }

  /**
   * Sizes an order.
   *
   * @param equity account equity in quote units (the base of fractions)
   * @param available quote available to spend; the stake is capped by it
   * @param price expected fill price (quote per base), > 0
   * @param atr average true range in quote units; only the volatility target needs it
   * @param instrument venue constraints (step size, min notional); null or 0 means none
   */
  public static Sizing size(
      Method method, BigDecimal equity, BigDecimal available, BigDecimal price, BigDecimal atr, Instrument instrument) {
    Objects.requireNonNull(method, "method");
    if (price == null || price.signum() <= 0) return Sizing.refused("price must be > 0");
    if (equity == null || equity.signum() <= 0) return Sizing.refused("no equity to size from");
    BigDecimal amount;
    if (method instanceof FixedStake f) {
      amount = f.stake().divide(price, SCALE, RoundingMode.DOWN);
    } else if (method instanceof FractionOfEquity f) {
      amount = equity.multiply(f.fraction()).divide(price, SCALE, RoundingMode.DOWN);
    } else {
      VolatilityTarget v = (VolatilityTarget) method;
      if (atr == null || atr.signum() <= 0) return Sizing.refused("volatility target needs ATR > 0");
      amount = equity.multiply(v.riskFraction()).divide(atr.multiply(v.atrMultiple()), SCALE, RoundingMode.DOWN);
    }
    BigDecimal cap = available == null || available.signum() <= 0
        ? BigDecimal.ZERO
        : available.divide(price, SCALE, RoundingMode.DOWN);
    if (cap.signum() == 0) return Sizing.refused("nothing available to stake");
    amount = amount.min(cap);
    if (instrument != null && instrument.stepSize() > 0) {
      amount = roundDownToStep(amount, BigDecimal.valueOf(instrument.stepSize()));
    }
    if (amount.signum() <= 0) return Sizing.refused("amount rounds to 0 at step size " + stepOf(instrument));
    BigDecimal notional = amount.multiply(price);
    if (instrument != null && instrument.minNotional() > 0) {
      BigDecimal min = BigDecimal.valueOf(instrument.minNotional());
      if (notional.compareTo(min) < 0) {
        return Sizing.refused("notional " + notional.stripTrailingZeros().toPlainString() + " below min notional "
            + min.stripTrailingZeros().toPlainString() + " of " + instrument.symbol());
      }
    }
    return new Sizing(amount.stripTrailingZeros(), notional.stripTrailingZeros(), null);
  }

  /** The largest multiple of {@code step} not above {@code amount} (amount >= 0, step > 0). */
  public static BigDecimal roundDownToStep(BigDecimal amount, BigDecimal step) {
    if (step.signum() <= 0) throw new IllegalArgumentException("step must be > 0: " + step);
    BigDecimal steps = amount.divide(step, 0, RoundingMode.DOWN);
    return steps.multiply(step);
  }

  private static String stepOf(Instrument instrument) {
    return instrument == null || instrument.stepSize() <= 0
        ? "(none)"
        : BigDecimal.valueOf(instrument.stepSize()).stripTrailingZeros().toPlainString();
  }
}

package io.agora.core.data;

/**
 * No candle file exists for a pair, timeframe and candle type. Kept apart from corrupt data because a backtest
 * over many pairs may skip a pair without data (as Freqtrade does, with a warning) but must not skip a broken file.
 */
public final class MissingDataException extends OhlcvDataException {
  private static final long serialVersionUID = 1L;

  public MissingDataException(String message) {
    super(message);
  }
}

package io.agora.core.backtest;

/** Exit reasons as Freqtrade writes them. */
public enum ExitType {
  EXIT_SIGNAL("exit_signal"),
  CUSTOM_EXIT("custom_exit"),
  STOP_LOSS("stop_loss"),
  TRAILING_STOP_LOSS("trailing_stop_loss"),
  ROI("roi"),
  LIQUIDATION("liquidation"),
  FORCE_EXIT("force_exit"),
  NONE("");

  private final String value;

  ExitType(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}

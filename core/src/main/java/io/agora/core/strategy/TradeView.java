package io.agora.core.strategy;

/** What a strategy callback may read of an open trade. */
public interface TradeView {
  String pair();

  boolean isShort();

  long openTime();

  double openRate();

  double amount();

  double stakeAmount();

  double leverage();

  String enterTag();

  double stopLoss();

  /** Entry orders filled so far (0 while the first entry order is still open). */
  int filledEntries();
}

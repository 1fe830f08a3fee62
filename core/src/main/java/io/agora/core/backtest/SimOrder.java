package io.agora.core.backtest;

/** A mutable order slot of the simulation (Freqtrade's backtest {@code Order}). */
final class SimOrder {
  final int id;
  final boolean entry;
  final String orderType;
  final long orderTime;
  final double price;
  final double amount;
  final String tag;
  double filled;
  boolean open = true;
  long filledTime = Long.MIN_VALUE;
  double fundingFee;

  SimOrder(int id, boolean entry, String orderType, long orderTime, double price, double amount, String tag) {
    this.id = id;
    this.entry = entry;
    this.orderType = orderType;
    this.orderTime = orderTime;
    this.price = price;
    this.amount = amount;
    this.tag = tag;
  }

  double remaining() {
    return amount - filled;
  }
}

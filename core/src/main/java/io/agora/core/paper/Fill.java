package io.agora.core.paper;

/**
 * One execution produced by the fill model. {@code fee} is in quote currency ({@code amount * price * rate});
 * {@code completes} is true when this fill takes the whole remaining amount of the order (decided on the inputs,
 * not by subtracting doubles, so an order never stays open with a rounding residue).
 */
public record Fill(long time, double amount, double price, double fee, double feeRate, Liquidity liquidity,
    boolean completes) {}

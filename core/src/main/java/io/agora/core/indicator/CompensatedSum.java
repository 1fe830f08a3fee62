package io.agora.core.indicator;

/**
 * Neumaier's compensated sum. The running error term keeps the result within a few ulps of the exact sum of the
 * terms however many were added and subtracted, which is what stops sliding and cumulative sums from drifting.
 */
final class CompensatedSum {
  private double sum;
  private double compensation;

  void add(double x) {
    double t = sum + x;
    // The rounding error of sum + x, recovered exactly; which operand is larger decides the formula.
    if (Math.abs(sum) >= Math.abs(x)) {
      compensation += (sum - t) + x;
    } else {
      compensation += (x - t) + sum;
    }
    sum = t;
  }

  double value() {
    return sum + compensation;
  }

  void reset() {
    sum = 0.0;
    compensation = 0.0;
  }
}

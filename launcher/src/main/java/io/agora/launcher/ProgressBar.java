package io.agora.launcher;

import io.agora.core.backtest.Backtester;
import java.io.PrintStream;

/** A one-line progress bar on the terminal (stderr), redrawn in place; only used when attached to a console. */
final class ProgressBar implements Backtester.Progress {
  private static final int WIDTH = 40;
  private final PrintStream err;
  private final long started = System.nanoTime();
  private int lastPercent = -1;

  ProgressBar(PrintStream err) {
    this.err = err;
  }

  @Override
  public void update(long done, long total) {
    int pct = (int) Math.min(100, done * 100 / Math.max(1, total));
    if (pct == lastPercent) return;
    lastPercent = pct;
    int filled = pct * WIDTH / 100;
    double secs = (System.nanoTime() - started) / 1e9;
    err.print("\rBacktesting [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + pct + "% " + String.format("%.1fs", secs));
    err.flush();
  }

  void finish() {
    if (lastPercent >= 0) err.println();
  }
}

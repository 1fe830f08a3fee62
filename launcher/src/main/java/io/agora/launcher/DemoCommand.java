package io.agora.launcher;

import io.agora.core.backtesting.BacktestRunner;
import io.agora.core.config.ConfigException;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.DataFormat;
import io.agora.core.data.OhlcvLoader;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.Timeframe;
import io.agora.core.report.html.HtmlReport;
import io.agora.core.report.text.TextReport;
import io.agora.core.strategy.StrategyRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agora demo}: the main job of a fresh clone. Generates seeded synthetic candles (once), backtests the
 * EMA-crossover strategy over them with the bundled Freqtrade-style config, prints Freqtrade's report and writes
 * the result JSON and HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate synthetic data (once) and backtest EmaCrossover on it; writes JSON and HTML results.")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = {"-d", "--datadir", "--data-dir"}, paramLabel = "PATH", description = "where the synthetic candles live (default: ${DEFAULT-VALUE})")
  Path datadir = Path.of("user_data", "data", "synthetic");

  @Option(names = "--results", paramLabel = "PATH", description = "folder for demo.json and demo.html (default: ${DEFAULT-VALUE})")
  Path results = Path.of("user_data", "backtest_results");

  @Option(names = "--pairs", paramLabel = "N", description = "synthetic pairs (default: ${DEFAULT-VALUE})")
  int pairs = 5;

  @Option(names = "--days", paramLabel = "N", description = "days of 5m candles (default: ${DEFAULT-VALUE})")
  int days = 90;

  @Option(names = "--seed", paramLabel = "N", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Override
  public Integer call() throws IOException {
    if (pairs < 1 || pairs > 1000) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--pairs must be 1..1000");
    if (days < 2 || days > 3650) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--days must be 2..3650");
    Timeframe tf = Timeframe.parse("5m");
    SyntheticData.Spec spec = SyntheticData.Spec.of(pairs, days * 288, tf, Instant.parse("2024-01-01T00:00:00Z"), seed)
        .withGapProbability(0.001);
    OhlcvLoader loader = new OhlcvLoader(datadir);
    long have = loader.available().stream().filter(f -> f.timeframe().equals(tf) && f.pair().startsWith("SYN")).count();
    if (have < pairs) {
      System.err.println("Generating " + pairs + " synthetic pairs x " + days + " days of 5m candles in " + datadir);
      SyntheticData.write(spec, datadir, DataFormat.FEATHER);
    }
    String json;
    try (InputStream in = DemoCommand.class.getResourceAsStream("/config-demo.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    FreqtradeConfig cfg = FreqtradeConfig.parse(json, "config-demo.json (bundled)");
    cfg.setPairs(java.util.stream.IntStream.range(0, pairs).mapToObj(spec::pair).toList());
    Path out = results.resolve("demo.json");
    try {
      BacktestRunner.Outcome o = new BacktestRunner(StrategyRegistry.builtin(), Clock.systemUTC())
          .run(new BacktestRunner.Request(cfg, "EmaCrossover", Map.of(), datadir, out));
      System.out.println(TextReport.render(o.stats(), o.strategyName(), TextReport.Options.defaults()));
      Path html = results.resolve("demo.html");
      HtmlReport.write(html, o.stats(), o.strategyName());
      System.out.println("Result written to " + out + "\nReport written to " + html);
      return 0;
    } catch (ConfigException e) {
      System.err.println("agora demo: " + e.getMessage());
      return 2;
    }
  }
}

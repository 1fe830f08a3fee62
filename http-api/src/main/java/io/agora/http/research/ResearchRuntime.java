package io.agora.http.research;

import io.agora.core.backtest.Backtester;
import io.agora.core.backtesting.BacktestRunner;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.ensemble.EnsembleMetrics;
import io.agora.core.report.html.HtmlReport;
import io.agora.core.strategy.StrategyRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * One node's research machinery: the settings, the strategy registry, the blocking dispatchers (backtest jobs on
 * {@code agora.research.job-dispatcher}, whose pool size bounds the jobs running at once; ensemble chunks on
 * {@code agora.research.worker-dispatcher}) and where results are written.
 */
public final class ResearchRuntime implements Extension {
  private static final ExtensionId<ResearchRuntime> ID = new ExtensionId<>() {
    @Override
    public ResearchRuntime createExtension(ActorSystem<?> system) {
      return new ResearchRuntime(system);
    }
  };

  private final ResearchSettings settings;
  private final StrategyRegistry registry = StrategyRegistry.builtin();
  private final Executor jobs;
  private final Executor workers;

  private ResearchRuntime(ActorSystem<?> system) {
    this.settings = ResearchSettings.fromConfig(system.settings().config());
    this.jobs = system.dispatchers().lookup(DispatcherSelector.fromConfig("agora.research.job-dispatcher"));
    this.workers = system.dispatchers().lookup(DispatcherSelector.fromConfig("agora.research.worker-dispatcher"));
  }

  public static ResearchRuntime get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  private boolean workerStarted;

  /** True the first time: the node's worker is spawned once however often the API is initialised. */
  synchronized boolean markWorkerStarted() {
    if (workerStarted) return false;
    workerStarted = true;
    return true;
  }

  public ResearchSettings settings() {
    return settings;
  }

  public StrategyRegistry registry() {
    return registry;
  }

  public Executor workerExecutor() {
    return workers;
  }

  /** The folder of one job's files: {@code <results>/<tenant, made file-safe>/<id>}. */
  public Path jobDir(String tenant, String id) {
    String safe = tenant.replaceAll("[^A-Za-z0-9._-]", "_");
    return settings.results().resolve(safe + "-" + Integer.toHexString(tenant.hashCode())).resolve(id);
  }

  public Path resultFile(String tenant, String id) {
    return jobDir(tenant, id).resolve("result.json");
  }

  public Path reportFile(String tenant, String id) {
    return jobDir(tenant, id).resolve("report.html");
  }

  /**
   * Runs a backtest job on the job dispatcher: {@code BacktestRunner} on the market data, the result JSON (Freqtrade's
   * layout) and the HTML report written to the job's folder. {@code started} runs when a thread picks the job up.
   */
  public CompletionStage<ResearchJobs.Summary> runBacktest(String tenant, String id, ResearchJobs.BacktestSpec spec,
      Runnable started, Backtester.Progress progress) {
    return CompletableFuture.supplyAsync(() -> {
      started.run();
      FreqtradeConfig cfg = FreqtradeConfig.parse(spec.configJson(), "backtest job " + id);
      Path dir = jobDir(tenant, id);
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dir, e);
      }
      BacktestRunner.Outcome o = new BacktestRunner(registry, Clock.systemUTC()).progress(progress)
          .run(new BacktestRunner.Request(cfg, spec.strategy(), spec.params(), settings.marketData(), dir.resolve("result.json")));
      try {
        HtmlReport.write(dir.resolve("report.html"), o.stats(), o.strategyName());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the report in " + dir, e);
      }
      return ResearchJobs.Summary.of(EnsembleMetrics.of(o.result()));
    }, jobs);
  }
}

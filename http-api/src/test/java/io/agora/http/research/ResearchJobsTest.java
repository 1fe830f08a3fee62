package io.agora.http.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.agora.core.data.DataFormat;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The job registry: a job's status and results survive a restart; a job unfinished at recovery runs again. */
class ResearchJobsTest {
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  static final Path DIR = tempDir();
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseMap(Map.of(
          "agora.research.market-data-dir", DIR.resolve("market-data").toString(),
          "agora.research.results-dir", DIR.resolve("research").toString()))
      .withFallback(EventSourcedBehaviorTestKit.config()).withFallback(ConfigFactory.load()).resolve());
  static final String CONFIG = """
      {"stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000, "max_open_trades": 1, "fee": 0.001,
       "timeframe": "5m", "dataformat_ohlcv": "json", "exchange": {"pair_whitelist": ["SYN0/USDT"]}}""";

  static Path tempDir() {
    try {
      Path d = Files.createTempDirectory("agora-research-jobs");
      SyntheticData.write(SyntheticData.Spec.of(1, 10 * 288, Timeframe.parse("5m"), T, 3), d.resolve("market-data"),
          DataFormat.JSON);
      return d;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static ResearchJobs.JobView await(
      EventSourcedBehaviorTestKit<ResearchJobs.Command, ResearchJobs.Event, ResearchJobs.State> kit, String id) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      ResearchJobs.JobView v = kit.<ResearchJobs.Found>runCommand(r -> new ResearchJobs.Get(id, r)).reply().job();
      if (v.job().status().finished()) return v;
      assertTrue(System.nanoTime() < deadline, "job still " + v.job().status());
      Thread.onSpinWait();
    }
  }

  @Test
  void aFinishedJobSurvivesARestart() {
    var kit = EventSourcedBehaviorTestKit.<ResearchJobs.Command, ResearchJobs.Event, ResearchJobs.State>create(
        testKit.system(), ResearchJobs.create("acme"));
    ResearchJobs.Job job = ResearchJobs.Job.queued("bt-1", ResearchJobs.Kind.BACKTEST, "ann", T,
        new ResearchJobs.BacktestSpec("EmaCrossover", Map.of("fast", "5", "slow", "20"), CONFIG), null);
    var submitted = kit.<StatusReply<ResearchJobs.JobView>>runCommand(r -> new ResearchJobs.Submit(job, r));
    assertTrue(submitted.reply().isSuccess());
    assertEquals(new ResearchJobs.Submitted("acme", job), submitted.event());
    ResearchJobs.JobView done = await(kit, "bt-1");
    assertEquals(ResearchJobs.Status.SUCCEEDED, done.job().status(), String.valueOf(done.job().error()));
    assertTrue(done.job().summary().trades() > 0);
    assertTrue(Files.isRegularFile(ResearchRuntime.get(testKit.system()).reportFile("acme", "bt-1")));
    var again = kit.<StatusReply<ResearchJobs.JobView>>runCommand(r -> new ResearchJobs.Submit(job, r));
    assertTrue(again.reply().isError(), "an id is used once");
    kit.restart();
    ResearchJobs.JobView after = kit.<ResearchJobs.Found>runCommand(r -> new ResearchJobs.Get("bt-1", r)).reply().job();
    assertEquals(done.job(), after.job());
    assertEquals(1, kit.<ResearchJobs.JobList>runCommand(r -> new ResearchJobs.ListJobs(null, r)).reply().jobs().size());
  }

  @Test
  void aJobUnfinishedAtRecoveryRunsAgain() {
    var kit = EventSourcedBehaviorTestKit.<ResearchJobs.Command, ResearchJobs.Event, ResearchJobs.State>create(
        testKit.system(), ResearchJobs.create("crashed"));
    ResearchJobs.Job job = ResearchJobs.Job.queued("en-1", ResearchJobs.Kind.ENSEMBLE, "ann", T, null,
        new ResearchJobs.EnsembleSpec("EmaCrossover", List.of(Map.of("fast", "5", "slow", "20"),
            Map.of("fast", "6", "slow", "20")), 0, CONFIG, "sharpe", 20));
    testKit.spawn(EnsembleWorker.create(ResearchRuntime.get(testKit.system())), "worker");
    // the journal of a node that died while the ensemble ran
    kit.initialize(new ResearchJobs.Submitted("crashed", job), new ResearchJobs.Started("crashed", "en-1", T));
    ResearchJobs.JobView v = await(kit, "en-1");
    assertEquals(ResearchJobs.Status.SUCCEEDED, v.job().status(), String.valueOf(v.job().error()));
    assertEquals(2, v.job().results().size());
    assertNotNull(v.job().results().get(0).metrics());
  }
}

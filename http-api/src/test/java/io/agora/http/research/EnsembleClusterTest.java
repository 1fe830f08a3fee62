package io.agora.http.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.DataFormat;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.ensemble.EnsembleBacktest;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.persistence.DbSettings;
import io.agora.persistence.Migrations;
import io.agora.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ensemble on two nodes (two ActorSystems on loopback, both with the {@code worker} role, wired by
 * {@link Research#init} as a node wires them): submitted on A, its chunks run on both nodes' {@link EnsembleWorker}s,
 * its progress goes through intermediate values, and its ranking equals the same ensemble run on A alone; when B
 * leaves gracefully with chunks it has not answered, A runs them and the ranking is still complete and the same.
 *
 * <p><b>Journal.</b> {@link ResearchJobs} is sharded over the {@code worker} nodes, so both nodes use ONE journal:
 * the JDBC journal on a PostgreSQL database from {@link TestDatabases} (the local server, else an embedded one), as
 * the production nodes do. The persistence testkit's in-memory journal is per ActorSystem, and an entity handed over
 * to the other node would find its journal empty there. The tenant's registry (and so the coordinator, its child) is
 * started while A is the only node, so it lives on A; with one shard allocated there is nothing to rebalance when B
 * joins, and the leave test checks it is still on A, because B's leave must take B's worker away, not the
 * coordinator.
 *
 * <p><b>Determinism.</b> Each node's worker dispatcher has one thread and a chunk is one task
 * ({@code worker-parallelism = 1}), so a task the test puts on that thread and holds on a latch ({@link #hold})
 * holds every chunk the node receives after it, answered by nobody, until the test opens the latch. That is how B
 * keeps chunks in flight (and A's progress can be seen before the job ends) without depending on how fast
 * backtests run. What each worker did comes from {@link EnsembleWorker.GetStats}, not from logs.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EnsembleClusterTest {
  private static final Logger log = LoggerFactory.getLogger(EnsembleClusterTest.class);
  private static final Duration T = Duration.ofSeconds(30);
  private static final int CHUNK = 4;
  private static final String CONFIG = """
      {"stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000, "max_open_trades": 1, "fee": 0.001,
       "minimal_roi": {"0": 0.02}, "stoploss": -0.03, "timeframe": "5m", "timerange": "20240103-20240120",
       "dataformat_ohlcv": "json", "exchange": {"pair_whitelist": ["SYN0/USDT", "SYN1/USDT"]}}""";

  @TempDir static Path dir;
  private static DbSettings db;
  /** EmaCrossover, fast 3..14 × slow 20..48: 96 sets in 24 chunks, ordered by startup as the API orders them. */
  private static ResearchJobs.EnsembleSpec spec;

  private final List<ActorTestKit> nodes = new ArrayList<>();
  private final List<CountDownLatch> holds = new ArrayList<>();

  @BeforeAll
  static void data() {
    SyntheticData.write(SyntheticData.Spec.of(2, 20 * 288, Timeframe.parse("5m"), Instant.parse("2024-01-01T00:00:00Z"),
        5), dir.resolve("market-data"), DataFormat.JSON);
    db = TestDatabases.postgres().withPoolSize(2);
    Migrations.migrate(db);
    List<Map<String, String>> sets = new ArrayList<>();
    for (int slow = 20; slow <= 48; slow += 4) {
      for (int fast = 3; fast <= 14; fast++) sets.add(Map.of("fast", String.valueOf(fast), "slow", String.valueOf(slow)));
    }
    EnsembleBacktest.Plan plan = EnsembleBacktest.check(StrategyRegistry.builtin(), "EmaCrossover", sets,
        FreqtradeConfig.parse(CONFIG, "test"));
    assertEquals(sets, plan.valid());
    spec = new ResearchJobs.EnsembleSpec("EmaCrossover", sets, 0, CONFIG, "sharpe", plan.maxStartup());
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) TestDatabases.close(db);
  }

  @AfterEach
  void stop() {
    holds.forEach(CountDownLatch::countDown);
    for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).shutdownTestKit();
  }

  @Test
  void anEnsembleRunsOnBothNodesReportsProgressAndRanksAsOnOneNode() throws Exception {
    ActorTestKit a = startA();
    List<ResearchJobs.ResultRow> alone = run(a, "lab-1", "alone");
    ActorTestKit b = join(a);
    EnsembleWorker.Stats aBefore = stats(a);
    CountDownLatch bHeld = hold(b);

    submit(a, "lab-1", "both");
    // B holds its first chunks, so the job cannot end before A's chunks are seen as progress
    ResearchJobs.JobView midway = awaitJob(a, "lab-1", "both", v -> v.done() > 0);
    assertEquals(ResearchJobs.Status.RUNNING, midway.job().status());
    assertEquals(spec.sets().size(), midway.total());
    assertTrue(midway.done() < midway.total(), "progress " + midway.done() + "/" + midway.total());
    bHeld.countDown();
    ResearchJobs.JobView done = awaitFinished(a, "lab-1", "both");

    assertEquals(alone, done.job().results(), "the same rows in the same order as on one node");
    EnsembleWorker.Stats onA = minus(stats(a), aBefore);
    EnsembleWorker.Stats onB = stats(b);
    log.info("both nodes: A {}, B {}; progress seen {}/{}", onA, onB, midway.done(), midway.total());
    assertTrue(onA.chunksDone() > 0 && onB.chunksDone() > 0, "both ran chunks: A " + onA + ", B " + onB);
    assertEquals(spec.sets().size(), onA.setsDone() + onB.setsDone(), "each set ran once: A " + onA + ", B " + onB);
    assertEquals(chunks(), onA.chunksReceived() + onB.chunksReceived(), "no chunk was given twice");
  }

  @Test
  void whenBLeavesWithChunksInFlightARunsThem() throws Exception {
    ActorTestKit a = startA();
    List<ResearchJobs.ResultRow> alone = run(a, "lab-2", "alone");
    ActorTestKit b = join(a);
    EnsembleWorker.Stats aBefore = stats(a);
    // A holds its chunks while B works, so the job is still running when B is stopped
    CountDownLatch aHeld = hold(a);

    submit(a, "lab-2", "leave");
    awaitStats(b, s -> s.chunksDone() > 0);
    hold(b);
    // B answers nothing more: what it has answered is final, what it has received beyond that is in flight
    EnsembleWorker.Stats onB = awaitStats(b, s -> s.chunksReceived() > s.chunksDone());
    assertEquals(ResearchJobs.Status.RUNNING, view(a, "lab-2", "leave").job().status());
    assertTrue(hostedOn(a, "lab-2"), "the registry and its coordinator live on A");

    aHeld.countDown();
    Address addrB = Cluster.get(b.system()).selfMember().address();
    Cluster.get(b.system()).manager().tell(Leave.create(addrB));
    ResearchJobs.JobView done = awaitFinished(a, "lab-2", "leave");
    b.system().getWhenTerminated().toCompletableFuture().get(T.toSeconds(), TimeUnit.SECONDS);

    assertEquals(alone, done.job().results(), "every row once, in the order of the run on one node");
    EnsembleWorker.Stats onA = minus(stats(a), aBefore);
    log.info("B left: A {}, B before it left {}", onA, onB);
    assertEquals(spec.sets().size() - onB.setsDone(), onA.setsDone(),
        "A ran every set B did not answer, its chunks in flight included, once: A " + onA + ", B " + onB);
  }

  // ---- the nodes ----

  private ActorTestKit node() {
    Config cfg = ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.roles = [worker]
            pekko.cluster.sharding.role = worker
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            agora.research {
              chunk-size = %d
              worker-parallelism = 1
              worker-dispatcher.thread-pool-executor.fixed-pool-size = 1
            }
            """.formatted(CHUNK))
        .withFallback(ConfigFactory.parseMap(Map.of(
            "agora.research.market-data-dir", dir.resolve("market-data").toString(),
            "agora.research.results-dir", dir.resolve("research").toString())))
        .withFallback(db.toConfig())
        .withFallback(ConfigFactory.load())
        .resolve();
    ActorTestKit kit = ActorTestKit.create("EnsembleClusterTest", cfg);
    nodes.add(kit);
    return kit;
  }

  private ActorTestKit startA() {
    ActorTestKit a = node();
    Cluster.get(a.system()).manager().tell(Join.create(Cluster.get(a.system()).selfMember().address()));
    awaitUp(a, 1);
    Research.init(a.system());
    return a;
  }

  /** B joins A; returns once A's Receptionist lists both workers, so a coordinator started now uses both. */
  private ActorTestKit join(ActorTestKit a) {
    ActorTestKit b = node();
    Cluster.get(b.system()).manager().tell(Join.create(Cluster.get(a.system()).selfMember().address()));
    awaitUp(a, 2);
    awaitUp(b, 2);
    Research.init(b.system());
    TestProbe<Receptionist.Listing> probe = a.createTestProbe();
    probe.awaitAssert(T, () -> {
      a.system().receptionist().tell(Receptionist.find(EnsembleWorker.KEY, probe.ref()));
      assertEquals(2, probe.receiveMessage().getServiceInstances(EnsembleWorker.KEY).size());
      return null;
    });
    return b;
  }

  private static void awaitUp(ActorTestKit kit, int members) {
    kit.createTestProbe().awaitAssert(T, () -> {
      Cluster cluster = Cluster.get(kit.system());
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      assertEquals(members, StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up()).count());
      return null;
    });
  }

  /**
   * Occupies the node's only worker thread until the returned latch is opened: chunks the node receives from now on
   * wait behind it; returns once the thread is taken, so the chunks before it have been answered.
   */
  private CountDownLatch hold(ActorTestKit kit) throws InterruptedException {
    CountDownLatch taken = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    holds.add(release);
    ResearchRuntime.get(kit.system()).workerExecutor().execute(() -> {
      taken.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertTrue(taken.await(T.toSeconds(), TimeUnit.SECONDS), "the worker thread was not free");
    return release;
  }

  // ---- the workers ----

  /**
   * This node's own worker: the one the Receptionist lists with this node's address (with its full address once the
   * entry has come back through the replicated registry, else with the local one).
   */
  private static ActorRef<EnsembleWorker.Command> worker(ActorTestKit kit) {
    Address self = Cluster.get(kit.system()).selfMember().address();
    TestProbe<Receptionist.Listing> probe = kit.createTestProbe();
    // asked again until listed: under load (the whole suite on 2 cores) a listing taken while the replicated registry
    // catches up with a join has missed this node's own entry
    return probe.awaitAssert(T, Duration.ofMillis(20), () -> {
      kit.system().receptionist().tell(Receptionist.find(EnsembleWorker.KEY, probe.ref()));
      return probe.receiveMessage(T).getServiceInstances(EnsembleWorker.KEY).stream()
          .filter(r -> r.path().address().hasLocalScope() || r.path().address().equals(self)).findFirst()
          .orElseThrow(() -> new AssertionError("this node's worker is not listed yet"));
    });
  }

  private static EnsembleWorker.Stats stats(ActorTestKit kit) {
    TestProbe<EnsembleWorker.Stats> probe = kit.createTestProbe();
    worker(kit).tell(new EnsembleWorker.GetStats(probe.ref()));
    return probe.receiveMessage(T);
  }

  private static EnsembleWorker.Stats awaitStats(ActorTestKit kit, Predicate<EnsembleWorker.Stats> until) {
    return kit.createTestProbe().awaitAssert(T, Duration.ofMillis(10), () -> {
      EnsembleWorker.Stats s = stats(kit);
      assertTrue(until.test(s), s.toString());
      return s;
    });
  }

  private static EnsembleWorker.Stats minus(EnsembleWorker.Stats s, EnsembleWorker.Stats before) {
    return new EnsembleWorker.Stats(s.chunksReceived() - before.chunksReceived(),
        s.chunksDone() - before.chunksDone(), s.setsDone() - before.setsDone());
  }

  private static long chunks() {
    return (spec.sets().size() + CHUNK - 1) / CHUNK;
  }

  // ---- the jobs ----

  private static void submit(ActorTestKit kit, String tenant, String id) {
    TestProbe<StatusReply<ResearchJobs.JobView>> probe = kit.createTestProbe();
    ResearchJobs.Job job = ResearchJobs.Job.queued(id, ResearchJobs.Kind.ENSEMBLE, "ann", Instant.now(), null, spec);
    ClusterSharding.get(kit.system()).entityRefFor(ResearchJobs.ENTITY_KEY, tenant)
        .tell(new ResearchJobs.Submit(job, probe.ref()));
    StatusReply<ResearchJobs.JobView> reply = probe.receiveMessage(T);
    assertTrue(reply.isSuccess(), () -> String.valueOf(reply.getError()));
  }

  /** Runs the ensemble to its end; its ranked rows. */
  private static List<ResearchJobs.ResultRow> run(ActorTestKit kit, String tenant, String id) {
    submit(kit, tenant, id);
    List<ResearchJobs.ResultRow> rows = awaitFinished(kit, tenant, id).job().results();
    assertEquals(spec.sets().size(), rows.size());
    Set<Map<String, String>> params = new HashSet<>();
    for (ResearchJobs.ResultRow r : rows) {
      assertNotNull(r.metrics(), r.toString());
      params.add(r.params());
    }
    assertEquals(Set.copyOf(spec.sets()), params, "every set once");
    return rows;
  }

  private static ResearchJobs.JobView view(ActorTestKit kit, String tenant, String id) {
    TestProbe<ResearchJobs.Found> probe = kit.createTestProbe();
    ClusterSharding.get(kit.system()).entityRefFor(ResearchJobs.ENTITY_KEY, tenant)
        .tell(new ResearchJobs.Get(id, probe.ref()));
    return probe.receiveMessage(T).job();
  }

  private static ResearchJobs.JobView awaitJob(ActorTestKit kit, String tenant, String id,
      Predicate<ResearchJobs.JobView> until) {
    return kit.createTestProbe().awaitAssert(T, Duration.ofMillis(10), () -> {
      ResearchJobs.JobView v = view(kit, tenant, id);
      assertTrue(until.test(v), v.job().status() + " " + v.done() + "/" + v.total());
      return v;
    });
  }

  private static ResearchJobs.JobView awaitFinished(ActorTestKit kit, String tenant, String id) {
    ResearchJobs.JobView v = awaitJob(kit, tenant, id, j -> j.job().status().finished());
    assertEquals(ResearchJobs.Status.SUCCEEDED, v.job().status(), v.job().error());
    return v;
  }

  private static boolean hostedOn(ActorTestKit kit, String tenant) {
    TestProbe<ShardRegion.CurrentShardRegionState> probe = kit.createTestProbe();
    ClusterSharding.get(kit.system()).shardState()
        .tell(new GetShardRegionState(ResearchJobs.ENTITY_KEY, probe.ref()));
    return probe.receiveMessage(T).getShards().stream().anyMatch(s -> s.getEntityIds().contains(tenant));
  }
}

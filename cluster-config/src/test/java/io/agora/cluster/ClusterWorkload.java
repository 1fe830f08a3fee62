package io.agora.cluster;

import io.agora.agents.AccountId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * What {@link ThreeNodeClusterTest} runs while a node dies: a paper-trading ensemble driven from one surviving node.
 * The test knows only this interface: {@link EnsembleWorkload} runs the whole agent flow (strategies → desk →
 * meta-decision → capital → risk → execution → fills), {@link DirectPaperWorkload} asks the capital and execution
 * agents step by step; the kill and the checks are the same for both.
 *
 * <p>Contract: every step is idempotent (deterministic client order ids, fill ids), because a step whose entity sat
 * on the killed node times out and is sent again until its shard lives on a survivor; each account calls
 * {@link MidRun#arriveAndAwait} once, part-way through, and goes on when the test lets it (and kills the node).
 */
interface ClusterWorkload {

  /**
   * Every entity the run addresses, per entity type: the test looks up which node hosts each, and expects no
   * journal of another entity. The run must address each of them again after the kill (at the latest when it
   * reads them at the end), or one left on the killed node would never start again.
   */
  Map<EntityTypeKey<?>, List<String>> entities();

  /** Runs the ensemble, driving it from {@code driver}; completes with what the checks need. */
  CompletableFuture<Report> run(ActorSystem<?> driver, MidRun midRun);

  /** Steps sent so far (successful asks), for the test to kill the node while the run is busy. */
  long stepsDone();

  /**
   * What one account started with and what it did, for the journal and money checks. {@code deskEntityId}: the
   * account's {@code TradingDesk}, null when the workload has none; {@code rounds}: what the workload counts as
   * done (round trips, settled intents), for the log.
   */
  record AccountReport(
      AccountId account,
      String executionEntityId,
      String deskEntityId,
      String referenceCurrency,
      Map<String, BigDecimal> deposits,
      Map<String, BigDecimal> finalPrices,
      List<String> clientOrderIds,
      int rounds,
      int retries,
      Duration longestStep) {}

  record Report(List<AccountReport> accounts) {}

  /** The point part-way through the run where every account waits until the test releases it. */
  final class MidRun {
    private final CountDownLatch arrived;
    private final CountDownLatch released = new CountDownLatch(1);

    MidRun(int parties) {
      this.arrived = new CountDownLatch(parties);
    }

    /** Called once by each account; blocks until {@link #release}. */
    void arriveAndAwait(Duration max) throws InterruptedException {
      arrived.countDown();
      if (!released.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the test did not release the run within " + max);
      }
    }

    boolean awaitArrivals(Duration max) throws InterruptedException {
      return arrived.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
      released.countDown();
    }
  }
}

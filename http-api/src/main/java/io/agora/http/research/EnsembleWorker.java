package io.agora.http.research;

import io.agora.core.config.FreqtradeConfig;
import io.agora.core.ensemble.EnsembleBacktest;
import io.agora.core.ensemble.EnsembleMetrics;
import io.agora.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * One per node that hosts the sharded entities (the {@code worker} role): registered with the Receptionist under
 * {@link #KEY}, it backtests chunks of ensembles for whichever {@link EnsembleCoordinator} asks, and counts them
 * ({@link GetStats}). The candles of an ensemble are loaded once per node (the latest few ensembles are kept); a chunk
 * is split over {@code agora.research.worker-parallelism} tasks on the worker dispatcher, so the actor itself never
 * blocks.
 */
public final class EnsembleWorker {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "agora-ensemble-worker");
  private static final int ENSEMBLES_KEPT = 2;

  private EnsembleWorker() {}

  public sealed interface Command extends CborSerializable {}

  /**
   * Backtest {@code sets} (indices {@code from..} of ensemble {@code key}); the candles are loaded with the
   * ensemble's {@code maxStartup} and {@code sets.get(0)} as the probe (the same on every node).
   */
  public record RunChunk(String key, String strategy, String configJson, int maxStartup, Map<String, String> probe,
      int from, List<Map<String, String>> sets, ActorRef<ChunkDone> replyTo) implements Command {}

  /** A chunk's rows, or {@code error} when the chunk as a whole failed (data could not be loaded...). */
  public record ChunkDone(String key, int from, List<Row> rows, String error) implements CborSerializable {}

  /** One parameter set: index in the ensemble, metrics or the error it failed with. */
  public record Row(int index, ResearchJobs.Summary metrics, String error) implements CborSerializable {}

  /** What this worker has done since it started ({@link Stats}). */
  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  /** Chunks received, chunks answered with their rows, and the parameter sets in those. */
  public record Stats(long chunksReceived, long chunksDone, long setsDone) implements CborSerializable {}

  /** Spawns this node's worker when it hosts the sharded entities. */
  public static void startOn(ActorSystem<?> system) {
    String role = system.settings().config().getString("pekko.cluster.sharding.role");
    if (!role.isEmpty() && !Cluster.get(system).selfMember().hasRole(role)) return;
    system.systemActorOf(Behaviors.supervise(create(ResearchRuntime.get(system))).onFailure(SupervisorStrategy.restart()),
        "ensemble-worker", org.apache.pekko.actor.typed.Props.empty());
  }

  static Behavior<Command> create(ResearchRuntime runtime) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      Map<String, CompletableFuture<EnsembleBacktest>> loaded = new LinkedHashMap<>(4, 0.75f, true);
      Executor exec = runtime.workerExecutor();
      int parallelism = runtime.settings().workerParallelism();
      // atomic: chunks are answered on the worker dispatcher's threads, not the actor's
      AtomicLong received = new AtomicLong();
      AtomicLong chunksDone = new AtomicLong();
      AtomicLong setsDone = new AtomicLong();
      return Behaviors.receive(Command.class)
          .onMessage(RunChunk.class, c -> {
            received.incrementAndGet();
            CompletableFuture<EnsembleBacktest> data = loaded.get(c.key());
            if (data == null || data.isCompletedExceptionally()) {
              data = CompletableFuture.supplyAsync(() -> {
                FreqtradeConfig cfg = FreqtradeConfig.parse(c.configJson(), "ensemble " + c.key());
                return EnsembleBacktest.load(runtime.registry(), c.strategy(), cfg,
                    runtime.settings().marketData(), c.probe(), c.maxStartup());
              }, exec);
              loaded.put(c.key(), data);
              while (loaded.size() > ENSEMBLES_KEPT) loaded.remove(loaded.keySet().iterator().next());
            }
            run(data, c, exec, parallelism).whenComplete((rows, err) -> {
              if (err == null) {
                // counted before the answer, so a coordinator's finished job is in the figures
                chunksDone.incrementAndGet();
                setsDone.addAndGet(rows.size());
              }
              c.replyTo().tell(err == null
                  ? new ChunkDone(c.key(), c.from(), rows, null)
                  : new ChunkDone(c.key(), c.from(), List.of(), ResearchJobs.message(err)));
            });
            return Behaviors.same();
          })
          .onMessage(GetStats.class, g -> {
            g.replyTo().tell(new Stats(received.get(), chunksDone.get(), setsDone.get()));
            return Behaviors.same();
          })
          .build();
    });
  }

  private static CompletableFuture<List<Row>> run(CompletableFuture<EnsembleBacktest> data, RunChunk c, Executor exec,
      int parallelism) {
    int n = c.sets().size();
    int parts = Math.max(1, Math.min(parallelism, n));
    List<CompletableFuture<List<Row>>> tasks = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int a = (int) ((long) n * p / parts);
      int b = (int) ((long) n * (p + 1) / parts);
      tasks.add(data.thenApplyAsync(eb -> {
        EnsembleBacktest.Runner r = eb.runner();
        List<Row> out = new ArrayList<>(b - a);
        for (int i = a; i < b; i++) {
          EnsembleBacktest.Row row = EnsembleBacktest.runOne(r, c.from() + i, c.sets().get(i));
          EnsembleMetrics m = row.metrics();
          out.add(new Row(row.index(), m == null ? null : ResearchJobs.Summary.of(m), row.error()));
        }
        return out;
      }, exec));
    }
    return CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).thenApply(x -> {
      List<Row> all = new ArrayList<>(n);
      for (CompletableFuture<List<Row>> t : tasks) all.addAll(t.join());
      return all;
    });
  }
}

package io.agora.http.research;

import io.agora.core.ensemble.EnsembleMetrics;
import io.agora.core.ensemble.Objective;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * Drives one ensemble (a child of its tenant's {@link ResearchJobs}): cuts the parameter sets into chunks and hands
 * them to every {@link EnsembleWorker} the Receptionist lists (each gets {@code chunks-in-flight-per-worker} at a
 * time, so faster nodes take more), reports progress after each chunk, gives a chunk to another worker when its
 * worker leaves, fails or times out (at most {@code chunk-attempts} tries), and finally ranks the rows by the
 * objective and completes the job. While no worker is listed the chunks wait.
 */
final class EnsembleCoordinator {
  private EnsembleCoordinator() {}

  private sealed interface Msg {}

  private record Workers(Set<ActorRef<EnsembleWorker.Command>> refs) implements Msg {}

  private record Answered(Chunk chunk, ActorRef<EnsembleWorker.Command> worker, EnsembleWorker.ChunkDone done,
      Throwable failure) implements Msg {}

  private record Chunk(int from, int to) {}

  static Behavior<Void> create(String key, String jobId, ResearchJobs.EnsembleSpec spec,
      ActorRef<ResearchJobs.Command> registry, ResearchSettings settings) {
    return Behaviors.<Msg>setup(ctx -> {
      ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class,
          l -> new Workers(l.getServiceInstances(EnsembleWorker.KEY)));
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(EnsembleWorker.KEY, adapter));
      return new Run(ctx, key, jobId, spec, registry, settings).behavior();
    }).unsafeCast();
  }

  private static final class Run {
    private final ActorContext<Msg> ctx;
    private final String key;
    private final String jobId;
    private final ResearchJobs.EnsembleSpec spec;
    private final ActorRef<ResearchJobs.Command> registry;
    private final ResearchSettings settings;
    private final Deque<Chunk> pending = new ArrayDeque<>();
    private final Map<Chunk, ActorRef<EnsembleWorker.Command>> inFlight = new HashMap<>();
    private final Map<Chunk, Integer> attempts = new HashMap<>();
    private final Set<ActorRef<EnsembleWorker.Command>> workers = new HashSet<>();
    private final EnsembleWorker.Row[] rows;
    private int done;
    private boolean started;

    Run(ActorContext<Msg> ctx, String key, String jobId, ResearchJobs.EnsembleSpec spec,
        ActorRef<ResearchJobs.Command> registry, ResearchSettings settings) {
      this.ctx = ctx;
      this.key = key;
      this.jobId = jobId;
      this.spec = spec;
      this.registry = registry;
      this.settings = settings;
      int n = spec.sets().size();
      this.rows = new EnsembleWorker.Row[n];
      for (int a = 0; a < n; a += settings.chunkSize()) pending.add(new Chunk(a, Math.min(n, a + settings.chunkSize())));
    }

    Behavior<Msg> behavior() {
      if (pending.isEmpty()) return finish();
      return Behaviors.receive(Msg.class)
          .onMessage(Workers.class, this::onWorkers)
          .onMessage(Answered.class, this::onAnswered)
          .build();
    }

    private Behavior<Msg> onWorkers(Workers w) {
      workers.clear();
      workers.addAll(w.refs());
      List<Chunk> lost = new ArrayList<>();
      inFlight.forEach((c, ref) -> {
        if (!workers.contains(ref)) lost.add(c);
      });
      for (Chunk c : lost) {
        inFlight.remove(c);
        pending.addFirst(c);
      }
      dispatch();
      return Behaviors.same();
    }

    private Behavior<Msg> onAnswered(Answered a) {
      if (inFlight.get(a.chunk()) != a.worker()) return Behaviors.same(); // given to another worker meanwhile
      inFlight.remove(a.chunk());
      String error = a.failure() != null ? ResearchJobs.message(a.failure()) : a.done().error();
      if (error != null) {
        int tried = attempts.merge(a.chunk(), 1, Integer::sum);
        ctx.getLog().warn("ensemble {}: chunk {}..{} failed on {} (attempt {}): {}", key, a.chunk().from(),
            a.chunk().to(), a.worker().path().address(), tried, error);
        if (tried >= settings.chunkAttempts()) {
          registry.tell(new ResearchJobs.Fail(jobId, "parameter sets " + a.chunk().from() + ".." + (a.chunk().to() - 1)
              + " failed " + tried + " times: " + error));
          return Behaviors.stopped();
        }
        pending.addLast(a.chunk());
      } else {
        for (EnsembleWorker.Row r : a.done().rows()) {
          if (rows[r.index()] == null) done++;
          rows[r.index()] = r;
        }
        registry.tell(new ResearchJobs.ReportProgress(jobId, done, rows.length));
        if (done == rows.length) return finish();
      }
      dispatch();
      return Behaviors.same();
    }

    private void dispatch() {
      int perWorker = settings.chunksInFlightPerWorker();
      for (ActorRef<EnsembleWorker.Command> w : workers) {
        long busy = inFlight.values().stream().filter(w::equals).count();
        while (busy < perWorker && !pending.isEmpty()) {
          Chunk c = pending.pollFirst();
          send(c, w);
          busy++;
        }
      }
      if (!started && !inFlight.isEmpty()) {
        started = true;
        registry.tell(new ResearchJobs.MarkStarted(jobId));
      }
    }

    private void send(Chunk c, ActorRef<EnsembleWorker.Command> w) {
      inFlight.put(c, w);
      List<java.util.Map<String, String>> sets = spec.sets().subList(c.from(), c.to());
      ctx.ask(EnsembleWorker.ChunkDone.class, w, settings.chunkTimeout(),
          replyTo -> new EnsembleWorker.RunChunk(key, spec.strategy(), spec.configJson(), spec.maxStartup(),
              spec.sets().get(0), c.from(), List.copyOf(sets), replyTo),
          (res, err) -> new Answered(c, w, res, err));
    }

    private Behavior<Msg> finish() {
      registry.tell(new ResearchJobs.Complete(jobId, null, rank(spec, List.of(rows))));
      return Behaviors.stopped();
    }
  }

  /** The rows best first by the spec's objective (failed ones last), with their parameters. */
  static List<ResearchJobs.ResultRow> rank(ResearchJobs.EnsembleSpec spec, List<EnsembleWorker.Row> rows) {
    Objective objective = Objective.parse(spec.objective());
    List<EnsembleWorker.Row> sorted = new ArrayList<>(rows);
    double[] score = new double[rows.size()];
    for (EnsembleWorker.Row r : rows) score[r.index()] = r.metrics() == null ? Double.NaN : objective.score(metrics(r.metrics()));
    sorted.sort((a, b) -> {
      double x = score[a.index()], y = score[b.index()];
      boolean xn = Double.isNaN(x), yn = Double.isNaN(y);
      if (xn != yn) return xn ? 1 : -1;
      int c = xn ? 0 : Double.compare(y, x);
      return c != 0 ? c : Integer.compare(a.index(), b.index());
    });
    List<ResearchJobs.ResultRow> out = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      EnsembleWorker.Row r = sorted.get(i);
      out.add(new ResearchJobs.ResultRow(i + 1, spec.sets().get(r.index()), r.metrics(), score[r.index()], r.error()));
    }
    return out;
  }

  static EnsembleMetrics metrics(ResearchJobs.Summary s) {
    return new EnsembleMetrics(s.trades(), s.profitAbs(), s.profitTotal(), s.sharpe(), s.sortino(), s.calmar(),
        s.maxDrawdownAccount(), s.finalBalance());
  }
}

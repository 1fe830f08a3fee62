package io.agora.http.research;

import io.agora.core.ensemble.EnsembleMetrics;
import io.agora.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The research job registry of one tenant (entity id = the tenant): backtest jobs, ensembles (backtest mode) and
 * paper ensembles with their status and results. Status changes and results are events, so they survive restarts;
 * a job found unfinished on recovery is run again from the start (backtests are deterministic). Progress is kept in
 * memory only.
 *
 * <p>A backtest job runs on the node's job dispatcher ({@link ResearchRuntime#runBacktest}); an ensemble is driven by
 * a child {@link EnsembleCoordinator} that spreads its chunks over every {@link EnsembleWorker}. Paper ensembles are
 * set up by the API (they are agents) and only recorded here. Passivation is off: a tenant's registry stays up while
 * its jobs run.
 */
public final class ResearchJobs
    extends EventSourcedBehaviorWithEnforcedReplies<ResearchJobs.Command, ResearchJobs.Event, ResearchJobs.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "ResearchJobs");

  public enum Kind { BACKTEST, ENSEMBLE, PAPER }

  public enum Status { QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean finished() {
      return this == SUCCEEDED || this == FAILED;
    }
  }

  // ---- what a job is ----

  /** One backtest; {@code configJson} is the whole Freqtrade configuration (whitelist, timeframe, timerange set). */
  public record BacktestSpec(String strategy, Map<String, String> params, String configJson) implements CborSerializable {
    public BacktestSpec {
      params = Map.copyOf(params);
    }
  }

  /**
   * An ensemble in backtest mode: {@code sets} (ordered by startup, so that neighbours share candles), ranked by
   * {@code objective}; {@code refused} grid combinations the strategy itself refused were left out.
   */
  public record EnsembleSpec(String strategy, List<Map<String, String>> sets, int refused, String configJson,
      String objective, int maxStartup) implements CborSerializable {
    public EnsembleSpec {
      sets = List.copyOf(sets);
    }
  }

  /** A paper ensemble: strategy agents (ids) under the account's meta-decision agent and desk. */
  public record PaperSpec(String strategy, String account, List<String> pairs, List<Map<String, String>> sets,
      List<String> agents, String promotedFrom) implements CborSerializable {
    public PaperSpec {
      pairs = List.copyOf(pairs);
      sets = List.copyOf(sets);
      agents = List.copyOf(agents);
    }
  }

  /** The ranking figures of one backtest (see {@link EnsembleMetrics}). */
  public record Summary(int trades, double profitAbs, double profitTotal, double sharpe, double sortino, double calmar,
      double maxDrawdownAccount, double finalBalance) implements CborSerializable {
    public static Summary of(EnsembleMetrics m) {
      return new Summary(m.trades(), m.profitAbs(), m.profitTotal(), m.sharpe(), m.sortino(), m.calmar(),
          m.maxDrawdownAccount(), m.finalBalance());
    }
  }

  /** One parameter set of a finished ensemble, best first; {@code error} set (and {@code metrics} null) when it failed. */
  public record ResultRow(int rank, Map<String, String> params, Summary metrics, double score, String error)
      implements CborSerializable {}

  public record Job(String id, Kind kind, Status status, String submittedBy, Instant submittedAt, Instant startedAt,
      Instant finishedAt, String error, BacktestSpec backtest, EnsembleSpec ensemble, PaperSpec paper, Summary summary,
      List<ResultRow> results) implements CborSerializable {

    public static Job queued(String id, Kind kind, String by, Instant at, BacktestSpec b, EnsembleSpec e) {
      return new Job(id, kind, Status.QUEUED, by, at, null, null, null, b, e, null, null, List.of());
    }

    Job started(Instant at) {
      return new Job(id, kind, Status.RUNNING, submittedBy, submittedAt, at, null, null, backtest, ensemble, paper,
          null, List.of());
    }

    Job succeeded(Instant at, Summary s, List<ResultRow> rs) {
      return new Job(id, kind, Status.SUCCEEDED, submittedBy, submittedAt, startedAt == null ? at : startedAt, at,
          null, backtest, ensemble, paper, s, rs == null ? List.of() : List.copyOf(rs));
    }

    Job failed(Instant at, String reason) {
      return new Job(id, kind, Status.FAILED, submittedBy, submittedAt, startedAt, at, reason, backtest, ensemble,
          paper, null, List.of());
    }

    /** How many units of work: parameter sets of an ensemble, agents of a paper ensemble, 1 for a backtest. */
    public long size() {
      if (ensemble != null) return ensemble.sets().size();
      if (paper != null) return paper.agents().size();
      return 1;
    }
  }

  // ---- protocol ----

  public sealed interface Command extends CborSerializable {}

  /** Records a new job: a queued one is started at once, a finished one (a paper ensemble) only recorded. */
  public record Submit(Job job, ActorRef<StatusReply<JobView>> replyTo) implements Command {}

  public record Get(String id, ActorRef<Found> replyTo) implements Command {}

  public record ListJobs(Kind kind, ActorRef<JobList> replyTo) implements Command {}

  /** From the execution: a thread (or the first worker) took the job. */
  public record MarkStarted(String id) implements Command {}

  /** From the execution: {@code done} of {@code total}. */
  public record ReportProgress(String id, long done, long total) implements Command {}

  public record Complete(String id, Summary summary, List<ResultRow> results) implements Command {}

  public record Fail(String id, String reason) implements Command {}

  /** {@code done}/{@code total}: progress (the total for a finished job). */
  public record JobView(Job job, long done, long total) implements CborSerializable {}

  /** {@code job} is null when the tenant has no such job. */
  public record Found(JobView job) implements CborSerializable {}

  public record JobList(List<JobView> jobs) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {
    String tenant();
  }

  public record Submitted(String tenant, Job job) implements Event {}

  public record Started(String tenant, String id, Instant at) implements Event {}

  public record Succeeded(String tenant, String id, Instant at, Summary summary, List<ResultRow> results)
      implements Event {}

  public record Failed(String tenant, String id, Instant at, String reason) implements Event {}

  public record State(Map<String, Job> jobs) implements CborSerializable {
    public State {
      jobs = Map.copyOf(jobs);
    }

    State with(Job j) {
      Map<String, Job> m = new TreeMap<>(jobs);
      m.put(j.id(), j);
      return new State(m);
    }
  }

  // ---- wiring ----

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId()))
        .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
  }

  public static Behavior<Command> create(String tenant) {
    return Behaviors.setup(ctx -> new ResearchJobs(ctx, tenant, ResearchRuntime.get(ctx.getSystem())));
  }

  private final ActorContext<Command> ctx;
  private final String tenant;
  private final ResearchRuntime runtime;
  /** Progress of the jobs running here: id → {done, total}. */
  private final Map<String, long[]> progress = new HashMap<>();

  private ResearchJobs(ActorContext<Command> ctx, String tenant, ResearchRuntime runtime) {
    super(PersistenceId.of(ENTITY_KEY.name(), tenant),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.ctx = ctx;
    this.tenant = tenant;
    this.runtime = runtime;
  }

  @Override
  public State emptyState() {
    return new State(Map.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), s -> {
          for (Job j : s.jobs().values()) {
            if (!j.status().finished() && j.kind() != Kind.PAPER) {
              ctx.getLog().info("research job {}|{} was {} when its registry stopped: running it again", tenant,
                  j.id(), j.status());
              execute(j);
            }
          }
        })
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(Get.class, (s, c) -> {
          Job j = s.jobs().get(c.id());
          return Effect().reply(c.replyTo(), new Found(j == null ? null : view(j)));
        })
        .onCommand(ListJobs.class, (s, c) -> {
          List<JobView> out = new ArrayList<>();
          for (Job j : s.jobs().values()) {
            if (c.kind() != null && j.kind() != c.kind()) continue;
            JobView v = view(j);
            out.add(new JobView(summaryOnly(j), v.done(), v.total()));
          }
          return Effect().reply(c.replyTo(), new JobList(List.copyOf(out)));
        })
        .onCommand(MarkStarted.class, (s, c) -> {
          Job j = s.jobs().get(c.id());
          if (j == null || j.status() != Status.QUEUED) return Effect().noReply();
          return Effect().persist(new Started(tenant, c.id(), Instant.now())).thenNoReply();
        })
        .onCommand(ReportProgress.class, (s, c) -> {
          Job j = s.jobs().get(c.id());
          if (j != null && !j.status().finished()) progress.put(c.id(), new long[] {c.done(), c.total()});
          return Effect().noReply();
        })
        .onCommand(Complete.class, (s, c) -> {
          Job j = s.jobs().get(c.id());
          if (j == null || j.status().finished()) return Effect().noReply();
          progress.remove(c.id());
          return Effect().persist(new Succeeded(tenant, c.id(), Instant.now(), c.summary(), c.results()))
              .thenNoReply();
        })
        .onCommand(Fail.class, (s, c) -> {
          Job j = s.jobs().get(c.id());
          if (j == null || j.status().finished()) return Effect().noReply();
          progress.remove(c.id());
          ctx.getLog().warn("research job {}|{} failed: {}", tenant, c.id(), c.reason());
          return Effect().persist(new Failed(tenant, c.id(), Instant.now(), c.reason())).thenNoReply();
        })
        .build();
  }

  private ReplyEffect<Event, State> onSubmit(State s, Submit c) {
    Job j = c.job();
    if (j == null || j.id() == null || j.kind() == null) {
      return Effect().reply(c.replyTo(), StatusReply.error("job, id and kind are required"));
    }
    if (s.jobs().containsKey(j.id())) {
      return Effect().reply(c.replyTo(), StatusReply.error("job " + j.id() + " already exists"));
    }
    return Effect().persist(new Submitted(tenant, j))
        .thenRun(ns -> {
          if (!j.status().finished()) execute(j);
        })
        .thenReply(c.replyTo(), ns -> StatusReply.success(view(ns.jobs().get(j.id()))));
  }

  private void execute(Job j) {
    ActorRef<Command> self = ctx.getSelf();
    progress.put(j.id(), new long[] {0, j.size()});
    switch (j.kind()) {
      case BACKTEST -> ctx.pipeToSelf(runtime.runBacktest(tenant, j.id(), j.backtest(),
              () -> self.tell(new MarkStarted(j.id())),
              (done, total) -> self.tell(new ReportProgress(j.id(), done, total))),
          (summary, err) -> err == null ? new Complete(j.id(), summary, List.of())
              : new Fail(j.id(), message(err)));
      case ENSEMBLE -> {
        String name = "ensemble-" + j.id();
        ctx.getChild(name).ifPresent(ctx::stop);
        ctx.spawn(EnsembleCoordinator.create(tenant + "|" + j.id(), j.id(), j.ensemble(), self, runtime.settings()),
            name);
      }
      case PAPER -> { }
    }
  }

  static String message(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && (c instanceof java.util.concurrent.CompletionException
        || c instanceof java.util.concurrent.ExecutionException || c instanceof java.io.UncheckedIOException)) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  private JobView view(Job j) {
    long[] p = progress.get(j.id());
    if (j.status().finished() || p == null) {
      long total = j.size();
      return new JobView(j, j.status() == Status.SUCCEEDED ? total : 0, total);
    }
    return new JobView(j, p[0], p[1]);
  }

  /** A job without its result rows (lists stay small). */
  private static Job summaryOnly(Job j) {
    if (j.results().isEmpty()) return j;
    return new Job(j.id(), j.kind(), j.status(), j.submittedBy(), j.submittedAt(), j.startedAt(), j.finishedAt(),
        j.error(), j.backtest(), j.ensemble() == null ? null : new EnsembleSpec(j.ensemble().strategy(), List.of(),
            j.ensemble().refused(), j.ensemble().configJson(), j.ensemble().objective(), j.ensemble().maxStartup()),
        j.paper(), j.summary(), List.of());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Submitted.class, (s, e) -> s.with(e.job()))
        .onEvent(Started.class, (s, e) -> s.with(s.jobs().get(e.id()).started(e.at())))
        .onEvent(Succeeded.class, (s, e) -> s.with(s.jobs().get(e.id()).succeeded(e.at(), e.summary(), e.results())))
        .onEvent(Failed.class, (s, e) -> s.with(s.jobs().get(e.id()).failed(e.at(), e.reason())))
        .build();
  }
}

package io.agora.agents.signal;

import io.agora.agents.Subscribers;
import com.typesafe.config.Config;
import io.agora.agents.inference.Inference;
import io.agora.agents.inference.InferenceActor;
import com.typesafe.config.ConfigValue;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.marketdata.CandleHistory;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.ScoredSignalGenerator;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.persistence.CborSerializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import io.agora.agents.Asks;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Signals of one strategy configuration on one pair and timeframe of one tenant (entity id
 * {@code tenant|pair|timeframe|strategyKey}, e.g. {@code acme|BTC/USDT|5m|ema-fast}). Each closed candle
 * ({@link ProcessCandle}) goes through the core strategy's {@link SignalGenerator}, the very code the backtester runs
 * over a whole series, and the result is sent to the subscribers as {@link SignalEmitted} (bits, tags, indicator
 * values). Candles at or before the last processed one are acknowledged as {@link CandleOutcome#DUPLICATE} and
 * ignored, so a replay that restarts a little early is harmless.
 *
 * <p><b>Persistence design.</b> Journaling every candle would put a write on the hot path of every entity for data
 * that the market-data source keeps anyway. Instead the entity persists only a checkpoint, {@link CandlesProcessed}
 * (first and last processed open time, count), on the first candle, every {@code checkpoint-every} candles and on
 * {@link Checkpoint} (sent before a planned stop); snapshots keep recovery short. The indicator state is not persisted
 * either: on recovery ({@link RecoveryCompleted}) the entity asks its {@link CandleHistory} for the last
 * {@code startupCandleCount + warmup-margin} candles up to the checkpoint (never before the first processed candle),
 * re-feeds them to a fresh generator without emitting anything, and stashes incoming commands until that is done
 * (a failed read is retried every second). Finite-window indicators (SMA, Bollinger, rolling windows) are then exactly
 * as in an uninterrupted run; recursive ones (EMA, RSI, MACD) differ by a factor that shrinks geometrically with the
 * margin (for EMA(26) about {@code (25/27)^margin}, below 1e-16 with the default 500), so the signal bits are the same.
 * When the warm-up window reaches back to the first processed candle the rebuilt state is identical.
 *
 * <p><b>Delivery.</b> Candles after the checkpoint were processed but not recorded: after a crash the feed resumes
 * from the checkpoint ({@link StatusView#checkpointTime()}), those candles are processed again and their signals are
 * emitted again: signals are at least once, keyed by {@code (pair, time)} for consumers that de-duplicate. Subscribers
 * are kept in memory (watched), as in the execution agent, and must subscribe again after a restart. The history and
 * the live feed must deliver the same candles (the same gap filling) for the rebuilt state to match.
 *
 * <p><b>Scored (ML) strategies.</b> When the generator is a {@link ScoredSignalGenerator}, the features of the
 * candles of one {@link ProcessCandle} or {@link ProcessCandles} go to the node's inference router
 * ({@link Inference#router}) in one {@link InferenceActor.Predict} (ask timeout {@code agora.inference.ask-timeout});
 * other candle and checkpoint commands are stashed meanwhile. The rows are computed ahead by a second generator
 * (the look-ahead, fed the same candles, its decisions discarded) because the contract feeds a generator one candle
 * at a time ({@code features} then {@code onScore}); when the scores arrive the generator itself gets
 * {@code features} and {@code onScore} per candle and the candles go on as any others (emitted, acknowledged,
 * checkpointed). A row still warming up gets {@code onScore(NaN)} and no inference. When inference fails (the model,
 * its input, no inference node, the timeout, or no inference set up on this node) the candles that needed a score are
 * consumed with {@code onScore(NaN)}, acknowledged {@link CandleOutcome#FAILED} with the error, and emitted with it
 * ({@link SignalEmitted#error()}), so that their strategy agents stop (ERROR); this agent keeps answering. The warm-up
 * after recovery feeds {@code features} and {@code onScore(NaN)} without inference: the features are rebuilt, a
 * decision state that depends on past scores is not.
 */
public final class SignalAgent
    extends EventSourcedBehaviorWithEnforcedReplies<SignalAgent.Command, SignalAgent.Event, SignalAgent.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "SignalAgent");
  private static final Duration WARMUP_RETRY = Duration.ofSeconds(1);
  /** Inference request ids, unique across restarts: an answer to a request from before a restart is ignored. */
  private static final java.util.concurrent.atomic.AtomicLong INFERENCE_REQUESTS =
      new java.util.concurrent.atomic.AtomicLong();

  // --- protocol ---------------------------------------------------------------------------------------------

  public sealed interface Command extends CborSerializable {}

  /** The next closed candle of this entity's pair and timeframe; answered once it is processed (or ignored). */
  public record ProcessCandle(Candle candle, ActorRef<CandleAck> replyTo) implements Command {}

  /**
   * Several candles of the series at once, in order (a replay as fast as possible): one answer and at most one
   * checkpoint write for the batch.
   */
  public record ProcessCandles(List<Candle> candles, ActorRef<CandleAcks> replyTo) implements Command {}

  public record Subscribe(ActorRef<SignalEmitted> subscriber, ActorRef<Done> replyTo) implements Command {}

  public record Unsubscribe(ActorRef<SignalEmitted> subscriber, ActorRef<Done> replyTo) implements Command {}

  /** Persists the last processed candle now (before a planned stop), so a restart resumes exactly there. */
  public record Checkpoint(ActorRef<Done> replyTo) implements Command {}

  public record GetStatus(ActorRef<StatusView> replyTo) implements Command {}

  /** Sent by this entity to itself with the warm-up candles read on recovery. */
  public record WarmupLoaded(List<Candle> candles) implements Command {}

  /** Sent by this entity to itself when the warm-up read failed; it is retried. */
  public record WarmupFailed(String reason) implements Command {}

  /** Sent by this entity to itself a while after {@link WarmupFailed}. */
  public record RetryWarmup() implements Command {}

  /** Sent by this entity to itself when a subscriber stops. */
  public record SubscriberTerminated(ActorRef<SignalEmitted> subscriber) implements Command {}

  /** Sent by this entity to itself with the scores of inference request {@code request} (or why there are none). */
  public record ScoresReceived(long request, float[] scores, String error) implements Command {}

  /** Sent by this entity to itself when the first ask for the scores of {@code request} timed out: it asks again. */
  public record ScoringTimedOut(long request, float[] features, int count) implements Command {}

  public sealed interface Event extends CborSerializable {
    String tenant();
  }

  /** Checkpoint: candles from {@code firstOpenTime} to {@code lastOpenTime} were processed, {@code count} in all. */
  public record CandlesProcessed(String tenant, long firstOpenTime, long lastOpenTime, long count) implements Event {}

  /** {@code FAILED}: the candle was consumed but could not be scored (inference failed); the ack carries why. */
  public enum CandleOutcome { APPLIED, DUPLICATE, WRONG_SERIES, FAILED }

  /** The answer to {@link ProcessCandles}: one ack per candle, in order. */
  public record CandleAcks(List<CandleAck> acks) implements CborSerializable {}

  /**
   * {@code bits} is the candle's {@link io.agora.core.strategy.Signal} bits when applied, else 0; the tags are the
   * generator's enter and exit tags when applied with non-zero bits, else null (what {@link SignalEmitted} carries);
   * {@code error} says why a {@link CandleOutcome#FAILED} candle has no signal, null otherwise.
   */
  public record CandleAck(String pair, long openTime, CandleOutcome outcome, int bits, String enterTag,
      String exitTag, String error) implements CborSerializable {
    public CandleAck(String pair, long openTime, CandleOutcome outcome, int bits, String enterTag, String exitTag) {
      this(pair, openTime, outcome, bits, enterTag, exitTag, null);
    }

    public CandleAck(String pair, long openTime, CandleOutcome outcome, int bits) {
      this(pair, openTime, outcome, bits, null, null, null);
    }
  }

  /**
   * What subscribers receive for every processed candle (also when {@code bits} is 0): the strategy's signal computed
   * at the close of the candle opening at {@code time}, its tags (null when none) and indicator columns (NaN in
   * warm-up), in the strategy's column order. {@code error} is null, except when the candle could not be scored
   * (inference failed): then it says why and {@code bits} is 0; a strategy following this signal must stop.
   */
  public record SignalEmitted(String tenant, String pair, String timeframe, String strategyKey, long time, int bits,
      String enterTag, String exitTag, Map<String, Double> indicators, String error) implements CborSerializable {
    public SignalEmitted(String tenant, String pair, String timeframe, String strategyKey, long time, int bits,
        String enterTag, String exitTag, Map<String, Double> indicators) {
      this(tenant, pair, timeframe, strategyKey, time, bits, enterTag, exitTag, indicators, null);
    }
  }

  /**
   * {@code lastProcessed} is the last candle fed (in memory); {@code checkpointTime} the last persisted one, where a
   * restarted feed resumes (Long.MIN_VALUE when none).
   */
  public record StatusView(String tenant, String pair, String timeframe, String strategyKey, long lastProcessed,
      long checkpointTime, long processed, boolean warmingUp) implements CborSerializable {}

  /** The checkpoint; {@code Long.MIN_VALUE} times before the first candle. */
  public record State(long firstOpenTime, long lastOpenTime, long count) implements CborSerializable {
    public static final State EMPTY = new State(Long.MIN_VALUE, Long.MIN_VALUE, 0);

    public boolean hasCheckpoint() {
      return count > 0;
    }
  }

  /** A strategy configuration: a registry name and its parameters. */
  public record StrategySpec(String strategy, Map<String, String> params) {}

  /** The settings {@link #init} reads once from {@code agora.signal}. */
  public record Settings(int warmupMargin, int checkpointEvery, Map<String, StrategySpec> strategies) {
    public Settings {
      if (warmupMargin < 0) throw new IllegalArgumentException("warmup-margin must be >= 0, was " + warmupMargin);
      if (checkpointEvery < 1) throw new IllegalArgumentException("checkpoint-every must be >= 1, was " + checkpointEvery);
      strategies = Map.copyOf(strategies);
    }

    public static Settings fromConfig(Config root) {
      Config c = root.getConfig("agora.signal");
      Map<String, StrategySpec> specs = new HashMap<>();
      Config s = c.getConfig("strategies");
      for (String key : s.root().keySet()) {
        Config one = s.getConfig("\"" + key + "\"");
        Map<String, String> params = new LinkedHashMap<>();
        if (one.hasPath("params")) {
          for (Map.Entry<String, ConfigValue> e : one.getConfig("params").root().entrySet()) {
            params.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
          }
        }
        specs.put(key, new StrategySpec(one.getString("strategy"), params));
      }
      return new Settings(c.getInt("warmup-margin"), c.getInt("checkpoint-every"), specs);
    }

    /** The strategy of {@code key}: a configured one, else the registry's strategy of that name with defaults. */
    public Strategy strategy(String key, StrategyRegistry registry) {
      StrategySpec spec = strategies.get(key);
      return spec == null ? registry.create(key, Map.of()) : registry.create(spec.strategy(), spec.params());
    }
  }

  public static String entityId(String tenant, String pair, Timeframe timeframe, String strategyKey) {
    return tenant + "|" + pair + "|" + timeframe.text() + "|" + strategyKey;
  }

  // --- wiring -----------------------------------------------------------------------------------------------

  public static void init(ActorSystem<?> system, CandleHistory history) {
    Settings settings = Settings.fromConfig(system.settings().config());
    StrategyRegistry registry = StrategyRegistry.builtin();
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> {
      String strategyKey = parse(ctx.getEntityId())[3];
      return create(ctx.getEntityId(), settings.strategy(strategyKey, registry), settings, history);
    }));
  }

  public static Behavior<Command> create(String entityId, Strategy strategy, Settings settings, CandleHistory history) {
    return Behaviors.setup(ctx -> new SignalAgent(ctx, entityId, strategy, settings, history));
  }

  private static String[] parse(String entityId) {
    String[] parts = entityId.split("\\|", -1);
    if (parts.length != 4 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty() || parts[3].isEmpty()) {
      throw new IllegalArgumentException("signal entity id must be tenant|pair|timeframe|strategyKey, not '"
          + entityId + "'");
    }
    return parts;
  }

  private final ActorContext<Command> ctx;
  private final String tenant;
  private final String pair;
  private final Timeframe timeframe;
  private final String strategyKey;
  private final Instrument instrument;
  private final Strategy strategy;
  private final List<String> columns;
  private final Settings settings;
  private final CandleHistory history;
  private final Subscribers<SignalEmitted, Command> subscribers;

  // in memory, rebuilt on every recovery (also after a restart on a journal failure)
  private SignalGenerator generator;
  /** The generator when it is scored (ML), else null; {@link #lookahead} computes its feature rows ahead. */
  private ScoredSignalGenerator scored;
  private ScoredSignalGenerator lookahead;
  private float[] scratch;
  /** The inference request in flight (commands that feed candles are stashed meanwhile), or null. */
  private Scoring scoring;
  private long lastFed = Long.MIN_VALUE;
  private long fedCount;
  private int sinceCheckpoint;
  private boolean warmingUp;

  private SignalAgent(ActorContext<Command> ctx, String entityId, Strategy strategy, Settings settings,
      CandleHistory history) {
    // "SignalAgent|tenant|pair|tf|key": as in ExecutionAgent, the type hint ends at the first '|'
    super(PersistenceId.ofUniqueId(ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    String[] parts = parse(entityId);
    this.ctx = ctx;
    this.subscribers = new Subscribers<>(ctx, SubscriberTerminated::new);
    this.tenant = parts[0];
    this.pair = parts[1];
    this.timeframe = Timeframe.parse(parts[2]);
    this.strategyKey = parts[3];
    this.instrument = Instrument.of(pair);
    this.strategy = strategy;
    this.columns = List.copyOf(strategy.indicatorColumns());
    this.settings = settings;
    this.history = history;
    newGenerators();
  }

  private void newGenerators() {
    generator = strategy.newSignalGenerator(instrument, timeframe);
    scoring = null;
    if (generator instanceof ScoredSignalGenerator g) {
      scored = g;
      lookahead = (ScoredSignalGenerator) strategy.newSignalGenerator(instrument, timeframe);
      scratch = new float[Math.max(1, g.featureCount())];
    } else {
      scored = null;
      lookahead = null;
    }
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
  }

  private void onRecovered(State s) {
    newGenerators();
    lastFed = s.lastOpenTime();
    fedCount = s.count();
    sinceCheckpoint = 0;
    warmingUp = s.hasCheckpoint();
    if (warmingUp) loadWarmup(s);
  }

  /** The first candle of the warm-up window ending at the checkpoint. */
  long warmupFrom(State s) {
    long window = (long) strategy.startupCandleCount() + settings.warmupMargin();
    long from = s.lastOpenTime() - Math.max(0, window - 1) * timeframe.millis();
    return Math.max(s.firstOpenTime(), from);
  }

  private void loadWarmup(State s) {
    ctx.pipeToSelf(history.candles(pair, timeframe, warmupFrom(s), s.lastOpenTime()),
        (list, err) -> err == null ? new WarmupLoaded(list) : new WarmupFailed(String.valueOf(err)));
  }

  // --- commands ---------------------------------------------------------------------------------------------

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(ProcessCandle.class, this::onProcessCandle)
        .onCommand(ProcessCandles.class, this::onProcessCandles)
        .onCommand(WarmupLoaded.class, this::onWarmupLoaded)
        .onCommand(ScoresReceived.class, this::onScoresReceived)
        .onCommand(ScoringTimedOut.class, this::onScoringTimedOut)
        .onCommand(WarmupFailed.class, (s, c) -> {
          ctx.getLog().warn("signal agent {}: warm-up read failed ({}), retrying", ctx.getSelf().path().name(),
              c.reason());
          ctx.scheduleOnce(WARMUP_RETRY, ctx.getSelf(), new RetryWarmup());
          return Effect().noReply();
        })
        .onCommand(RetryWarmup.class, (s, c) -> {
          if (warmingUp) loadWarmup(s); // the checkpoint cannot move while warming up: same window
          return Effect().noReply();
        })
        .onCommand(Checkpoint.class, (s, c) -> {
          if (warmingUp || scoring != null) return Effect().stash();
          if (lastFed == s.lastOpenTime()) return Effect().reply(c.replyTo(), Done.getInstance());
          return Effect().persist(checkpoint(s)).thenReply(c.replyTo(), ns -> Done.getInstance());
        })
        .onCommand(Subscribe.class, (s, c) -> {
          subscribers.add(c.subscriber());
          return Effect().reply(c.replyTo(), Done.getInstance());
        })
        .onCommand(Unsubscribe.class, (s, c) -> {
          subscribers.remove(c.subscriber());
          return Effect().reply(c.replyTo(), Done.getInstance());
        })
        .onCommand(SubscriberTerminated.class, (s, c) -> {
          subscribers.remove(c.subscriber());
          return Effect().noReply();
        })
        .onCommand(GetStatus.class, (s, c) -> Effect().reply(c.replyTo(), new StatusView(tenant, pair,
            timeframe.text(), strategyKey, lastFed, s.lastOpenTime(), fedCount, warmingUp)))
        .build();
  }

  private ReplyEffect<Event, State> onProcessCandles(State s, ProcessCandles c) {
    if (warmingUp || scoring != null) return Effect().stash();
    if (scored != null) return startScoring(s, c.candles(), null, c.replyTo());
    List<CandleAck> acks = new java.util.ArrayList<>(c.candles().size());
    boolean checkpoint = false;
    for (Candle k : c.candles()) {
      CandleAck ack = apply(k);
      acks.add(ack);
      if (ack.outcome() == CandleOutcome.APPLIED
          && (!s.hasCheckpoint() || ++sinceCheckpoint >= settings.checkpointEvery())) {
        checkpoint = true;
      }
    }
    CandleAcks reply = new CandleAcks(List.copyOf(acks));
    if (checkpoint) return Effect().persist(checkpoint(s)).thenReply(c.replyTo(), ns -> reply);
    return Effect().reply(c.replyTo(), reply);
  }

  /** Feeds one candle to the generator (the same rules as {@link ProcessCandle}); no checkpoint. */
  private CandleAck apply(Candle k) {
    if (!k.pair().equals(pair) || !k.timeframe().equals(timeframe)) {
      return new CandleAck(k.pair(), k.openTime(), CandleOutcome.WRONG_SERIES, 0);
    }
    if (k.openTime() <= lastFed) return new CandleAck(k.pair(), k.openTime(), CandleOutcome.DUPLICATE, 0);
    int bits = generator.onCandle(k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume());
    lastFed = k.openTime();
    fedCount++;
    publish(k.openTime(), bits);
    return new CandleAck(k.pair(), k.openTime(), CandleOutcome.APPLIED, bits,
        bits != 0 ? generator.enterTag() : null, bits != 0 ? generator.exitTag() : null);
  }

  private ReplyEffect<Event, State> onProcessCandle(State s, ProcessCandle c) {
    Candle k = c.candle();
    if (warmingUp || scoring != null) return Effect().stash();
    if (scored != null) return startScoring(s, List.of(k), c.replyTo(), null);
    if (!k.pair().equals(pair) || !k.timeframe().equals(timeframe)) {
      return Effect().reply(c.replyTo(), new CandleAck(k.pair(), k.openTime(), CandleOutcome.WRONG_SERIES, 0));
    }
    if (k.openTime() <= lastFed) {
      return Effect().reply(c.replyTo(), new CandleAck(k.pair(), k.openTime(), CandleOutcome.DUPLICATE, 0));
    }
    int bits = generator.onCandle(k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume());
    lastFed = k.openTime();
    fedCount++;
    publish(k.openTime(), bits);
    CandleAck ack = new CandleAck(k.pair(), k.openTime(), CandleOutcome.APPLIED, bits,
        bits != 0 ? generator.enterTag() : null, bits != 0 ? generator.exitTag() : null);
    if (!s.hasCheckpoint() || ++sinceCheckpoint >= settings.checkpointEvery()) {
      return Effect().persist(checkpoint(s)).thenReply(c.replyTo(), ns -> ack);
    }
    return Effect().reply(c.replyTo(), ack);
  }

  private CandlesProcessed checkpoint(State s) {
    sinceCheckpoint = 0;
    long first = s.hasCheckpoint() ? s.firstOpenTime() : lastFed;
    return new CandlesProcessed(tenant, first, lastFed, fedCount);
  }

  private void publish(long time, int bits) {
    publish(time, bits, null);
  }

  private void publish(long time, int bits, String error) {
    if (subscribers.isEmpty()) return;
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) values.put(columns.get(i), generator.indicator(i));
    SignalEmitted e = new SignalEmitted(tenant, pair, timeframe.text(), strategyKey, time, bits,
        bits != 0 ? generator.enterTag() : null, bits != 0 ? generator.exitTag() : null, values, error);
    subscribers.publish(e);
  }

  private ReplyEffect<Event, State> onWarmupLoaded(State s, WarmupLoaded c) {
    if (!warmingUp) return Effect().noReply();
    long fed = Long.MIN_VALUE;
    for (Candle k : c.candles()) {
      if (k.openTime() <= fed || k.openTime() > s.lastOpenTime()) continue;
      if (scored != null) {
        // no inference for the warm-up: the features are rebuilt, the scores are not needed for them
        for (ScoredSignalGenerator g : List.of(scored, lookahead)) {
          g.features(k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume(), scratch, 0);
          g.onScore(Double.NaN);
        }
      } else {
        generator.onCandle(k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume());
      }
      fed = k.openTime();
    }
    warmingUp = false;
    return Effect().noReply().thenUnstashAll();
  }

  // --- scored (ML) generators -------------------------------------------------------------------------------

  /**
   * One inference request: the candles of one command, what each is ({@code APPLIED} = to be fed, else its final
   * outcome), the row of each fed candle's features in the request (-1: warming up, no score), who gets the answer.
   */
  private record Scoring(long id, List<Candle> candles, CandleOutcome[] outcomes, int[] rows,
      ActorRef<CandleAck> one, ActorRef<CandleAcks> many) {}

  private ReplyEffect<Event, State> startScoring(State s, List<Candle> candles, ActorRef<CandleAck> one,
      ActorRef<CandleAcks> many) {
    int n = candles.size();
    int width = scored.featureCount();
    CandleOutcome[] outcomes = new CandleOutcome[n];
    int[] rowOf = new int[n];
    float[] x = new float[n * width];
    int rows = 0;
    for (int i = 0; i < n; i++) {
      Candle k = candles.get(i);
      rowOf[i] = -1;
      if (!k.pair().equals(pair) || !k.timeframe().equals(timeframe)) {
        outcomes[i] = CandleOutcome.WRONG_SERIES;
      } else if (k.openTime() <= lastFed) {
        outcomes[i] = CandleOutcome.DUPLICATE;
      } else {
        outcomes[i] = CandleOutcome.APPLIED;
        boolean ready = lookahead.features(k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume(), x,
            rows * width);
        lookahead.onScore(Double.NaN); // the look-ahead only computes rows; its decisions are never used
        if (ready) rowOf[i] = rows++;
        lastFed = k.openTime();
        fedCount++;
      }
    }
    Scoring sc = new Scoring(INFERENCE_REQUESTS.incrementAndGet(), List.copyOf(candles), outcomes, rowOf, one, many);
    if (rows == 0) return finishScoring(s, sc, null, null);
    if (Inference.router(ctx.getSystem()).isEmpty()) {
      return finishScoring(s, sc, null, "inference is not set up on this node (model " + scored.modelRef() + ")");
    }
    int count = rows;
    float[] features = rows == n ? x : Arrays.copyOf(x, rows * width);
    scoring = sc;
    askScores(sc.id(), features, count, 1);
    return Effect().noReply();
  }

  /**
   * Asks the node's router for the scores of one request. A timeout on the first attempt asks once more (the router
   * may have sent it to a gpu node that was leaving, or was busy past the timeout); a second timeout fails the candles.
   */
  private void askScores(long request, float[] features, int count, int attempt) {
    var router = Inference.router(ctx.getSystem()).orElseThrow();
    Duration timeout = Inference.settings(ctx.getSystem()).orElseThrow().askTimeout();
    String modelRef = scored.modelRef();
    ctx.pipeToSelf(Asks.<InferenceActor.Predict, InferenceActor.Reply>ask(router.narrow(),
            replyTo -> new InferenceActor.Predict(modelRef, features, count, replyTo), timeout,
            ctx.getSystem().scheduler()),
        (reply, err) -> {
          if (err instanceof java.util.concurrent.TimeoutException && attempt == 1) {
            return new ScoringTimedOut(request, features, count);
          }
          if (err != null) {
            return new ScoresReceived(request, null, err instanceof java.util.concurrent.TimeoutException
                ? "inference of model " + modelRef + " timed out twice after " + timeout.toMillis() + " ms"
                : "inference of model " + modelRef + " failed: " + err);
          }
          if (reply instanceof InferenceActor.PredictFailed f) return new ScoresReceived(request, null, f.error());
          float[] p = ((InferenceActor.Predicted) reply).probabilities();
          return p.length == count ? new ScoresReceived(request, p, null)
              : new ScoresReceived(request, null, "model " + modelRef + " returned " + p.length + " scores for "
                  + count + " rows");
        });
  }

  private ReplyEffect<Event, State> onScoringTimedOut(State s, ScoringTimedOut c) {
    if (scoring == null || scoring.id() != c.request()) return Effect().noReply(); // from before a restart
    ctx.getLog().warn("signal agent {}: inference of model {} timed out, asking once more",
        ctx.getSelf().path().name(), scored.modelRef());
    askScores(c.request(), c.features(), c.count(), 2);
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onScoresReceived(State s, ScoresReceived c) {
    if (scoring == null || scoring.id() != c.request()) return Effect().noReply(); // from before a restart
    Scoring sc = scoring;
    scoring = null;
    return finishScoring(s, sc, c.scores(), c.error());
  }

  /** Feeds the generator each candle with its score (NaN: none, or inference failed), then as without a model. */
  private ReplyEffect<Event, State> finishScoring(State s, Scoring sc, float[] scores, String error) {
    List<CandleAck> acks = new java.util.ArrayList<>(sc.candles().size());
    boolean checkpoint = false;
    for (int i = 0; i < sc.candles().size(); i++) {
      Candle k = sc.candles().get(i);
      if (sc.outcomes()[i] != CandleOutcome.APPLIED) {
        acks.add(new CandleAck(k.pair(), k.openTime(), sc.outcomes()[i], 0));
        continue;
      }
      boolean ready = scored.features(k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume(), scratch, 0);
      int row = sc.rows()[i];
      boolean failed = row >= 0 && error != null;
      double score = ready && row >= 0 && !failed ? scores[row] : Double.NaN;
      int bits = scored.onScore(score);
      if (failed) {
        publish(k.openTime(), 0, error);
        acks.add(new CandleAck(k.pair(), k.openTime(), CandleOutcome.FAILED, 0, null, null, error));
      } else {
        publish(k.openTime(), bits);
        acks.add(new CandleAck(k.pair(), k.openTime(), CandleOutcome.APPLIED, bits,
            bits != 0 ? generator.enterTag() : null, bits != 0 ? generator.exitTag() : null));
      }
      if (!s.hasCheckpoint() || ++sinceCheckpoint >= settings.checkpointEvery()) checkpoint = true;
    }
    if (error != null) {
      ctx.getLog().warn("signal agent {}: {} candle(s) not scored: {}", ctx.getSelf().path().name(),
          acks.stream().filter(a -> a.outcome() == CandleOutcome.FAILED).count(), error);
    }
    if (sc.one() != null) return finish(s, checkpoint, sc.one(), acks.get(0));
    return finish(s, checkpoint, sc.many(), new CandleAcks(List.copyOf(acks)));
  }

  private <R> ReplyEffect<Event, State> finish(State s, boolean checkpoint, ActorRef<R> replyTo, R reply) {
    if (checkpoint) return Effect().persist(checkpoint(s)).thenReply(replyTo, ns -> reply).thenUnstashAll();
    return Effect().reply(replyTo, reply).thenUnstashAll();
  }

  // --- events -----------------------------------------------------------------------------------------------

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(CandlesProcessed.class, (s, e) -> new State(e.firstOpenTime(), e.lastOpenTime(), e.count()))
        .build();
  }
}

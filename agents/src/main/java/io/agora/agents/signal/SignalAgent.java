package io.agora.agents.signal;

import io.agora.agents.Subscribers;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.marketdata.CandleHistory;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import io.agora.persistence.CborSerializable;
import java.time.Duration;
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
 */
public final class SignalAgent
    extends EventSourcedBehaviorWithEnforcedReplies<SignalAgent.Command, SignalAgent.Event, SignalAgent.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "SignalAgent");
  private static final Duration WARMUP_RETRY = Duration.ofSeconds(1);

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

  public sealed interface Event extends CborSerializable {
    String tenant();
  }

  /** Checkpoint: candles from {@code firstOpenTime} to {@code lastOpenTime} were processed, {@code count} in all. */
  public record CandlesProcessed(String tenant, long firstOpenTime, long lastOpenTime, long count) implements Event {}

  public enum CandleOutcome { APPLIED, DUPLICATE, WRONG_SERIES }

  /** The answer to {@link ProcessCandles}: one ack per candle, in order. */
  public record CandleAcks(List<CandleAck> acks) implements CborSerializable {}

  /**
   * {@code bits} is the candle's {@link io.agora.core.strategy.Signal} bits when applied, else 0; the tags are the
   * generator's enter and exit tags when applied with non-zero bits, else null (what {@link SignalEmitted} carries).
   */
  public record CandleAck(String pair, long openTime, CandleOutcome outcome, int bits, String enterTag,
      String exitTag) implements CborSerializable {
    public CandleAck(String pair, long openTime, CandleOutcome outcome, int bits) {
      this(pair, openTime, outcome, bits, null, null);
    }
  }

  /**
   * What subscribers receive for every processed candle (also when {@code bits} is 0): the strategy's signal computed
   * at the close of the candle opening at {@code time}, its tags (null when none) and indicator columns (NaN in
   * warm-up), in the strategy's column order.
   */
  public record SignalEmitted(String tenant, String pair, String timeframe, String strategyKey, long time, int bits,
      String enterTag, String exitTag, Map<String, Double> indicators) implements CborSerializable {}

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
    this.generator = strategy.newSignalGenerator(instrument, timeframe);
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
    generator = strategy.newSignalGenerator(instrument, timeframe);
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
          if (warmingUp) return Effect().stash();
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
    if (warmingUp) return Effect().stash();
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
    if (warmingUp) return Effect().stash();
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
    if (subscribers.isEmpty()) return;
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) values.put(columns.get(i), generator.indicator(i));
    SignalEmitted e = new SignalEmitted(tenant, pair, timeframe.text(), strategyKey, time, bits,
        bits != 0 ? generator.enterTag() : null, bits != 0 ? generator.exitTag() : null, values);
    subscribers.publish(e);
  }

  private ReplyEffect<Event, State> onWarmupLoaded(State s, WarmupLoaded c) {
    if (!warmingUp) return Effect().noReply();
    long fed = Long.MIN_VALUE;
    for (Candle k : c.candles()) {
      if (k.openTime() <= fed || k.openTime() > s.lastOpenTime()) continue;
      generator.onCandle(k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume());
      fed = k.openTime();
    }
    warmingUp = false;
    return Effect().noReply().thenUnstashAll();
  }

  // --- events -----------------------------------------------------------------------------------------------

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(CandlesProcessed.class, (s, e) -> new State(e.firstOpenTime(), e.lastOpenTime(), e.count()))
        .build();
  }
}

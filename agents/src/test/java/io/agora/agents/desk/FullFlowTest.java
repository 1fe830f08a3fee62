package io.agora.agents.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.agora.agents.TestConfig;
import io.agora.agents.capital.CapitalAgent;
import io.agora.agents.execution.ExecutionAgent;
import io.agora.agents.execution.ExecutionAgent.OrderStatus;
import io.agora.agents.execution.ExecutionAgent.OrderView;
import io.agora.agents.marketdata.Candle;
import io.agora.agents.meta.MetaDecisionAgent;
import io.agora.agents.risk.RiskAgent;
import io.agora.agents.risk.TradingHalt;
import io.agora.agents.strategy.StrategyAgent;
import io.agora.core.backtest.BacktestResult;
import io.agora.core.backtest.Backtester;
import io.agora.core.backtest.TradeResult;
import io.agora.core.config.FreqtradeConfig;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Side;
import io.agora.core.market.Timeframe;
import io.agora.core.meta.ConflictRule;
import io.agora.core.meta.Policy;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole flow on a one-node cluster with sharding: strategy agent → desk → meta-decision → capital → risk →
 * paper execution → fills back to capital, risk and the strategy. With the paper venue on Freqtrade's fill model and
 * the strategy's fixed stake, the venue's orders are the core backtester's trades.
 */
class FullFlowTest {
  private static final Timeframe M5 = Timeframe.parse("5m");
  private static final int N = 2500;
  private static final CandleSeries SERIES = SyntheticData.generate(
      SyntheticData.Spec.of(1, N, M5, Instant.parse("2024-01-01T00:00:00Z"), 11), 0);
  private static final String PAIR = SERIES.pair();
  private static final Map<String, String> EMA = Map.of("fast", "5", "slow", "13");
  private static final double FEE = 0.001;
  private static final String CONFIG = """
      {"timeframe": "5m", "stake_currency": "USDT", "stake_amount": 100, "dry_run_wallet": 1000,
       "max_open_trades": 1, "fee": 0.001, "minimal_roi": {"0": 0.01, "60": 0.005, "240": 0},
       "stoploss": -0.005}""";
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final Duration T = Duration.ofSeconds(10);

  private static ActorTestKit testKit;
  private static ClusterSharding sharding;

  @BeforeAll
  static void start() {
    Config cfg = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        agora.execution.paper { mode = freqtrade, taker-fee = 0.001 }
        """).withFallback(TestConfig.config());
    testKit = ActorTestKit.create("FullFlowTest", cfg);
    ActorSystem<?> system = testKit.system();
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(T, () -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    StrategyAgent.init(system);
    MetaDecisionAgent.init(system);
    CapitalAgent.init(system);
    RiskAgent.init(system);
    ExecutionAgent.init(system);
    TradingDesk.init(system);
    sharding = ClusterSharding.get(system);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static <C, R> R ask(EntityRef<C> ref, org.apache.pekko.japi.function.Function<org.apache.pekko.actor.typed.ActorRef<R>, C> msg) {
    return ref.ask(msg, T).toCompletableFuture().join();
  }

  private static <C, R> R askOk(EntityRef<C> ref, Class<R> type,
      org.apache.pekko.japi.function.Function<org.apache.pekko.actor.typed.ActorRef<StatusReply<R>>, C> msg) {
    StatusReply<R> r = ref.<StatusReply<R>>ask(msg, T).toCompletableFuture().join();
    assertTrue(r.isSuccess(), () -> String.valueOf(r.getError()));
    return r.getValue();
  }

  /** One account with a desk, a meta agent of one member and one strategy agent attached to the desk. */
  private record Setup(String tenant, String account, String strategyId) {
    EntityRef<TradingDesk.Command> desk() {
      return sharding.entityRefFor(TradingDesk.ENTITY_KEY, TradingDesk.entityId(tenant, account));
    }

    EntityRef<StrategyAgent.Command> strategy() {
      return sharding.entityRefFor(StrategyAgent.ENTITY_KEY, strategyId);
    }

    EntityRef<CapitalAgent.Command> capital() {
      return sharding.entityRefFor(CapitalAgent.ENTITY_KEY, tenant + "|" + account);
    }

    EntityRef<RiskAgent.Command> risk() {
      return sharding.entityRefFor(RiskAgent.ENTITY_KEY, tenant + "|" + account);
    }

    EntityRef<ExecutionAgent.Command> execution() {
      return sharding.entityRefFor(ExecutionAgent.ENTITY_KEY, ExecutionAgent.entityId(tenant, account, "paper"));
    }
  }

  private static Setup setup() {
    int n = IDS.incrementAndGet();
    String tenant = "acme";
    String account = "acct" + n;
    String strategyId = StrategyAgent.entityId(tenant, "ema" + n);
    Setup s = new Setup(tenant, account, strategyId);
    Instant at = Instant.parse("2024-01-01T00:00:00Z");
    askOk(s.capital(), Done.class, r -> new CapitalAgent.Deposit("USDT", new BigDecimal("1000"), "initial", "alice", at, r));
    askOk(s.capital(), Done.class, r -> new CapitalAgent.SetAllocation("desk", "USDT", new BigDecimal("1000"), "alice", at, r));
    askOk(sharding.entityRefFor(MetaDecisionAgent.ENTITY_KEY, MetaDecisionAgent.entityId(tenant, account)),
        MetaDecisionAgent.MetaView.class, r -> new MetaDecisionAgent.Configure(Policy.UNANIMOUS, List.of(strategyId), 1.0, Long.MAX_VALUE / 4,
            86_400_000L, ConflictRule.NO_TRADE, "alice", r));
    askOk(s.desk(), TradingDesk.DeskView.class, r -> new TradingDesk.Configure(TradingDesk.DeskConfig.paper("USDT", "desk", account), "alice", r));
    askOk(s.strategy(), StrategyAgent.StatusView.class, r -> new StrategyAgent.Configure("EmaCrossover", EMA, PAIR, CONFIG, "alice", r));
    askOk(s.strategy(), StrategyAgent.StatusView.class, r -> new StrategyAgent.AttachDesk(TradingDesk.entityId(tenant, account), "alice", r));
    askOk(s.strategy(), StrategyAgent.StatusView.class, r -> new StrategyAgent.Start("alice", r));
    return s;
  }

  /** Feeds every candle after the strategy's startup with the signal computed at its close, in batches. */
  private static void feed(Setup s) {
    List<StrategyAgent.CandleSignal> all = signals();
    for (int i = 0; i < all.size(); i += 50) send(s, all.subList(i, Math.min(all.size(), i + 50)));
  }

  private static void send(Setup s, List<StrategyAgent.CandleSignal> candles) {
    List<StrategyAgent.CandleSignal> b = List.copyOf(candles);
    ask(s.strategy(), (org.apache.pekko.actor.typed.ActorRef<StrategyAgent.CandleAcks> r) ->
        new StrategyAgent.OnCandles(b, r));
  }

  /** The candles after the strategy's startup with the EmaCrossover signal computed at each close. */
  private static List<StrategyAgent.CandleSignal> signals() {
    Strategy st = StrategyRegistry.builtin().create("EmaCrossover", EMA);
    SignalGenerator gen = st.newSignalGenerator(SERIES.instrument(), M5);
    int first = st.startupCandleCount();
    List<StrategyAgent.CandleSignal> batch = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      Candle k = Candle.of(SERIES, i);
      int sig = gen.onCandle(k.openTime(), k.open(), k.high(), k.low(), k.close(), k.volume());
      if (i < first) continue;
      batch.add(new StrategyAgent.CandleSignal(k, sig, sig != 0 ? gen.enterTag() : null,
          sig != 0 ? gen.exitTag() : null));
    }
    return batch;
  }

  private static List<TradeResult> backtest() {
    Strategy st = StrategyRegistry.builtin().create("EmaCrossover", EMA);
    BacktestResult r = new Backtester(FreqtradeConfig.parse(CONFIG, "test").toSettings(st), st).run(List.of(SERIES));
    return r.trades();
  }

  /** Waits until the strategy's trades all went through the desk: nothing pending, one settlement per fact. */
  private static TradingDesk.State settled(Setup s, int expectedIntents) {
    TestProbe<Object> probe = testKit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
      TradingDesk.State d = ask(s.desk(), TradingDesk.GetView::new).state();
      assertEquals(expectedIntents, d.settled(), "settled intents");
      assertTrue(d.pending().isEmpty());
      return d;
    });
  }

  @Test
  void paperOrdersThroughTheWholeFlowAreTheBacktestersTrades() {
    Setup s = setup();
    feed(s);
    long last = SERIES.openTime()[N - 1];
    List<TradeResult> all = backtest();
    List<TradeResult> expected = all.stream().filter(t -> !t.exitReason().equals("force_exit")).toList();
    assertTrue(expected.size() > 20, "too few trades: " + expected.size());
    StrategyAgent.TradesView agentTrades = ask(s.strategy(), StrategyAgent.GetTrades::new);
    int open = agentTrades.openTrades();
    TradingDesk.State desk = settled(s, 2 * expected.size() + open);
    assertEquals(0, desk.rejected());

    List<OrderView> orders = ask(s.execution(), ExecutionAgent.GetOrders::new).orders();
    assertEquals(2 * expected.size() + open, orders.size());
    double profit = 0;
    for (int k = 0; k < expected.size(); k++) {
      TradeResult t = expected.get(k);
      OrderView buy = orders.get(2 * k);
      OrderView sell = orders.get(2 * k + 1);
      assertEquals(Side.BUY, buy.side(), "order " + 2 * k);
      assertEquals(OrderStatus.FILLED, buy.status());
      assertEquals(1, buy.fills().size());
      assertEquals(t.openRate(), buy.fills().get(0).price(), 0.0, "entry price of trade " + k);
      assertEquals(t.openTime(), buy.fills().get(0).candleTime(), "entry time of trade " + k);
      assertEquals(t.amount(), buy.amount(), t.amount() * 1e-9, "amount of trade " + k);
      assertEquals(Side.SELL, sell.side());
      assertEquals(OrderStatus.FILLED, sell.status());
      assertEquals(t.closeRate(), sell.fills().get(0).price(), 0.0, "exit price of trade " + k);
      assertEquals(t.closeTime(), sell.fills().get(0).candleTime(), "exit time of trade " + k);
      assertEquals(buy.amount(), sell.amount(), 0.0, "an exit sells what the entry bought");
      profit += t.profitAbs();
    }
    assertTrue(all.get(all.size() - 1).openTime() <= last);

    // money: the ledger is Freqtrade's wallet; balances + fees = deposits + realised PnL before fees
    Map<String, BigDecimal> px = Map.of(io.agora.core.market.Instrument.of(PAIR).base(),
        BigDecimal.valueOf(SERIES.close()[N - 1]));
    CapitalAgent.AccountView view = ask(s.capital(), r -> new CapitalAgent.GetView("USDT", px, r));
    if (open == 0) {
      assertEquals(1000 + profit, view.balances().get("USDT").doubleValue(), 1e-6, "cash after the trades");
    }
    BigDecimal fees = view.feesPaid().getOrDefault("USDT", BigDecimal.ZERO);
    BigDecimal pnl = view.realisedPnl().getOrDefault("USDT", BigDecimal.ZERO);
    BigDecimal cashPlusFees = view.balances().get("USDT").add(fees);
    // what is still held was paid for with (cost - its entry fee); add it back to compare the cash side
    assertTrue(view.reserved().values().stream().allMatch(v -> v.signum() == 0), "no reservation left: " + view.reserved());
    if (open == 0) assertEquals(0, cashPlusFees.compareTo(new BigDecimal("1000").add(pnl)),
        cashPlusFees + " vs " + pnl);

    // fills came back to the strategy: every entry was filled, so no trade was dropped
    StrategyAgent.StatusView status = ask(s.strategy(), StrategyAgent.GetStatus::new);
    assertEquals(0, status.state().tradesCanceled());
  }

  @Test
  void aKillSwitchRefusesEntriesAndTheStrategyDropsTheRefusedTrade() {
    Setup s = setup();
    askOk(s.risk(), Done.class, r -> new RiskAgent.EngageKillSwitch("test", false, "alice", Instant.now(), r));
    List<StrategyAgent.CandleSignal> all = signals();
    TestProbe<Object> probe = testKit.createTestProbe();
    // candle by candle up to the first entry: the refusal reaches the strategy while the trade is still open
    int i = 0;
    while (ask(s.strategy(), StrategyAgent.GetStatus::new).state().tradesOpened() == 0) send(s, all.subList(i, ++i));
    probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(50), () -> {
      StrategyAgent.StatusView st = ask(s.strategy(), StrategyAgent.GetStatus::new);
      assertEquals(1, st.state().tradesCanceled(), "the refused entry deleted the trade");
      assertEquals(0, st.openTrades());
      return null;
    });
    send(s, all.subList(i, all.size()));
    TradingDesk.State desk = probe.awaitAssert(Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
      TradingDesk.State d = ask(s.desk(), TradingDesk.GetView::new).state();
      assertTrue(d.settled() > 0);
      assertTrue(d.pending().isEmpty());
      StrategyAgent.StatusView st = ask(s.strategy(), StrategyAgent.GetStatus::new);
      // a refused entry deletes the trade when it is still open; one the strategy closed meanwhile stays closed
      assertTrue(st.state().tradesCanceled() > 0, "refused entries deleted trades");
      assertEquals(d.rejected(), st.state().tradesCanceled() + st.state().tradesClosed());
      return d;
    });
    // every entry refused; an exit decided before its entry's refusal came back finds nothing to sell
    assertTrue(desk.rejected() > 0 && desk.filled() == 0, desk.toString());
    assertTrue(ask(s.execution(), ExecutionAgent.GetOrders::new).orders().isEmpty(), "nothing reached the venue");
    CapitalAgent.AccountView view = ask(s.capital(), r -> new CapitalAgent.GetView("USDT", Map.of(), r));
    assertEquals(0, view.balances().get("USDT").compareTo(new BigDecimal("1000")));
    assertTrue(view.reserved().values().stream().allMatch(v -> v.signum() == 0));
  }

  @Test
  void anEngagedPlatformKillSwitchMakesTheDeskRefuseEveryOrder() {
    Setup s = setup();
    EntityRef<TradingHalt.Command> platform = sharding.entityRefFor(TradingHalt.ENTITY_KEY, TradingHalt.PLATFORM);
    TradingHalt.HaltView engaged = askOk(platform, TradingHalt.HaltView.class,
        r -> new TradingHalt.Engage("exchange incident", "root", Instant.now(), r));
    assertTrue(engaged.engaged());
    try {
      List<StrategyAgent.CandleSignal> all = signals();
      int i = 0;
      while (ask(s.strategy(), StrategyAgent.GetStatus::new).state().tradesOpened() == 0) send(s, all.subList(i, ++i));
      TestProbe<Object> probe = testKit.createTestProbe();
      TradingDesk.State desk = probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(50), () -> {
        TradingDesk.State d = ask(s.desk(), TradingDesk.GetView::new).state();
        assertEquals(1, d.settled());
        assertTrue(d.pending().isEmpty());
        return d;
      });
      assertEquals(1, desk.rejected(), desk.toString());
      assertTrue(ask(s.execution(), ExecutionAgent.GetOrders::new).orders().isEmpty(), "nothing reached the venue");
      // reserved while the switches were asked, then released
      CapitalAgent.AccountView view = ask(s.capital(), r -> new CapitalAgent.GetView("USDT", Map.of(), r));
      assertEquals(0, view.balances().get("USDT").compareTo(new BigDecimal("1000")));
      assertTrue(view.reserved().values().stream().allMatch(v -> v.signum() == 0), "released: " + view.reserved());
      // the account's own switch is untouched
      assertTrue(!ask(s.risk(), (org.apache.pekko.actor.typed.ActorRef<RiskAgent.RiskView> r) ->
          new RiskAgent.GetStatus(Instant.now(), r)).killSwitch());
    } finally {
      assertTrue(!askOk(platform, TradingHalt.HaltView.class,
          r -> new TradingHalt.Release("root", Instant.now(), r)).engaged());
    }
  }
}

package io.agora.core.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalsFileStrategyTest {
  private static final Timeframe TF = Timeframe.parse("5m");

  private static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  private static Strategy strategy(Path dir) {
    return StrategyRegistry.builtin().create("signals", Map.of("signals_dir", dir.toString()));
  }

  @Test
  void readsRowsByCandleOpenTimeInEveryDateForm(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("ETH_BTC-5m.csv"), """
        date,enter_long,exit_long,enter_short,exit_short,enter_tag
        2018-01-10T04:55:00Z,1,,0,0,breakout
        2018-01-10 05:05:00+00:00,0,1,0,0,

        2018-01-10T05:10:00+00:00,0,0,1,1,
        2017-01-01T00:00:00Z,1,0,0,0,
        """);
    SignalGenerator g = strategy(dir).newSignalGenerator(Instrument.of("ETH/BTC"), TF);
    assertEquals(Signal.ENTER_LONG, g.onCandle(ms("2018-01-10T04:55:00Z"), 1, 1, 1, 1, 1));
    assertEquals("breakout", g.enterTag());
    assertEquals(Signal.NONE, g.onCandle(ms("2018-01-10T05:00:00Z"), 1, 1, 1, 1, 1), "a candle without a row has no signal");
    assertNull(g.enterTag());
    assertEquals(Signal.EXIT_LONG, g.onCandle(ms("2018-01-10T05:05:00Z"), 1, 1, 1, 1, 1));
    assertEquals(Signal.ENTER_SHORT | Signal.EXIT_SHORT, g.onCandle(ms("2018-01-10T05:10:00Z"), 1, 1, 1, 1, 1));
    g.onEnd();
  }

  @Test
  void badFilesNameFileRowAndColumn(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("ETH_BTC-5m.csv"), "date,enter_long,exit_long,enter_short,exit_short\n2018-01-10T04:55:00Z,2,0,0,0\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> strategy(dir).newSignalGenerator(Instrument.of("ETH/BTC"), TF));
    assertTrue(e.getMessage().contains("ETH_BTC-5m.csv") && e.getMessage().contains("row 1") && e.getMessage().contains("enter_long"), e.getMessage());

    Files.writeString(dir.resolve("LTC_BTC-5m.csv"), "date,enter_long,exit_long,enter_short,exit_short\n10/01/2018,1,0,0,0\n");
    e = assertThrows(IllegalArgumentException.class, () -> strategy(dir).newSignalGenerator(Instrument.of("LTC/BTC"), TF));
    assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("ISO-8601"), e.getMessage());

    Files.writeString(dir.resolve("XRP_BTC-5m.csv"), "time,buy,sell\n");
    e = assertThrows(IllegalArgumentException.class, () -> strategy(dir).newSignalGenerator(Instrument.of("XRP/BTC"), TF));
    assertTrue(e.getMessage().contains("header"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> strategy(dir).newSignalGenerator(Instrument.of("ADA/BTC"), TF));
    assertTrue(e.getMessage().contains("ADA_BTC-5m.csv") && e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void unknownParameterIsAnErrorNamingIt(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StrategyRegistry.builtin().create("signals", Map.of("signal_dir", dir.toString())));
    assertTrue(e.getMessage().contains("'signal_dir'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StrategyRegistry.builtin().create("nope", Map.of()));
    assertTrue(e.getMessage().contains("unknown strategy 'nope'"), e.getMessage());
  }
}

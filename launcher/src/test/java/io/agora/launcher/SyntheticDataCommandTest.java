package io.agora.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.data.OhlcvLoader;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SyntheticDataCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = AgoraCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void writesTheRequestedPairsInTheRequestedFormat() throws IOException {
    int code =
        run("generate-data", "--datadir", dir.toString(), "--pairs", "3", "--candles", "500", "--timeframe", "1h",
            "--start", "2023-06-01", "--seed", "7", "--format", "parquet", "--gap-probability", "0.05");
    assertEquals(0, code, err.toString());
    for (int i = 0; i < 3; i++) assertTrue(Files.isRegularFile(dir.resolve("SYN" + i + "_USDT-1h.parquet")), "pair " + i);
    assertTrue(out.toString().startsWith("Wrote 3 parquet files of 500 1h candle slots"), out.toString());
    CandleSeries s = new OhlcvLoader(dir).withFillMissing(false).load("SYN2/USDT", Timeframe.parse("1h"));
    assertTrue(s.openTime()[0] >= Instant.parse("2023-06-01T00:00:00Z").toEpochMilli());
    assertTrue(s.size() < 500 && s.size() > 430, "gaps: " + s.size());

    Path again = dir.resolve("again");
    assertEquals(0, run("generate-data", "--datadir", again.toString(), "--pairs", "3", "--candles", "500", "--timeframe", "1h",
        "--start", "2023-06-01", "--seed", "7", "--format", "parquet", "--gap-probability", "0.05"));
    assertArrayEquals(Files.readAllBytes(dir.resolve("SYN2_USDT-1h.parquet")), Files.readAllBytes(again.resolve("SYN2_USDT-1h.parquet")));
  }

  @Test
  void futuresGoUnderFutures() {
    assertEquals(0, run("generate-data", "--datadir", dir.toString(), "--pairs", "1", "--candles", "10", "--format", "jsongz", "--trading-mode", "futures"));
    assertTrue(Files.isRegularFile(dir.resolve("futures/SYN0_USDT_USDT-5m-futures.json.gz")));
  }

  @Test
  void badInputIsAUsageErrorWithExitCodeTwo() {
    String[][] bad = {
      {"--pairs", "0"},
      {"--candles", "-5"},
      {"--timeframe", "5x"},
      {"--timeframe", "1M"},
      {"--start", "01/02/2024"},
      {"--format", "hdf5"},
      {"--format", "xlsx"},
      {"--gap-probability", "1.5"},
      {"--seed", "abc"},
      {"--trading-mode", "margin"},
    };
    String[] expected = {"pairs", "candles", "timeframe", "month", "start", "HDF5 is not supported", "unknown data format", "gap probability", "--seed", "--trading-mode"};
    for (int i = 0; i < bad.length; i++) {
      err.getBuffer().setLength(0);
      String[] args = {"generate-data", "--datadir", dir.toString(), bad[i][0], bad[i][1]};
      assertEquals(2, run(args), String.join(" ", bad[i]));
      assertTrue(err.toString().contains(expected[i]), bad[i][0] + ": " + err);
    }
    assertTrue(Files.notExists(dir.resolve("SYN0_USDT-5m.feather")), "nothing written");
  }
}

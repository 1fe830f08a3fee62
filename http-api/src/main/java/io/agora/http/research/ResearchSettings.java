package io.agora.http.research;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The research jobs' settings, read once from {@code agora.research} ({@link #fromConfig}).
 *
 * @param marketData the Freqtrade-layout candle files backtests read ({@code <data-dir>/market-data} by default)
 * @param results where backtest jobs write their result JSON and HTML report ({@code <data-dir>/research})
 * @param maxCombinations most parameter sets one ensemble may have (400 above it)
 * @param chunkSize parameter sets per chunk handed to a worker
 * @param chunksInFlightPerWorker chunks a worker is given at a time
 * @param chunkTimeout how long a worker may take for one chunk before it is given to another
 * @param chunkAttempts how often a chunk is tried before the ensemble fails
 * @param workerParallelism threads a worker node runs one chunk on (0 = the node's cores)
 * @param maxPaperAgents most strategy agents a paper ensemble or a promotion may spawn
 * @param askTimeout asks to the job registry and to the agents a paper ensemble sets up
 */
public record ResearchSettings(Path marketData, Path results, int maxCombinations, int chunkSize,
    int chunksInFlightPerWorker, Duration chunkTimeout, int chunkAttempts, int workerParallelism, int maxPaperAgents,
    Duration askTimeout) {

  public ResearchSettings {
    if (maxCombinations < 1) throw new IllegalArgumentException("agora.research.max-combinations must be > 0");
    if (chunkSize < 1) throw new IllegalArgumentException("agora.research.chunk-size must be > 0");
    if (chunksInFlightPerWorker < 1) throw new IllegalArgumentException("agora.research.chunks-in-flight-per-worker must be > 0");
    if (chunkAttempts < 1) throw new IllegalArgumentException("agora.research.chunk-attempts must be > 0");
    if (maxPaperAgents < 1) throw new IllegalArgumentException("agora.research.max-paper-agents must be > 0");
    if (workerParallelism < 1) workerParallelism = Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * {@code agora.research} of {@code root}; blank directories default under {@code agora.node.data-dir} (the node's
   * data directory) when the configuration has one, else under {@code agora-data}.
   */
  public static ResearchSettings fromConfig(Config root) {
    Config c = root.getConfig("agora.research");
    String dataDir = root.hasPath("agora.node.data-dir") ? root.getString("agora.node.data-dir") : "agora-data";
    String md = c.getString("market-data-dir");
    String rs = c.getString("results-dir");
    return new ResearchSettings(md.isBlank() ? Path.of(dataDir, "market-data") : Path.of(md),
        rs.isBlank() ? Path.of(dataDir, "research") : Path.of(rs), c.getInt("max-combinations"),
        c.getInt("chunk-size"), c.getInt("chunks-in-flight-per-worker"), c.getDuration("chunk-timeout"),
        c.getInt("chunk-attempts"), c.getInt("worker-parallelism"), c.getInt("max-paper-agents"),
        root.getDuration("agora.http.ask-timeout"));
  }
}

package io.agora.http.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.agora.http.research.ResearchJobs;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the researcher routes (backtest jobs, ensembles, promotion). */
public final class ResearchDto {
  private ResearchDto() {}

  // ---- requests ----

  /**
   * A backtest job. {@code config}: Freqtrade configuration keys laid over the defaults (USDT, stake 100, wallet
   * 1000, 1 open trade, fee 0.001); {@code timeframe} defaults to the strategy's, {@code timerange} to all candles.
   */
  public record SubmitBacktest(String strategy, Map<String, String> params, List<String> pairs, String timeframe,
      String timerange, JsonNode config) {}

  /**
   * An ensemble: {@code grid} ({@code {param: [values]}}, the cartesian product) or {@code samples} random sets of
   * the declared ranges ({@code seed}, default 0). {@code mode} {@code backtest} (default: ranked by
   * {@code objective}) or {@code paper} (one strategy agent per set and pair under the {@code account}'s
   * meta-decision agent and desk; {@code budget} caps the desk's allocation when the account has no desk yet).
   */
  public record SubmitEnsemble(String mode, String strategy, Map<String, List<String>> grid, Integer samples,
      Long seed, List<String> pairs, String timeframe, String timerange, String objective, JsonNode config,
      String account, BigDecimal budget) {}

  /** The best {@code top} parameter sets of a finished backtest ensemble as paper agents on {@code account}. */
  public record Promote(Integer top, String account, List<String> pairs, BigDecimal budget) {}

  // ---- responses ----

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Metrics(int trades, double profitAbs, double profitTotal, double sharpe, double sortino,
      double calmar, double maxDrawdownAccount, double finalBalance) {
    static Metrics from(ResearchJobs.Summary s) {
      return s == null ? null : new Metrics(s.trades(), s.profitAbs(), s.profitTotal(), s.sharpe(), s.sortino(),
          s.calmar(), s.maxDrawdownAccount(), s.finalBalance());
    }
  }

  /** A job: status, progress ({@code done} of {@code total}), what it runs, and links to its results. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Job(String id, String kind, String status, long done, long total, String error, String strategy,
      Map<String, String> params, String objective, Integer refused, String account, List<String> agents,
      String promotedFrom, Metrics metrics, String submittedBy, Instant submittedAt, Instant startedAt,
      Instant finishedAt, Map<String, String> links) {

    static Job from(ResearchJobs.JobView v, String base) {
      ResearchJobs.Job j = v.job();
      String strategy = j.backtest() != null ? j.backtest().strategy()
          : j.ensemble() != null ? j.ensemble().strategy() : j.paper() != null ? j.paper().strategy() : null;
      Map<String, String> links = switch (j.kind()) {
        case BACKTEST -> Map.of("self", base, "result", base + "/result", "report", base + "/report");
        case ENSEMBLE -> Map.of("self", base, "results", base + "/results", "promote", base + "/promote");
        case PAPER -> Map.of("self", base);
      };
      return new Job(j.id(), j.kind().name().toLowerCase(java.util.Locale.ROOT),
          j.status().name().toLowerCase(java.util.Locale.ROOT), v.done(), v.total(), j.error(), strategy,
          j.backtest() == null ? null : j.backtest().params(), j.ensemble() == null ? null : j.ensemble().objective(),
          j.ensemble() == null ? null : j.ensemble().refused(), j.paper() == null ? null : j.paper().account(),
          j.paper() == null ? null : j.paper().agents(), j.paper() == null ? null : j.paper().promotedFrom(),
          Metrics.from(j.summary()), j.submittedBy(), j.submittedAt(), j.startedAt(), j.finishedAt(), links);
    }
  }

  public record JobList(List<Job> jobs) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ranked(int rank, Map<String, String> params, double score, Metrics metrics, String error) {}

  /** An ensemble's ranking, best first ({@code top} rows of {@code total}). */
  public record Results(String id, String status, String objective, int total, List<Ranked> results) {}
}

package io.agora.http.ops;

import io.agora.agents.readside.ReadSide;
import io.agora.agents.readside.ReadSideQueries;
import io.agora.agents.readside.ReadSideQueries.EquityRow;
import io.agora.agents.readside.ReadSideQueries.PositionRow;
import io.agora.agents.readside.ReadSideQueries.TradeRow;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The portfolio views' source: the read side's tables (positions, trades, equity), tenant-scoped. Behind an interface
 * so that route tests run without a database; the node's is {@link #readSide}.
 */
public interface PortfolioReads {
  CompletionStage<List<PositionRow>> positions(String tenant, String account);

  /** Newest first, at most {@code limit}. */
  CompletionStage<List<TradeRow>> trades(String tenant, String account, int limit);

  /** Oldest first, {@code from <= time <= to} (epoch millis), at most {@code limit}. */
  CompletionStage<List<EquityRow>> equity(String tenant, String account, long from, long to, int limit);

  /** The node's read side, reached on first use (its pool opens then). */
  static PortfolioReads readSide(ActorSystem<?> system) {
    Supplier<ReadSideQueries> q = () -> ReadSide.queries(system);
    return new PortfolioReads() {
      @Override
      public CompletionStage<List<PositionRow>> positions(String tenant, String account) {
        return q.get().positions(tenant, account);
      }

      @Override
      public CompletionStage<List<TradeRow>> trades(String tenant, String account, int limit) {
        return q.get().trades(tenant, account, limit);
      }

      @Override
      public CompletionStage<List<EquityRow>> equity(String tenant, String account, long from, long to, int limit) {
        return q.get().equity(tenant, account, from, to, limit);
      }
    };
  }
}

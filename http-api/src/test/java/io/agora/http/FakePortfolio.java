package io.agora.http;

import io.agora.agents.readside.ReadSideQueries.EquityRow;
import io.agora.agents.readside.ReadSideQueries.PositionRow;
import io.agora.agents.readside.ReadSideQueries.TradeRow;
import io.agora.http.ops.PortfolioReads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** The read side's tables in memory, filtered as the real queries filter them (tenant and account). */
public final class FakePortfolio implements PortfolioReads {
  public final List<PositionRow> positions = new CopyOnWriteArrayList<>();
  public final List<TradeRow> trades = new CopyOnWriteArrayList<>();
  public final List<EquityRow> equity = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<List<PositionRow>> positions(String tenant, String account) {
    return CompletableFuture.completedFuture(positions.stream()
        .filter(r -> r.tenant().equals(tenant) && r.account().equals(account)).toList());
  }

  @Override
  public CompletionStage<List<TradeRow>> trades(String tenant, String account, int limit) {
    return CompletableFuture.completedFuture(trades.stream()
        .filter(r -> r.tenant().equals(tenant) && r.account().equals(account))
        .sorted(Comparator.comparingLong(TradeRow::executedAt).reversed()).limit(limit).toList());
  }

  @Override
  public CompletionStage<List<EquityRow>> equity(String tenant, String account, long from, long to, int limit) {
    List<EquityRow> out = new ArrayList<>();
    equity.stream().filter(r -> r.tenant().equals(tenant) && r.account().equals(account)
            && r.recordedAt() >= from && r.recordedAt() <= to)
        .sorted(Comparator.comparingLong(EquityRow::recordedAt)).limit(limit).forEach(out::add);
    return CompletableFuture.completedFuture(out);
  }
}

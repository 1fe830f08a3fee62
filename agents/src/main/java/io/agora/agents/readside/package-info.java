/**
 * The read side: SQL tables kept by exactly-once projections of agents' journals ({@link
 * io.agora.agents.readside.ReadSide}), and {@link io.agora.agents.readside.ReadSideQueries} over them.
 *
 * <p>A projection is a {@link io.agora.agents.readside.ReadSideProjection}: a name (its offsets are stored under it),
 * the entity kind's {@link io.agora.agents.ProjectionTags} and a {@link io.agora.agents.readside.RowWriter} for the
 * entity's events. The equity curve, once its agent exists, is one more of them:
 * <ol>
 *   <li>the agent tags its events: {@code public static final ProjectionTags TAGS = new ProjectionTags("equity", 4);}
 *       and {@code tagsFor(event)} returning {@code TAGS.tagsFor(entityId)};
 *   <li>{@code EquityRows implements RowWriter<EquityAgent.Event>} inserts one {@code equity} row per
 *       {@code EquityMarked} (tenant and account from the event's {@code AccountId}, {@code recorded_at} = its time,
 *       cash and equity as they are, already {@code BigDecimal}); a re-run finds the row by its primary key and
 *       skips it;
 *   <li>{@code ReadSide.PROJECTIONS} gets {@code new ReadSideProjection<>("equity-read-side", EquityAgent.TAGS,
 *       EquityRows::new)}, and {@code ReadSideQueries} a query over {@code equity}.
 * </ol>
 * Nothing else changes: the offset tables, the pool, the sharded daemon processes and the transaction handling are
 * shared.
 */
package io.agora.agents.readside;

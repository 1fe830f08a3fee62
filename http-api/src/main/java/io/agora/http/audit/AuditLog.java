package io.agora.http.audit;

import io.agora.persistence.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The audit log of one tenant (entity id = the tenant): one {@link Recorded} event per state-changing request to the
 * HTTP API (who, which tenant, what, on what, with which parameters, the outcome, when). Every entry stays in the
 * journal; the state keeps the most recent {@code keep} entries for {@link Query}.
 */
public final class AuditLog
    extends EventSourcedBehaviorWithEnforcedReplies<AuditLog.Command, AuditLog.Event, AuditLog.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "AuditLog");

  // ---- protocol ----

  public sealed interface Command extends CborSerializable {}

  /** Records an entry (its {@code seq} is assigned here). */
  public record Record(AuditEntry entry, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** The newest entries first, at most {@code limit}, only those with a {@code seq} below {@code before} (0 = all). */
  public record Query(int limit, long before, ActorRef<Page> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record Recorded(AuditEntry entry) implements Event {}

  /**
   * One state-changing request.
   *
   * @param seq position in the tenant's log, from 1
   * @param principal the token's subject
   * @param role the token's role
   * @param action the route's operation id (e.g. {@code strategies.start})
   * @param method the HTTP method
   * @param target the request path
   * @param parameters path and query parameters and the body, as JSON with secrets removed (truncated)
   * @param status the HTTP status answered
   * @param outcome {@code success}, {@code denied} (401, 403), {@code rejected} (other 4xx) or {@code failed} (5xx)
   */
  public record AuditEntry(long seq, Instant time, String principal, String role, String tenant, String action,
      String method, String target, String parameters, int status, String outcome) implements CborSerializable {

    AuditEntry withSeq(long s) {
      return new AuditEntry(s, time, principal, role, tenant, action, method, target, parameters, status, outcome);
    }

    public static String outcomeOf(int status) {
      if (status < 400) return "success";
      if (status == 401 || status == 403) return "denied";
      if (status < 500) return "rejected";
      return "failed";
    }
  }

  public record Page(List<AuditEntry> entries, long total) implements CborSerializable {}

  /** The last {@code recent} entries, oldest first, and how many were ever recorded. */
  public record State(List<AuditEntry> recent, long total) implements CborSerializable {
    public State {
      recent = List.copyOf(recent);
    }
  }

  // ---- wiring ----

  public static void init(ActorSystem<?> system, int keep) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), keep)));
  }

  public static Behavior<Command> create(String tenant, int keep) {
    if (keep < 1) throw new IllegalArgumentException("keep must be >= 1");
    return Behaviors.setup(ctx -> new AuditLog(tenant, keep));
  }

  private final int keep;

  private AuditLog(String tenant, int keep) {
    super(PersistenceId.of(ENTITY_KEY.name(), tenant),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.keep = keep;
  }

  @Override
  public State emptyState() {
    return new State(List.of(), 0);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(500, 2); // events are kept: they are the audit trail
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Record.class, this::onRecord)
        .onCommand(Query.class, this::onQuery)
        .build();
  }

  private ReplyEffect<Event, State> onRecord(State s, Record c) {
    if (c.entry() == null) return Effect().reply(c.replyTo(), StatusReply.error("entry is missing"));
    return Effect().persist(new Recorded(c.entry().withSeq(s.total() + 1)))
        .thenReply(c.replyTo(), ns -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onQuery(State s, Query c) {
    int limit = Math.max(0, c.limit());
    List<AuditEntry> out = new ArrayList<>(Math.min(limit, s.recent().size()));
    for (int i = s.recent().size() - 1; i >= 0 && out.size() < limit; i--) {
      AuditEntry e = s.recent().get(i);
      if (c.before() <= 0 || e.seq() < c.before()) out.add(e);
    }
    return Effect().reply(c.replyTo(), new Page(List.copyOf(out), s.total()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Recorded.class, (s, e) -> {
          List<AuditEntry> r = new ArrayList<>(s.recent().size() + 1);
          int from = Math.max(0, s.recent().size() + 1 - keep);
          r.addAll(s.recent().subList(from, s.recent().size()));
          r.add(e.entry());
          return new State(r, e.entry().seq());
        })
        .build();
  }
}

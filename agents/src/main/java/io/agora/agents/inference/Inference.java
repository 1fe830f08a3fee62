package io.agora.agents.inference;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Model inference on a node (settings {@code agora.inference}). {@link #init} starts, on a node with the
 * {@value #GPU_ROLE} role, an {@link InferenceActor} registered with the Receptionist under {@link #SERVICE_KEY},
 * and on every node an {@link InferenceRouter}, which agents on that node ask ({@link #router}). Both inference
 * actors (served and fallback) run on the dispatcher {@value #DISPATCHER}.
 *
 * <p>The router is kept in this per-system extension rather than found through the Receptionist: it is local to
 * each node, and a signal agent must know at once whether inference is set up on its node.
 */
public final class Inference implements Extension {

  public static final String GPU_ROLE = "gpu";
  public static final String DISPATCHER = "agora.inference.dispatcher";
  public static final ServiceKey<InferenceActor.Command> SERVICE_KEY =
      ServiceKey.create(InferenceActor.Command.class, "agora-inference");

  /** What serves when no node with the {@code gpu} role is up. */
  public enum Fallback {
    /** A local inference actor on this node (its predictors on the CPU). */
    LOCAL_CPU,
    /** Nothing: requests are answered with a failure. */
    NONE;

    public String text() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Fallback parse(String s) {
      for (Fallback f : values()) if (f.text().equals(s)) return f;
      throw new IllegalArgumentException("agora.inference.fallback must be local-cpu or none, not '" + s + "'");
    }
  }

  /**
   * Read once from {@code agora.inference}: the fallback, the signal agent's ask timeout, and how long an inference
   * actor waits for more requests before it scores (zero: it scores what is already queued).
   */
  public record Settings(Fallback fallback, Duration askTimeout, Duration batchWindow) {
    public Settings {
      Objects.requireNonNull(fallback, "fallback");
      if (askTimeout.isNegative() || askTimeout.isZero()) {
        throw new IllegalArgumentException("agora.inference.ask-timeout must be positive, was " + askTimeout);
      }
      if (batchWindow.isNegative()) {
        throw new IllegalArgumentException("agora.inference.batch-window must be >= 0, was " + batchWindow);
      }
    }

    public static Settings fromConfig(Config root) {
      Config c = root.getConfig("agora.inference");
      return new Settings(Fallback.parse(c.getString("fallback")), c.getDuration("ask-timeout"),
          c.getDuration("batch-window"));
    }
  }

  private static final ExtensionId<Inference> ID = new ExtensionId<>() {
    @Override
    public Inference createExtension(ActorSystem<?> system) {
      return new Inference(system);
    }
  };

  private final ActorSystem<?> system;
  private volatile ActorRef<InferenceRouter.Command> router;
  private volatile ActorRef<InferenceActor.Command> served;
  private volatile Settings settings;

  private Inference(ActorSystem<?> system) {
    this.system = system;
  }

  /** As {@link #init(ActorSystem, PredictorFactory, PredictorFactory)} with one factory for both. */
  public static Inference init(ActorSystem<?> system, PredictorFactory factory) {
    return init(system, factory, factory);
  }

  /**
   * Starts inference on this node (once; later calls return the same): {@code served} opens the predictors of the
   * registered inference actor (only on a {@code gpu} node), {@code fallback} those of the local CPU fallback.
   */
  public static Inference init(ActorSystem<?> system, PredictorFactory served, PredictorFactory fallback) {
    Inference inference = ID.apply(system);
    inference.start(served, fallback);
    return inference;
  }

  private synchronized void start(PredictorFactory servedFactory, PredictorFactory fallbackFactory) {
    if (router != null) return;
    Settings s = Settings.fromConfig(system.settings().config());
    settings = s;
    if (Cluster.get(system).selfMember().hasRole(GPU_ROLE)) {
      ActorRef<InferenceActor.Command> actor = system.systemActorOf(
          InferenceActor.create(servedFactory, s.batchWindow()), "inference",
          DispatcherSelector.fromConfig(DISPATCHER));
      system.receptionist().tell(Receptionist.register(SERVICE_KEY, actor));
      served = actor;
    }
    router = system.systemActorOf(InferenceRouter.create(fallbackFactory, s), "inference-router",
        DispatcherSelector.defaultDispatcher());
  }

  /** The router of this node, or empty when {@link #init} was not called here. */
  public static Optional<ActorRef<InferenceRouter.Command>> router(ActorSystem<?> system) {
    return Optional.ofNullable(ID.apply(system).router);
  }

  /** The settings {@link #init} read, or empty when it was not called. */
  public static Optional<Settings> settings(ActorSystem<?> system) {
    return Optional.ofNullable(ID.apply(system).settings);
  }

  /** The registered inference actor of this node (a {@code gpu} node), or empty. */
  public static Optional<ActorRef<InferenceActor.Command>> served(ActorSystem<?> system) {
    return Optional.ofNullable(ID.apply(system).served);
  }
}

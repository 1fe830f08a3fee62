package io.agora.agents;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** The testkit's in-memory journal and snapshot store on top of the persistence module's CBOR bindings. */
public final class TestConfig {
  private TestConfig() {}

  public static Config config() {
    return EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()).resolve();
  }
}

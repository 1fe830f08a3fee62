package io.agora.persistence.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documented way to evolve an event class (docs/event-evolution.md): bytes written by version 1 of a class, as
 * they lie in the journal, are read as version 2 through a {@code JacksonMigration} registered in
 * {@code pekko.serialization.jackson.migrations}, with the project's CBOR binding.
 */
class EventEvolutionTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create(ConfigFactory.parseString("""
        pekko.serialization.jackson.migrations {
          "io.agora.persistence.evolution.FundsMoved" = "io.agora.persistence.evolution.FundsMovedMigration"
        }
        """).withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void versionOneBytesInTheJournalAreReadAsVersionTwo() throws Exception {
    var serialization = SerializationExtension.get(kit.system().classicSystem());
    FundsMoved now = new FundsMoved("acme|main", new BigDecimal("12.5"), "EUR");
    Serializer serializer = serialization.findSerializerFor(now);
    String manifest = Serializers.manifestFor(serializer, now);
    assertEquals(FundsMoved.class.getName() + "#2", manifest, "new writes carry the current version");

    // what version 1 wrote: {account, value} in CBOR, manifest without a version (= 1)
    byte[] v1 = new ObjectMapper(new CBORFactory()).writeValueAsBytes(Map.of("account", "acme|main", "value", 7));
    Object read = serialization.deserialize(v1, serializer.identifier(), FundsMoved.class.getName()).get();
    assertEquals(new FundsMoved("acme|main", new BigDecimal("7"), "USDT"), read);

    // and the current version round-trips unchanged
    byte[] v2 = serialization.serialize(now).get();
    assertEquals(now, serialization.deserialize(v2, serializer.identifier(), manifest).get());
  }
}

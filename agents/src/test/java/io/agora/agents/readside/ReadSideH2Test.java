package io.agora.agents.readside;

import io.agora.persistence.DbSettings;
import io.agora.persistence.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The read side on an H2 file database, as a single node runs it by default. */
class ReadSideH2Test extends ReadSideContract {

  @TempDir Path dir;

  @Override
  DbSettings newDatabase() {
    return TestDatabases.h2(dir);
  }

  @Override
  void dropDatabase(DbSettings db) {
    // the temporary directory goes with the test
  }
}

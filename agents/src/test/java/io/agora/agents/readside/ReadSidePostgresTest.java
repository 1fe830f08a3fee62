package io.agora.agents.readside;

import io.agora.persistence.DbSettings;
import io.agora.persistence.testing.TestDatabases;

/** The read side on PostgreSQL (local server at 127.0.0.1:5432, else embedded), a database per test. */
class ReadSidePostgresTest extends ReadSideContract {

  @Override
  DbSettings newDatabase() {
    return TestDatabases.postgres();
  }

  @Override
  void dropDatabase(DbSettings db) {
    TestDatabases.close(db);
  }
}

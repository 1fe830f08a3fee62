-- Offsets of the read-side projections (pekko-projection-jdbc 1.0.0, its defaults: offset-store.table,
-- management-table, use-lowercase-schema = true). The library's own DDL (JdbcProjection.createTablesIfNotExists)
-- with lower-case, unquoted names: its H2 dialect quotes the lower-case names and its PostgreSQL dialect leaves them
-- unquoted, and both resolve to these tables (H2 runs with DATABASE_TO_UPPER=false, see DbSettings). Created here, not
-- at run time, so that a node never needs DDL rights after its migrations.
-- A projection's offset is written in the same transaction as its table updates: exactly-once effect on the read side.

CREATE TABLE IF NOT EXISTS pekko_projection_offset_store (
  projection_name VARCHAR(255) NOT NULL,
  projection_key VARCHAR(255) NOT NULL,
  current_offset VARCHAR(255) NOT NULL,
  manifest VARCHAR(4) NOT NULL,
  mergeable BOOLEAN NOT NULL,
  last_updated BIGINT NOT NULL,
  PRIMARY KEY (projection_name, projection_key)
);
-- The library's index name, so that a createTablesIfNotExists (tests, tools) finds it and adds no second one.
CREATE INDEX IF NOT EXISTS projection_name_index ON pekko_projection_offset_store (projection_name);

-- Paused/resumed projections (ProjectionManagement); empty until someone pauses one.
CREATE TABLE IF NOT EXISTS pekko_projection_management (
  projection_name VARCHAR(255) NOT NULL,
  projection_key VARCHAR(255) NOT NULL,
  paused BOOLEAN NOT NULL,
  last_updated BIGINT NOT NULL,
  PRIMARY KEY (projection_name, projection_key)
);

package io.agora.persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a node's database to the current schema: the tables of the Pekko JDBC plugins and the read side. Run on
 * every node start; already applied migrations are skipped, so a second run changes nothing.
 */
public final class Migrations {

  private Migrations() {}

  /**
   * Applies the pending migrations: the plugin tables from {@code db/migration/{h2,postgresql}} (their DDL differs),
   * the read side from {@code db/migration/common} (one script both databases accept).
   *
   * @return how many migrations were applied (0 when the schema was already current)
   * @throws IllegalStateException when the database cannot be reached or a migration fails
   */
  public static int migrate(DbSettings settings) {
    var config = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
        .locations("classpath:db/migration/" + folder(settings.kind()), "classpath:db/migration/common")
        // A changed, already applied script is a mistake, not something to repair silently.
        .validateOnMigrate(true)
        .connectRetries(0);
    settings.schema().ifPresent(schema -> config.schemas(schema).createSchemas(true));
    try {
      MigrateResult result = config.load().migrate();
      if (settings.kind() == DbSettings.Kind.POSTGRESQL) warnWithoutAutovacuum(settings);
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new IllegalStateException("migrating " + settings + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The journal and read-side queries need the planner's statistics: on a server without autovacuum they are never
   * gathered, and the read side's polls were seen to take seconds (plans for empty tables on tables of 100 k rows).
   */
  static boolean warnWithoutAutovacuum(DbSettings settings) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
            settings.password());
        java.sql.ResultSet rs = c.createStatement().executeQuery("SHOW autovacuum")) {
      if (rs.next() && rs.getString(1).equalsIgnoreCase("off")) {
        org.slf4j.LoggerFactory.getLogger(Migrations.class).warn("PostgreSQL at {} runs with autovacuum = off: the"
            + " journal's and read side's tables get no planner statistics and their queries slow down as they grow."
            + " Turn autovacuum on, or run ANALYZE on the node's database regularly (e.g. from cron).",
            settings.jdbcUrl().replaceAll("(?i)(password=)[^&]*", "$1***"));
        return true;
      }
    } catch (java.sql.SQLException e) {
      org.slf4j.LoggerFactory.getLogger(Migrations.class).debug("could not read the autovacuum setting", e);
    }
    return false;
  }

  private static String folder(DbSettings.Kind kind) {
    return kind == DbSettings.Kind.H2 ? "h2" : "postgresql";
  }
}

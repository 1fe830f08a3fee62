package io.agora.agents.readside;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.projection.jdbc.JdbcSession;

/** One transaction of a projection on one pooled connection: the table updates and the offset commit together. */
final class ConnectionSession implements JdbcSession {

  private final Connection connection;

  private ConnectionSession(Connection connection) {
    this.connection = connection;
  }

  /** Opens a transaction; the projection commits or rolls it back, then closes the session. */
  static ConnectionSession open(DataSource dataSource) {
    try {
      Connection c = dataSource.getConnection();
      try {
        c.setAutoCommit(false);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return new ConnectionSession(c);
    } catch (SQLException e) {
      // The projection fails this envelope and restarts with backoff: a database that is away for a while only delays
      // the read side.
      throw new IllegalStateException("no read-side database connection: " + e.getMessage(), e);
    }
  }

  @Override
  public <R> R withConnection(Function<Connection, R> func) throws Exception {
    return func.apply(connection);
  }

  @Override
  public void commit() throws SQLException {
    connection.commit();
  }

  @Override
  public void rollback() throws SQLException {
    connection.rollback();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}

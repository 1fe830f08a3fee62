package io.agora.http.security;

import static io.agora.http.security.Role.ADMIN;
import static io.agora.http.security.Role.OPERATOR;
import static io.agora.http.security.Role.RESEARCHER;
import static io.agora.http.security.Role.SRE;
import static io.agora.http.security.Role.VIEWER;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * THE permission matrix: every protected route names one permission, and this table is the only place that says
 * which roles hold it. Routes that need no token (health, OpenAPI, docs) name none.
 *
 * <pre>
 * permission          admin operator researcher sre viewer
 * AGENTS_READ           x      x         x       x    x
 * STRATEGIES_CREATE     x      x         x
 * STRATEGIES_CONTROL    x      x         x
 * ACCOUNTS_READ         x      x         x       x    x
 * ACCOUNTS_CREATE       x      x
 * FUNDS_DEPOSIT         x      x
 * RISK_WRITE            x      x
 * KILL_SWITCH           x      x                 x
 * ORDERS_CANCEL         x      x                 x
 * AUDIT_READ            x      x                 x
 * RESEARCH_READ         x      x         x       x    x
 * RESEARCH_RUN          x                x
 * TRADES_FORCE_EXIT     x      x
 * EXCHANGE_KEYS_WRITE   x      x
 * PLATFORM_KILL_SWITCH  x
 * CLUSTER_READ          x                        x
 * CLUSTER_MANAGE        x                        x
 * </pre>
 *
 * <p>The cluster permissions are about the platform, not a tenant: an SRE of any tenant sees every node.
 */
public enum Permission {
  /** List agents, read a strategy agent's status. */
  AGENTS_READ(ADMIN, OPERATOR, RESEARCHER, SRE, VIEWER),
  /** Create and configure a strategy agent. */
  STRATEGIES_CREATE(ADMIN, OPERATOR, RESEARCHER),
  /** Start, pause, resume, stop a strategy agent. */
  STRATEGIES_CONTROL(ADMIN, OPERATOR, RESEARCHER),
  /** Accounts, balances, risk status and limits, orders. */
  ACCOUNTS_READ(ADMIN, OPERATOR, RESEARCHER, SRE, VIEWER),
  /** Create an account. */
  ACCOUNTS_CREATE(ADMIN, OPERATOR),
  /** Deposit funds into an account. */
  FUNDS_DEPOSIT(ADMIN, OPERATOR),
  /** Change an account's risk limits. */
  RISK_WRITE(ADMIN, OPERATOR),
  /** Engage or release an account's or the tenant's kill switch (an SRE may stop trading in an incident). */
  KILL_SWITCH(ADMIN, OPERATOR, SRE),
  /** Cancel an open order. */
  ORDERS_CANCEL(ADMIN, OPERATOR, SRE),
  /** Read the audit log. */
  AUDIT_READ(ADMIN, OPERATOR, SRE),
  /** Read backtest jobs, ensembles, their results and reports. */
  RESEARCH_READ(ADMIN, OPERATOR, RESEARCHER, SRE, VIEWER),
  /** Submit backtests and ensembles, promote an ensemble's best parameter sets to paper agents. */
  RESEARCH_RUN(ADMIN, RESEARCHER),
  /** Force-exit a strategy agent's open trade. */
  TRADES_FORCE_EXIT(ADMIN, OPERATOR),
  /** Store or delete an account's exchange API keys (never readable back). */
  EXCHANGE_KEYS_WRITE(ADMIN, OPERATOR),
  /** Engage or release the platform-wide kill switch (every tenant). */
  PLATFORM_KILL_SWITCH(ADMIN),
  /** Cluster members, roles, shards and entity counts. */
  CLUSTER_READ(ADMIN, SRE),
  /** Make a node leave the cluster gracefully. */
  CLUSTER_MANAGE(ADMIN, SRE);

  private final Set<Role> roles;

  Permission(Role... roles) {
    EnumSet<Role> s = EnumSet.noneOf(Role.class);
    Collections.addAll(s, roles);
    this.roles = Collections.unmodifiableSet(s);
  }

  public Set<Role> roles() {
    return roles;
  }

  public boolean grantedTo(Role role) {
    return roles.contains(role);
  }
}

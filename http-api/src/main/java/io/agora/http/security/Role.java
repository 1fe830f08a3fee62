package io.agora.http.security;

import java.util.Locale;

/** The roles a token's {@code role} claim may name (lower case in the token). */
public enum Role {
  ADMIN, OPERATOR, RESEARCHER, SRE, VIEWER;

  /** The claim's spelling: {@code admin}, {@code operator}, ... */
  public String claim() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named by a claim; only the lower-case spelling is accepted. */
  public static Role fromClaim(String claim) {
    for (Role r : values()) if (r.claim().equals(claim)) return r;
    throw new IllegalArgumentException("unknown role '" + claim + "'; roles: admin, operator, researcher, sre, viewer");
  }
}

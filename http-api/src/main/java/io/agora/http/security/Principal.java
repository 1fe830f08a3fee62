package io.agora.http.security;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who sent a request, from a verified token: {@code sub}, {@code role} and {@code tenant}. The subject goes into the
 * agents' {@code principal} fields, the tenant into entity ids ({@code tenant|...}).
 */
public record Principal(String sub, Role role, String tenant) {
  /** Tenants are the first part of entity ids: no '|', nothing a path or a log line would mangle. */
  public static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public Principal {
    Objects.requireNonNull(role, "role");
    if (sub == null || sub.isBlank() || sub.length() > 200) throw new IllegalArgumentException("sub must be 1..200 characters");
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException("tenant must match " + TENANT.pattern());
    }
  }

  /** The rate limiter's key: a subject counts separately in each tenant. */
  public String key() {
    return tenant + "|" + sub;
  }
}

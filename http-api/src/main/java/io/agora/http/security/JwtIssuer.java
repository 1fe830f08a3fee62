package io.agora.http.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Signs HS256 tokens with the shared secret ({@code agora token}; tests). */
public final class JwtIssuer {
  private final MACSigner signer;
  private final String issuer;

  /**
   * @param secret at least 32 bytes
   * @param issuer the {@code iss} claim, null for none
   */
  public JwtIssuer(byte[] secret, String issuer) {
    try {
      this.signer = new MACSigner(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the HS256 secret must be at least 32 bytes", e);
    }
    this.issuer = issuer == null || issuer.isBlank() ? null : issuer;
  }

  /** A token for {@code principal}, valid from {@code now} for {@code ttl}. */
  public String issue(Principal principal, Duration ttl, Instant now) {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) throw new IllegalArgumentException("ttl must be > 0");
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .subject(principal.sub())
        .claim("role", principal.role().claim())
        .claim("tenant", principal.tenant())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)));
    if (issuer != null) claims.issuer(issuer);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
        claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the token", e);
    }
    return jwt.serialize();
  }
}

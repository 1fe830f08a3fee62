package io.agora.http.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.agora.http.HttpSettings;
import java.security.Key;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies bearer tokens (nimbus-jose-jwt): the one configured algorithm only (HS256 with the shared secret or RS256
 * with a public key; {@code alg: none} and the other algorithm are refused), the signature, {@code exp} (with the
 * configured clock skew), the issuer when one is configured, and the claims {@code sub}, {@code role} (lower case, one
 * of {@link Role}) and {@code tenant}.
 */
public final class JwtVerifier {
  static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "role", "tenant", "exp");

  /** Most verified tokens remembered (then the memory is cleared). */
  static final int CACHE_SIZE = 10_000;

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  /**
   * Tokens already verified, until their {@code exp}: the same string carries the same signature and claims, so a
   * client's next request skips the parse and the signature check (about half of a cheap GET's CPU otherwise).
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record Verified(Principal principal, long expiresAtMillis) {}

  private JwtVerifier(JWSAlgorithm alg, Key key, String issuer, long clockSkewSeconds) {
    processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(alg, key));
    JWTClaimsSet exact = issuer == null ? null : new JWTClaimsSet.Builder().issuer(issuer).build();
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(exact, REQUIRED_CLAIMS);
    claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, clockSkewSeconds));
    processor.setJWTClaimsSetVerifier(claims);
  }

  public static JwtVerifier of(HttpSettings.Jwt jwt) {
    long skew = jwt.clockSkew().toSeconds();
    if (jwt.algorithm().equals("HS256")) {
      return new JwtVerifier(JWSAlgorithm.HS256, new SecretKeySpec(jwt.secret(), "HmacSHA256"), jwt.issuer(), skew);
    }
    return new JwtVerifier(JWSAlgorithm.RS256, parsePublicKey(jwt.publicKeyPem()), jwt.issuer(), skew);
  }

  /** The principal the token names. */
  public Principal verify(String token) throws InvalidTokenException {
    Verified known = verified.get(token);
    if (known != null) {
      if (System.currentTimeMillis() < known.expiresAtMillis()) return known.principal();
      verified.remove(token);
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (BadJWTException e) {
      throw new InvalidTokenException("invalid token: " + e.getMessage());
    } catch (ParseException | BadJOSEException e) {
      throw new InvalidTokenException("invalid token: " + e.getMessage());
    } catch (com.nimbusds.jose.JOSEException | RuntimeException e) {
      throw new InvalidTokenException("invalid token");
    }
    try {
      String role = claims.getStringClaim("role");
      String tenant = claims.getStringClaim("tenant");
      Principal p = new Principal(claims.getSubject(), Role.fromClaim(role), tenant);
      if (claims.getExpirationTime() != null) {
        if (verified.size() >= CACHE_SIZE) verified.clear();
        verified.put(token, new Verified(p, claims.getExpirationTime().getTime()));
      }
      return p;
    } catch (ParseException | IllegalArgumentException e) {
      throw new InvalidTokenException("invalid token claims: " + e.getMessage());
    }
  }

  /** An RSA public key from PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
  public static RSAPublicKey parsePublicKey(String pem) {
    String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(body);
      return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (Exception e) {
      throw new IllegalArgumentException("the RS256 public key is not a PEM RSA public key (BEGIN PUBLIC KEY): " + e, e);
    }
  }
}

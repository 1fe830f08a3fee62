package io.agora.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.agora.http.HttpSettings;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;

class JwtTest {
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef!".getBytes(StandardCharsets.UTF_8);

  static HttpSettings.Jwt hs(String issuer) {
    return new HttpSettings.Jwt("HS256", SECRET, null, issuer, Duration.ofSeconds(30));
  }

  @Test
  void issuedTokensVerify() throws Exception {
    String t = new JwtIssuer(SECRET, null).issue(new Principal("ann", Role.OPERATOR, "acme"), Duration.ofMinutes(5),
        Instant.now());
    Principal p = JwtVerifier.of(hs(null)).verify(t);
    assertEquals(new Principal("ann", Role.OPERATOR, "acme"), p);
  }

  @Test
  void theIssuerIsCheckedWhenConfigured() throws Exception {
    String t = new JwtIssuer(SECRET, "agora").issue(new Principal("ann", Role.SRE, "acme"), Duration.ofMinutes(5),
        Instant.now());
    assertEquals(Role.SRE, JwtVerifier.of(hs("agora")).verify(t).role());
    assertThrows(InvalidTokenException.class, () -> JwtVerifier.of(hs("someone-else")).verify(t));
  }

  @Test
  void claimsAreRequiredAndChecked() throws Exception {
    JwtVerifier v = JwtVerifier.of(hs(null));
    Date exp = Date.from(Instant.now().plusSeconds(60));
    assertThrows(InvalidTokenException.class, () -> v.verify(hs256(new JWTClaimsSet.Builder().subject("a")
        .claim("role", "admin").expirationTime(exp).build()))); // no tenant
    assertThrows(InvalidTokenException.class, () -> v.verify(hs256(new JWTClaimsSet.Builder().subject("a")
        .claim("role", "admin").claim("tenant", "t").build()))); // no exp
    assertThrows(InvalidTokenException.class, () -> v.verify(hs256(new JWTClaimsSet.Builder().subject("a")
        .claim("role", "ADMIN").claim("tenant", "t").expirationTime(exp).build()))); // role not lower case
    assertThrows(InvalidTokenException.class, () -> v.verify(hs256(new JWTClaimsSet.Builder().subject("a")
        .claim("role", "root").claim("tenant", "t").expirationTime(exp).build()))); // unknown role
    assertThrows(InvalidTokenException.class, () -> v.verify(hs256(new JWTClaimsSet.Builder().subject("a")
        .claim("role", "admin").claim("tenant", "a|b").expirationTime(exp).build()))); // tenant breaks entity ids
    assertThrows(InvalidTokenException.class, () -> v.verify(hs256(new JWTClaimsSet.Builder().subject("a")
        .claim("role", "admin").claim("tenant", 7).expirationTime(exp).build()))); // wrong type
    assertThrows(InvalidTokenException.class, () -> v.verify(hs256(new JWTClaimsSet.Builder().subject("a")
        .claim("role", "admin").claim("tenant", "t")
        .expirationTime(Date.from(Instant.now().minusSeconds(120))).build()))); // expired beyond the skew
    assertEquals("t", v.verify(hs256(new JWTClaimsSet.Builder().subject("a").claim("role", "admin")
        .claim("tenant", "t").expirationTime(Date.from(Instant.now().minusSeconds(10))).build())).tenant(),
        "within the clock skew");
  }

  @Test
  void rs256WithAPublicKeyAndNoAlgorithmConfusion() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(kp.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    JwtVerifier v = JwtVerifier.of(new HttpSettings.Jwt("RS256", null, pem, null, Duration.ZERO));
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("idp-user").claim("role", "viewer").claim("tenant", "acme")
        .expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    jwt.sign(new RSASSASigner(kp.getPrivate()));
    assertEquals(Role.VIEWER, v.verify(jwt.serialize()).role());
    // an HS256 token "signed" with the public key's bytes must not pass
    SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    confused.sign(new MACSigner(pem.getBytes(StandardCharsets.UTF_8)));
    assertThrows(InvalidTokenException.class, () -> v.verify(confused.serialize()));
    // and an RS256 verifier refuses HS256 tokens of the shared secret
    assertThrows(InvalidTokenException.class, () -> v.verify(hs256(claims)));
  }

  @Test
  void shortSecretsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new HttpSettings.Jwt("HS256", "short".getBytes(StandardCharsets.UTF_8), null, null, Duration.ZERO));
    assertTrue(e.getMessage().contains("32"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new JwtIssuer(new byte[16], null));
  }

  private static String hs256(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(SECRET));
    return jwt.serialize();
  }
}

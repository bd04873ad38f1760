package org.distarray.actors.transport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 of a hello with the shared secret ({@code distarray.data-plane.secret}); zeros when there is none. */
final class PlaneSecret {
  static final int MAC_BYTES = 32;

  private PlaneSecret() {}

  static byte[] of(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] mac(byte[] secret, byte[] data) {
    if (secret.length == 0) {
      return new byte[MAC_BYTES];
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  static boolean verify(byte[] secret, byte[] data, byte[] mac) {
    return MessageDigest.isEqual(mac(secret, data), mac);
  }
}

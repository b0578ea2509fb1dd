package thalamus.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import thalamus.config.Config;

/** API key strings: drawn from a CSPRNG, shown once, kept only as a SHA-256 digest. */
final class ApiKeys {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    static String generate(boolean testPartner) {
        var key = new StringBuilder(testPartner ? "nerds_test_" : "nerds_live_");
        for (int i = 0; i < 30; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    static boolean wellFormed(String key) {
        return Config.API_KEY.matcher(key).matches();
    }

    static boolean isTestKey(String key) {
        return key.startsWith("nerds_test_");
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Enough of a key for an operator to tell keys apart in listings; never enough to use. */
    static String displayPrefix(String key) {
        return key.substring(0, 15);
    }
}

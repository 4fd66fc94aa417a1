package org.nvr.core.rtsp.server;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.nvr.core.time.NvrClock;

/**
 * Server Digest nonces (RFC 7616 §3.3, §5.4) that need no state: {@code base64url(issuedMillis || HMAC-SHA256(key,
 * issuedMillis)[0..16])}, with a random key per server instance. A nonce is valid for {@code lifetime} after it
 * was issued; after that it is stale (the client retries with a new one, told by {@code stale=true}).
 *
 * <p>Without per-nonce state the nonce count is not tracked, so a captured request can be replayed for the
 * same method and URL until its nonce expires; the lifetime bounds that window.
 */
final class NonceService {

    /** How long a nonce is good for: long enough for a DESCRIBE..PLAY exchange, short against replay. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(3);
    private static final int TIME_BYTES = 8;
    private static final int MAC_BYTES = 16;
    /** A nonce from a few seconds in the future (clock read on another thread) is still ours. */
    private static final long FUTURE_SLACK_MILLIS = 5_000;

    /** What a presented nonce is. */
    enum Validity { VALID, STALE, INVALID }

    private final NvrClock clock;
    private final Duration lifetime;
    private final SecretKeySpec key;

    NonceService(NvrClock clock, Duration lifetime, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A fresh nonce. */
    String issue() {
        byte[] time = ByteBuffer.allocate(TIME_BYTES).putLong(nowMillis()).array();
        byte[] nonce = Arrays.copyOf(time, TIME_BYTES + MAC_BYTES);
        System.arraycopy(mac(time), 0, nonce, TIME_BYTES, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /** Whether {@code nonce} was issued by this server, and is still within its lifetime. */
    Validity check(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Validity.INVALID;
        }
        if (raw.length != TIME_BYTES + MAC_BYTES) {
            return Validity.INVALID;
        }
        byte[] time = Arrays.copyOf(raw, TIME_BYTES);
        byte[] expected = Arrays.copyOf(mac(time), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, TIME_BYTES, raw.length))) {
            return Validity.INVALID;
        }
        long ageMillis = nowMillis() - ByteBuffer.wrap(time).getLong();
        if (ageMillis < -FUTURE_SLACK_MILLIS) {
            return Validity.INVALID;
        }
        return ageMillis > lifetime.toMillis() ? Validity.STALE : Validity.VALID;
    }

    /** The monotonic clock: a wall-clock step must not expire or revive nonces. */
    private long nowMillis() {
        return clock.monotonicNanos() / 1_000_000L;
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256 (Mac Javadoc).
            throw new IllegalStateException("HmacSHA256 missing from this JVM", e);
        }
    }
}

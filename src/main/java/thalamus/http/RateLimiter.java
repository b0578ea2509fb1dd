package thalamus.http;

import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key: each holds up to {@code burst} tokens and refills at {@code ratePerSecond}.
 * Buckets live in memory, so limits are per instance; idle (full) buckets are dropped when the
 * map grows, which bounds memory however many keys (addresses) appear.
 */
public final class RateLimiter {
    private static final int SWEEP_ABOVE = 50_000;

    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
        /** The X-RateLimit-* headers every /api answer carries. */
        public void writeHeaders(Context ctx) {
            ctx.header("X-RateLimit-Limit", Long.toString(limit));
            ctx.header("X-RateLimit-Remaining", Long.toString(remaining));
            ctx.header("X-RateLimit-Reset", Long.toString(resetSeconds));
        }
    }

    private final double ratePerSecond;
    private final long burst;
    private final ConcurrentHashMap<Object, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweepNanos;

    public RateLimiter(double ratePerSecond, long burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code key} if there is one. */
    public Decision acquire(Object key) {
        return bucket(key).take(true);
    }

    /** The state of {@code key}'s bucket, taking nothing (and creating no bucket). */
    public Decision peek(Object key) {
        var bucket = buckets.get(key);
        return bucket == null ? new Decision(true, burst, burst, 0, 0) : bucket.take(false);
    }

    private Bucket bucket(Object key) {
        long now = System.nanoTime();
        if (buckets.size() > SWEEP_ABOVE && now - lastSweepNanos > 1_000_000_000L) {
            lastSweepNanos = now;
            buckets.values().removeIf(Bucket::isFull);
        }
        return buckets.computeIfAbsent(key, k -> new Bucket());
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAtNanos = System.nanoTime();

        synchronized Decision take(boolean consume) {
            refill();
            boolean allowed = tokens >= 1;
            if (allowed && consume) {
                tokens -= 1;
            }
            long resetSeconds = (long) Math.ceil((burst - tokens) / ratePerSecond);
            long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / ratePerSecond));
            return new Decision(allowed, burst, (long) Math.floor(tokens), resetSeconds, retryAfter);
        }

        synchronized boolean isFull() {
            refill();
            return tokens >= burst;
        }

        private void refill() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAtNanos) / 1e9 * ratePerSecond);
            refilledAtNanos = now;
        }
    }
}

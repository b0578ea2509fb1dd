package thalamus.partner;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import thalamus.http.ApiError;
import thalamus.http.RateLimiter;

/**
 * Guards every /api request: resolves {@code Authorization: Bearer <key>} to the calling partner
 * (401 otherwise), then spends one token of that partner's rate limit (429 when empty).
 * Failed attempts spend tokens of the client address's own, small budget; once that is empty the
 * address gets 429 without its keys being looked at, so keys cannot be guessed at speed.
 */
public final class ApiKeyAuthentication implements Handler {
    private final PartnerStore partners;
    private final KeyCache keys;
    private final RateLimiter partnerLimits;
    private final RateLimiter failureLimits;

    public ApiKeyAuthentication(PartnerStore partners, KeyCache keys, RateLimiter partnerLimits, RateLimiter failureLimits) {
        this.partners = partners;
        this.keys = keys;
        this.partnerLimits = partnerLimits;
        this.failureLimits = failureLimits;
    }

    /** Until a partner is known (or when the key lookup itself fails) the headers describe the address's budget. */
    public void describeAddressBudget(Context ctx) {
        failureLimits.peek(ctx.ip()).writeHeaders(ctx);
    }

    @Override
    public void handle(Context ctx) throws Exception {
        var address = ctx.ip();
        var failures = failureLimits.peek(address);
        if (!failures.allowed()) {
            failures.writeHeaders(ctx);
            throw new ApiError.TooManyRequests("Too many failed authentication attempts from this address; retry later.",
                    failures.retryAfterSeconds());
        }
        var caller = authenticate(ctx.header("Authorization"));
        if (caller == null) {
            failureLimits.acquire(address).writeHeaders(ctx);
            throw unauthenticated(ctx.header("Authorization"));
        }
        Caller.set(ctx, caller);
        var decision = partnerLimits.acquire(caller.partnerId());
        decision.writeHeaders(ctx);
        if (!decision.allowed()) {
            throw new ApiError.TooManyRequests("Rate limit exceeded; retry after the number of seconds in Retry-After.",
                    decision.retryAfterSeconds());
        }
    }

    private Caller authenticate(String authorization) throws Exception {
        var key = bearerToken(authorization);
        return key != null && ApiKeys.wellFormed(key) ? keys.find(key, partners::authenticate) : null;
    }

    private static ApiError unauthenticated(String authorization) {
        var key = bearerToken(authorization);
        if (key == null) {
            return new ApiError.Unauthenticated("Send your API key as 'Authorization: Bearer <key>'.");
        }
        if (!ApiKeys.wellFormed(key)) {
            return new ApiError.Unauthenticated("The API key is not a valid Thalamus key.");
        }
        return new ApiError.Unauthenticated("The API key is unknown or has been revoked.");
    }

    /** The token of a Bearer credential, or null when there is none. The scheme is case-insensitive (RFC 9110). */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        var parts = authorization.strip().split("\\s+", 2);
        return parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") ? parts[1].strip() : null;
    }
}

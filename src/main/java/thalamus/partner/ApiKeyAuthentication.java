package thalamus.partner;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import thalamus.http.ApiError;

/** Resolves {@code Authorization: Bearer <key>} to the calling partner, or answers 401. */
public final class ApiKeyAuthentication implements Handler {
    private final PartnerStore partners;

    public ApiKeyAuthentication(PartnerStore partners) {
        this.partners = partners;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        var key = bearerToken(ctx.header("Authorization"));
        if (key == null) {
            throw new ApiError.Unauthenticated("Send your API key as 'Authorization: Bearer <key>'.");
        }
        if (!ApiKeys.wellFormed(key)) {
            throw new ApiError.Unauthenticated("The API key is not a valid Thalamus key.");
        }
        var caller = partners.authenticate(key)
                .orElseThrow(() -> new ApiError.Unauthenticated("The API key is unknown or has been revoked."));
        Caller.set(ctx, caller);
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

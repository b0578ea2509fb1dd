package thalamus.partner;

import io.javalin.http.Context;
import java.util.UUID;

/** The partner (and the internal id of the key it used) behind an authenticated /api request. */
public record Caller(long partnerId, UUID partnerUuid, long keyId) {
    public static final String ATTRIBUTE = "thalamus.caller";

    static void set(Context ctx, Caller caller) {
        ctx.attribute(ATTRIBUTE, caller);
    }

    public static Caller of(Context ctx) {
        Caller caller = ctx.attribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("route is not behind API key authentication");
        }
        return caller;
    }
}

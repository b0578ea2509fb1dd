package thalamus.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** The contract's response shapes: every body Thalamus writes is one of these two. */
public final class Envelope {
    private Envelope() {
    }

    record Success(boolean success, Object data, String message) {
    }

    record Listed(boolean success, List<?> data, String message, Meta meta) {
    }

    record Meta(String nextCursor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Failure(boolean success, String message, Map<String, List<String>> errors, String requestId) {
    }

    public static void ok(Context ctx, int status, Object data, String message) {
        write(ctx, status, new Success(true, data, message));
    }

    /** A page of a listing; {@code nextCursor} is null on the last page. */
    public static void page(Context ctx, List<?> data, String nextCursor, String message) {
        write(ctx, 200, new Listed(true, data, message, new Meta(nextCursor)));
    }

    static void failure(Context ctx, int status, String message, Map<String, List<String>> errors) {
        write(ctx, status, new Failure(false, message, errors, RequestIds.of(ctx)));
    }

    static byte[] failureBody(String message, String requestId) {
        return bytes(new Failure(false, message, null, requestId));
    }

    private static void write(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(bytes(body));
    }

    private static byte[] bytes(Object body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body could not be serialised", e);
        }
    }
}

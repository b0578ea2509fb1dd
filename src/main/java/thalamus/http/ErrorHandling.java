package thalamus.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses. Javalin's own defaults (plain text unless the
 * client asks for JSON, its wording, stack traces in dev mode) are replaced by the error envelope.
 */
public final class ErrorHandling {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    /** SQLStates meaning "the database is away or refusing work right now", worth a retry. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of(
            "57P01", "57P02", "57P03", "53300", "40001", "40P01");

    private ErrorHandling() {
    }

    public static void register(JavalinConfig config, long maxBodyBytes) {
        config.routes.exception(ApiError.class, ErrorHandling::render);
        config.routes.exception(HttpResponseException.class, (e, ctx) -> javalinResponse(e, ctx, maxBodyBytes));
        config.routes.exception(SQLException.class, (e, ctx) -> {
            if (isUnavailable(e)) {
                log.warn("Database unavailable on {} {} (request {}): SQLState {}: {}",
                        ctx.method(), ctx.path(), RequestIds.of(ctx), e.getSQLState(), e.getMessage());
                render(new ApiError.DatabaseUnavailable(), ctx);
            } else {
                unexpected(e, ctx);
            }
        });
        // A body cut short or garbled on the wire (bad chunking, early EOF) fails while it is read.
        config.routes.exception(java.io.IOException.class, (e, ctx) ->
                Envelope.failure(ctx, 400, "The request body could not be read completely.", null));
        config.routes.exception(org.eclipse.jetty.http.BadMessageException.class, (e, ctx) ->
                Envelope.failure(ctx, e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 400, "The request is malformed HTTP.", null));
        config.routes.exception(Exception.class, ErrorHandling::unexpected);
    }

    private static void render(ApiError e, Context ctx) {
        e.headers().forEach(ctx::header);
        Envelope.failure(ctx, e.status(), e.getMessage(), e.errors());
    }

    private static void javalinResponse(HttpResponseException e, Context ctx, long maxBodyBytes) {
        var message = switch (e.getStatus()) {
            case 404 -> "There is no route for " + ctx.method() + " " + ctx.path() + ".";
            case 405 -> "This route does not accept " + ctx.method() + ".";
            case 413 -> "The request body is larger than the limit of " + maxBodyBytes + " bytes.";
            default -> e.getStatus() < 500 ? "The request cannot be served." : "The server could not complete the request.";
        };
        var allowed = e.getDetails().get("availableMethods");
        if (e.getStatus() == 405 && allowed != null) {
            ctx.header("Allow", allowed.replaceAll("[\\[\\]\\s]", "").replace(",", ", "));
        }
        Envelope.failure(ctx, e.getStatus(), message, null);
    }

    private static void unexpected(Exception e, Context ctx) {
        log.error("Unexpected failure on {} {} (request {})", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
        Envelope.failure(ctx, 500, "Something went wrong on our side; the failure is logged under this request id.", null);
    }

    /** Whether the database is away or refusing work for now (503 with Retry-After), not failing this request. */
    public static boolean isUnavailable(SQLException e) {
        var state = e.getSQLState();
        return e instanceof SQLTransientConnectionException
                || (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)));
    }
}

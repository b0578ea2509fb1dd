package thalamus.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a request body as a JSON object with Jackson directly: Javalin's bodyAsClass would turn
 * malformed JSON into a 500 and coerce types that the contract says to refuse.
 */
public final class JsonBody {
    private JsonBody() {
    }

    public static ObjectNode object(Context ctx) {
        requireJsonContentType(ctx);
        byte[] bytes = ctx.bodyAsBytes(); // enforces the body size limit (413)
        if (bytes.length == 0) {
            throw new ApiError.BadRequest("The request body is empty; send a JSON object.");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw new ApiError.BadRequest("The request body nests deeper than " + Json.MAX_NESTING_DEPTH
                    + " levels or holds a number that is too long.");
        } catch (StreamReadException e) {
            throw new ApiError.BadRequest(describe(e));
        } catch (JsonProcessingException e) {
            throw new ApiError.BadRequest("The request body is not valid JSON.");
        } catch (IOException e) {
            throw new ApiError.BadRequest("The request body could not be read.");
        }
        if (node == null || !node.isObject()) {
            throw new ApiError.BadRequest("The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    private static void requireJsonContentType(Context ctx) {
        var type = ctx.header("Content-Type");
        var mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiError.UnsupportedMediaType("Send the request body as application/json.");
        }
    }

    /** Where the JSON broke, without echoing the client's bytes back. */
    private static String describe(StreamReadException e) {
        var why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                ? "has a duplicate field name"
                : "is not valid JSON";
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1
                ? "The request body " + why + "."
                : "The request body %s (line %d, column %d).".formatted(why, at.getLineNr(), at.getColumnNr());
    }
}

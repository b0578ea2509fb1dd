package thalamus.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads query parameters strictly, collecting every problem by parameter name, like {@link Fields}. */
public final class QueryParams {
    private final Context ctx;
    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    public QueryParams(Context ctx) {
        this.ctx = ctx;
    }

    /** The value of a parameter sent once, or null when absent. */
    public String text(String name, int maxLength) {
        var values = ctx.queryParams(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            fail(name, name + " must be given at most once.");
            return null;
        }
        var value = values.getFirst();
        var problem = Fields.problemWith(value, Fields.Text.IDENTIFIER, maxLength);
        if (problem != null) {
            fail(name, name + " " + problem);
            return null;
        }
        return value;
    }

    public int limit(int fallback, int max) {
        var value = text("limit", 10);
        if (value == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail("limit", "limit must be a whole number from 1 to " + max + ".");
        return fallback;
    }

    /** A comma-separated list whose every element is one of {@code allowed}; null when absent. */
    public List<String> listOf(String name, List<String> allowed) {
        var value = text(name, 1_000);
        if (value == null) {
            return null;
        }
        var items = List.of(value.split(",", -1)).stream().map(String::strip).distinct().toList();
        if (!allowed.containsAll(items)) {
            fail(name, name + " must be one or more of: " + String.join(", ", allowed) + ", separated by commas.");
            return null;
        }
        return items;
    }

    /** One of {@code allowed}; null when absent. */
    public String oneOf(String name, List<String> allowed) {
        var value = text(name, 1_000);
        if (value == null || allowed.contains(value)) {
            return value;
        }
        fail(name, name + " must be one of: " + String.join(", ", allowed) + ".");
        return null;
    }

    public Instant instant(String name) {
        var value = text(name, 64);
        if (value == null) {
            return null;
        }
        try {
            var timestamp = OffsetDateTime.parse(value);
            if (timestamp.getYear() >= 1 && timestamp.getYear() <= 9999) { // PostgreSQL's range is narrower than Java's
                return timestamp.toInstant();
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        fail(name, name + " must be an RFC 3339 timestamp such as 2026-03-09T10:30:00Z.");
        return null;
    }

    public void fail(String name, String message) {
        errors.computeIfAbsent(name, k -> new ArrayList<>()).add(message);
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ApiError.ValidationFailed(errors);
        }
    }
}

package thalamus.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every failure a client is meant to see. Handlers throw these; {@link ErrorHandling} alone turns
 * them into the error envelope. They carry no stack trace: they are outcomes, not bugs.
 */
public abstract sealed class ApiError extends RuntimeException {
    private final int status;

    private ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Field-level messages, or null where no single field is at fault. */
    public Map<String, List<String>> errors() {
        return null;
    }

    public Map<String, String> headers() {
        return Map.of();
    }

    public static final class BadRequest extends ApiError {
        public BadRequest(String message) {
            super(400, message);
        }
    }

    public static final class Unauthenticated extends ApiError {
        public Unauthenticated(String message) {
            super(401, message);
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("WWW-Authenticate", "Bearer realm=\"thalamus\"");
        }
    }

    public static final class NotFound extends ApiError {
        public NotFound(String message) {
            super(404, message);
        }
    }

    public static final class PreconditionFailed extends ApiError {
        public PreconditionFailed(String message) {
            super(412, message);
        }
    }

    public static final class UnsupportedMediaType extends ApiError {
        public UnsupportedMediaType(String message) {
            super(415, message);
        }
    }

    public static final class ValidationFailed extends ApiError {
        private final Map<String, List<String>> errors;

        public ValidationFailed(Map<String, List<String>> errors) {
            super(422, errors.size() == 1
                    ? "The request has an invalid field; see errors."
                    : "The request has %d invalid fields; see errors.".formatted(errors.size()));
            this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }

        public static ValidationFailed of(String field, String message) {
            return new ValidationFailed(Map.of(field, List.of(message)));
        }

        @Override
        public Map<String, List<String>> errors() {
            return errors;
        }
    }

    public static final class TooManyRequests extends ApiError {
        private final long retryAfterSeconds;

        public TooManyRequests(String message, long retryAfterSeconds) {
            super(429, message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", Long.toString(retryAfterSeconds));
        }
    }

    public static final class DatabaseUnavailable extends ApiError {
        public DatabaseUnavailable() {
            super(503, "The database is unavailable; retry shortly.");
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", "1");
        }
    }
}

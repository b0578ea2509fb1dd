package thalamus.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of one JSON request object, collecting every problem by field name so the
 * client learns all of them at once. No type is coerced: a number is not a string.
 */
public final class Fields {
    /** What characters a string field may hold. Lengths are counted in code points. */
    public enum Text {
        /** Machine identifiers: no control characters at all. */
        IDENTIFIER,
        /** Short display text: no control characters, and not only whitespace. */
        LINE,
        /** Longer prose: tab, line feed and carriage return allowed. */
        FREE_TEXT
    }

    private final ObjectNode body;
    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    public Fields(ObjectNode body) {
        this.body = body;
    }

    public String requiredText(String name, Text kind, int maxLength) {
        var node = body.get(name);
        if (node == null || node.isNull()) {
            fail(name, name + " is required.");
            return null;
        }
        return text(name, node, kind, maxLength);
    }

    public Provided<String> optionalText(String name, Text kind, int maxLength, boolean nullable) {
        var node = body.get(name);
        if (node == null) {
            return Provided.absent();
        }
        if (node.isNull()) {
            if (!nullable) {
                fail(name, name + " cannot be null; leave it out to keep its current value.");
            }
            return Provided.of(null);
        }
        return Provided.of(text(name, node, kind, maxLength));
    }

    public String requiredOneOf(String name, List<String> allowed) {
        var value = requiredText(name, Text.IDENTIFIER, Integer.MAX_VALUE);
        return value == null ? null : oneOf(name, value, allowed);
    }

    public Provided<String> optionalOneOf(String name, List<String> allowed) {
        var value = optionalText(name, Text.IDENTIFIER, Integer.MAX_VALUE, false);
        return value.value() == null ? value : Provided.of(oneOf(name, value.value(), allowed));
    }

    public Provided<Boolean> optionalBoolean(String name) {
        var node = body.get(name);
        if (node == null) {
            return Provided.absent();
        }
        if (!node.isBoolean()) {
            fail(name, name + " must be true or false, not " + typeOf(node) + ".");
            return Provided.absent();
        }
        return Provided.of(node.booleanValue());
    }

    public void fail(String name, String message) {
        errors.computeIfAbsent(name, k -> new ArrayList<>()).add(message);
    }

    /** Throws {@link ApiError.ValidationFailed} with every problem found, if there was any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ApiError.ValidationFailed(errors);
        }
    }

    private String oneOf(String name, String value, List<String> allowed) {
        if (allowed.contains(value)) {
            return value;
        }
        fail(name, name + " must be one of: " + String.join(", ", allowed) + ".");
        return null;
    }

    private String text(String name, JsonNode node, Text kind, int maxLength) {
        if (!node.isTextual()) {
            fail(name, name + " must be a string, not " + typeOf(node) + ".");
            return null;
        }
        var value = node.textValue();
        var problem = problemWith(value, kind, maxLength);
        if (problem != null) {
            fail(name, name + " " + problem);
            return null;
        }
        return value;
    }

    /** Why a string is not acceptable, or null. Public for path parameters and headers. */
    public static String problemWith(String value, Text kind, int maxLength) {
        int length = 0;
        boolean onlySpace = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                onlySpace = false;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate, which is not valid Unicode.";
            } else if (isControl(c, kind)) {
                return c == 0 ? "must not contain NUL characters." : "must not contain control characters.";
            } else if (onlySpace && !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                    && Character.getType(c) != Character.FORMAT) {
                onlySpace = false;
            }
            length++;
        }
        if (length > maxLength) {
            return "must be at most %d characters long (it has %d).".formatted(maxLength, length);
        }
        if (kind == Text.IDENTIFIER && length == 0) {
            return "must not be empty.";
        }
        if (kind == Text.LINE && onlySpace) {
            return "must not be blank.";
        }
        return null;
    }

    private static boolean isControl(char c, Text kind) {
        if (kind == Text.FREE_TEXT && (c == '\t' || c == '\n' || c == '\r')) {
            return false;
        }
        return c < 0x20 || c == 0x7F || (kind != Text.FREE_TEXT && c >= 0x80 && c <= 0x9F);
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}

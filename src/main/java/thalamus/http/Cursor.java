package thalamus.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque keyset-pagination cursors. A cursor names the partner and the query it belongs to, so
 * one replayed by another partner or with other filters is refused rather than silently wrong.
 */
public final class Cursor {
    private Cursor() {
    }

    /** The cursor continuing after {@code position}; null (the last page) when there is none. */
    public static String encode(long partnerId, String query, Long position) {
        if (position == null) {
            return null;
        }
        var text = "1|" + partnerId + "|" + Integer.toHexString(query.hashCode()) + "|" + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor continues after ({@code start} without one), or a 422 naming {@code field}. */
    public static long decode(String cursor, long partnerId, String query, String field, long start) {
        if (cursor == null) {
            return start;
        }
        try {
            var parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length == 4 && parts[0].equals("1")
                    && Long.parseLong(parts[1]) == partnerId
                    && parts[2].equals(Integer.toHexString(query.hashCode()))) {
                return Long.parseLong(parts[3]);
            }
        } catch (IllegalArgumentException malformed) {
            // reported below
        }
        throw ApiError.ValidationFailed.of(field, field + " is not a cursor this listing handed out with these filters.");
    }
}

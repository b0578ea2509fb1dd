package thalamus.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The conditional-request headers of RFC 9110 (If-Match, If-None-Match) against a record's integer
 * version, whose strong entity tag is {@code "v<version>"}.
 */
public record Precondition(List<String> ifMatch, List<String> ifNoneMatch) {
    private static final Pattern TAG = Pattern.compile("\\*|(W/)?\"[^\"]*\"");

    public static Precondition from(Context ctx) {
        return new Precondition(tags(ctx.header("If-Match")), tags(ctx.header("If-None-Match")));
    }

    public static String etag(int version) {
        return "\"v" + version + "\"";
    }

    public boolean none() {
        return ifMatch == null && ifNoneMatch == null;
    }

    /** Whether the request may go ahead on a record at {@code version}, or on none when null. */
    public boolean allows(Integer version) {
        var current = version == null ? null : etag(version);
        if (ifMatch != null && (current == null || !(ifMatch.contains("*") || ifMatch.contains(current)))) {
            return false;
        }
        return ifNoneMatch == null || current == null || !(ifNoneMatch.contains("*") || ifNoneMatch.contains(current));
    }

    /** If-None-Match with a missing record: only a create may go ahead, never an update. */
    public boolean createOnly() {
        return ifNoneMatch != null;
    }

    private static List<String> tags(String header) {
        if (header == null) {
            return null;
        }
        var matcher = TAG.matcher(header);
        var tags = new java.util.ArrayList<String>();
        while (matcher.find()) {
            tags.add(matcher.group()); // weak tags keep their W/ and so never match: If-Match compares strongly
        }
        return tags;
    }
}

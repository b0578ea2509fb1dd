package thalamus.http;

import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Every request gets an id: the client's own X-Request-Id when it is sane, else a fresh one. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "thalamus.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static void assign(Context ctx) {
        var sent = ctx.header(HEADER);
        var id = sent != null && SANE.matcher(sent).matches() ? sent : fresh();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) { // a failure before the filter ran
            assign(ctx);
            id = ctx.attribute(ATTRIBUTE);
        }
        return id;
    }

    static String fresh() {
        var random = ThreadLocalRandom.current();
        return "req_" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }
}

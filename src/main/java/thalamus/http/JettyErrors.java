package thalamus.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty refuses before Javalin sees them (a malformed URI, headers too large) would get
 * Jetty's HTML error page; this answers them in the error envelope too.
 */
public final class JettyErrors extends ErrorHandler {
    /** Jetty writes error bodies only for GET, POST and HEAD by default; every method gets one here. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String reason,
                                    Throwable cause, Callback callback) {
        var message = switch (status) {
            case 400 -> "The request is malformed HTTP.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            default -> status < 500 ? "The request cannot be served." : "The server could not complete the request.";
        };
        var requestId = RequestIds.fresh();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.write(true, ByteBuffer.wrap(Envelope.failureBody(message, requestId)), callback);
    }
}

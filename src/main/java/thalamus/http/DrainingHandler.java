package thalamus.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Lets a stopping server finish its work. Jetty's own GracefulHandler answers 503 to requests that
 * arrive on open keep-alive connections once shutdown has begun; here they are still served, with
 * {@code Connection: close}, so a client only ever sees an answer or a closed connection, never a
 * 5xx. Shutdown completes when no request is in flight (Jetty bounds the wait by its stop timeout).
 */
public final class DrainingHandler extends Handler.Wrapper implements Graceful {
    private final AtomicLong inFlight = new AtomicLong();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (shuttingDown) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        inFlight.incrementAndGet();
        boolean handled = false;
        try {
            handled = super.handle(request, response, Callback.from(callback, this::finished));
            return handled;
        } finally {
            if (!handled) {
                finished();
            }
        }
    }

    private void finished() {
        if (inFlight.decrementAndGet() == 0 && shuttingDown) {
            drained.complete(null);
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        shuttingDown = true;
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    @Override
    public boolean isShutdown() {
        return shuttingDown;
    }
}

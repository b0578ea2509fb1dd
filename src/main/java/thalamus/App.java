package thalamus;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import org.eclipse.jetty.http.UriCompliance;
import thalamus.config.Config;
import thalamus.docs.ApiDocs;
import thalamus.http.DrainingHandler;
import thalamus.http.ErrorHandling;
import thalamus.http.JettyErrors;
import thalamus.http.RateLimiter;
import thalamus.http.RequestIds;
import thalamus.ops.Metrics;
import thalamus.ops.Operations;
import thalamus.partner.AdminRoutes;
import thalamus.partner.ApiKeyAuthentication;
import thalamus.partner.KeyCache;
import thalamus.partner.PartnerStore;
import thalamus.status.StatusRoutes;

/** The composition root: builds the HTTP app and declares every route. Tests call this too. */
public final class App {
    private App() {
    }

    /**
     * Javalin routes by X-HTTP-Method-Override when present: a GET could reach DELETE, and every
     * made-up method would become a new metrics series. No client of this API needs it.
     */
    private static void refuseMethodOverride(io.javalin.http.Context ctx) {
        if (ctx.req().getHeader("X-HTTP-Method-Override") != null) {
            throw new thalamus.http.ApiError.BadRequest("X-HTTP-Method-Override is not supported; send the real method.");
        }
    }

    public static Javalin create(Config config, HikariDataSource dataSource) {
        var partners = new PartnerStore(dataSource);
        var keys = new KeyCache(dataSource);
        var authentication = new ApiKeyAuthentication(partners, keys,
                new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst()),
                new RateLimiter(config.authFailureBurst() / 60.0, config.authFailureBurst()));
        var metrics = new Metrics(dataSource);
        var statuses = new StatusRoutes(dataSource, config.upsertWriters(), config.dbTimeoutMs(),
                metrics::recordUpsertBatch);
        metrics.gaugeUpsertBacklog(statuses::upsertBacklog);
        var operations = new Operations(dataSource, metrics);
        var docs = new ApiDocs();
        var admin = config.adminEnabled() ? new AdminRoutes(partners, keys, config.adminToken()) : null;

        return Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.http.prefer405over404 = true;
            javalin.http.defaultContentType = "application/json";
            javalin.router.ignoreTrailingSlashes = true;
            // Javalin lets Jetty accept %uXXXX escapes, which its own path decoding then fails on (500).
            javalin.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(
                    UriCompliance.LEGACY.without("LEGACY without UTF-16 escapes", UriCompliance.Violation.UTF16_ENCODINGS)));
            javalin.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyErrors());
                // On stop, Jetty stops accepting and lets requests in flight finish, up to the grace period.
                server.insertHandler(new DrainingHandler());
                server.setStopTimeout(config.shutdownGraceMs());
            });
            javalin.events.serverStopped(() -> {
                statuses.close();
                keys.close();
                metrics.close();
            });
            ErrorHandling.register(javalin, config.maxBodyBytes());

            javalin.routes.before(RequestIds::assign);
            javalin.routes.before(App::refuseMethodOverride);
            // Every /api answer carries rate-limit headers, even for routes that do not exist (404, 405);
            // keys are checked only on routes that do, and the API's own description is public.
            javalin.routes.before("/api/*", authentication::describeAddressBudget);
            javalin.routes.beforeMatched("/api/*", ctx -> {
                if (!ctx.path().equals(ApiDocs.OPENAPI_PATH)) {
                    authentication.handle(ctx);
                }
            });
            statuses.register(javalin);
            operations.register(javalin);
            docs.register(javalin);
            if (admin != null) {
                admin.register(javalin);
            }
        });
    }
}

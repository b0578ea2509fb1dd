package thalamus;

import io.javalin.Javalin;
import javax.sql.DataSource;
import thalamus.config.Config;
import thalamus.http.ErrorHandling;
import thalamus.http.JettyErrors;
import thalamus.http.RequestIds;
import thalamus.partner.AdminRoutes;
import thalamus.partner.ApiKeyAuthentication;
import thalamus.partner.PartnerStore;
import thalamus.status.StatusRoutes;

/** The composition root: builds the HTTP app and declares every route. Tests call this too. */
public final class App {
    private App() {
    }

    public static Javalin create(Config config, DataSource dataSource) {
        var partners = new PartnerStore(dataSource);
        var authentication = new ApiKeyAuthentication(partners);
        var statuses = new StatusRoutes(dataSource);
        var admin = config.adminEnabled() ? new AdminRoutes(partners, config.adminToken()) : null;

        return Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            javalin.http.prefer405over404 = true;
            javalin.http.defaultContentType = "application/json";
            javalin.router.ignoreTrailingSlashes = true;
            javalin.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            ErrorHandling.register(javalin, config.maxBodyBytes());

            javalin.routes.before(RequestIds::assign);
            javalin.routes.beforeMatched("/api/*", authentication);
            statuses.register(javalin);
            if (admin != null) {
                admin.register(javalin);
            }
        });
    }
}

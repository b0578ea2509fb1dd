package thalamus.status;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import javax.sql.DataSource;
import thalamus.http.Envelope;
import thalamus.http.JsonBody;
import thalamus.partner.Caller;

/** The partner status variant endpoints (CONTRACT.md §2). */
public final class StatusRoutes {
    private final StatusVariantStore store;

    public StatusRoutes(DataSource dataSource) {
        this.store = new StatusVariantStore(dataSource);
    }

    public void register(JavalinConfig config) {
        config.routes.post("/api/v1/partner/reference/status", this::upsert);
        config.routes.post("/api/v1/reference/status", this::upsert);
    }

    private void upsert(Context ctx) throws Exception {
        var input = StatusVariantInput.parse(JsonBody.object(ctx));
        var result = store.upsert(Caller.of(ctx).partnerId(), input);
        switch (result.outcome()) {
            case CREATED -> Envelope.ok(ctx, 201, result.variant().view(), "Status variant created successfully");
            case UPDATED -> Envelope.ok(ctx, 200, result.variant().view(), "Status variant updated successfully");
            case UNCHANGED -> Envelope.ok(ctx, 200, result.variant().view(), "Status variant unchanged");
        }
    }
}

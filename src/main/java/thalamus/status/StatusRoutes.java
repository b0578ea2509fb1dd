package thalamus.status;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import thalamus.http.ApiError;
import thalamus.http.Cursor;
import thalamus.http.Envelope;
import thalamus.http.Fields;
import thalamus.http.JsonBody;
import thalamus.http.Precondition;
import thalamus.http.QueryParams;
import thalamus.partner.Caller;

/** The partner status variant endpoints (CONTRACT.md §2 and the read, delete and history API). */
public final class StatusRoutes {
    /** The contract's path, and the path the other reference endpoints use. */
    private static final List<String> BASES = List.of("/api/v1/partner/reference/status", "/api/v1/reference/status");

    private final StatusVariantStore store;
    private final UpsertQueue upserts;

    /**
     * @param writers   connections writing single upserts, each one shared batch at a time
     * @param timeoutMs how long a single upsert waits for its turn before answering 503
     * @param batchSizes told how many single upserts each shared commit wrote
     */
    public StatusRoutes(DataSource dataSource, int writers, long timeoutMs, java.util.function.IntConsumer batchSizes) {
        this.store = new StatusVariantStore(dataSource);
        this.upserts = new UpsertQueue(dataSource, writers, timeoutMs, batchSizes);
    }

    /** Single upserts waiting for a writer. */
    public int upsertBacklog() {
        return upserts.backlog();
    }

    /** Once no request is left in flight. */
    public void close() {
        upserts.close();
    }

    public void register(JavalinConfig config) {
        for (var base : BASES) {
            config.routes.post(base, this::upsert);
            config.routes.post(base + "/bulk", this::bulkUpsert);
            config.routes.get(base, this::list);
            config.routes.get(base + "/{id}", this::show);
            config.routes.delete(base + "/{id}", this::deactivate);
            config.routes.get(base + "/{id}/history", this::history);
        }
        config.routes.get("/api/v1/reference/status-categories", this::categories);
    }

    private void upsert(Context ctx) throws Exception {
        var input = StatusVariantInput.parse(JsonBody.object(ctx));
        var caller = Caller.of(ctx);
        var upsert = new StatusVariantStore.Upsert(caller.partnerId(), caller.keyId(), input);
        var precondition = Precondition.from(ctx);
        var written = precondition.none() ? upserts.upsert(upsert) : store.upsert(upsert, precondition);
        var message = switch (written.outcome()) {
            case CREATED -> "Status variant created successfully";
            case UPDATED -> "Status variant updated successfully";
            case UNCHANGED -> "Status variant unchanged";
        };
        respond(ctx, written.outcome() == StatusVariantStore.Outcome.CREATED ? 201 : 200, written.variant(), message);
    }

    private void bulkUpsert(Context ctx) throws Exception {
        var bulk = BulkUpsert.parse(JsonBody.object(ctx));
        var caller = Caller.of(ctx);
        var valid = bulk.validInputs();
        var applied = valid.isEmpty() ? java.util.Map.<String, StatusVariantStore.Written>of()
                : store.upsertAll(caller.partnerId(), caller.keyId(), valid);
        Envelope.ok(ctx, 200, bulk.answer(applied), "Bulk upsert processed");
    }

    private void list(Context ctx) throws Exception {
        var params = new QueryParams(ctx);
        var query = StatusVariantQuery.parse(params);
        int limit = params.limit(100, 1_000);
        var cursor = params.text("cursor", 200);
        params.throwIfInvalid();
        long partnerId = Caller.of(ctx).partnerId();
        long after = Cursor.decode(cursor, partnerId, query.fingerprint(), "cursor", 0);
        var page = store.list(partnerId, query, after, limit);
        Envelope.page(ctx, page.items().stream().map(StatusVariant::view).toList(),
                Cursor.encode(partnerId, query.fingerprint(), page.nextPosition()), "Status variants listed");
    }

    private void show(Context ctx) throws Exception {
        respond(ctx, 200, existing(ctx), "Status variant found");
    }

    private void deactivate(Context ctx) throws Exception {
        var caller = Caller.of(ctx);
        var written = store.deactivate(caller.partnerId(), caller.keyId(), externalId(ctx), Precondition.from(ctx));
        if (written == null) {
            throw notFound();
        }
        respond(ctx, 200, written.variant(), written.outcome() == StatusVariantStore.Outcome.UPDATED
                ? "Status variant deactivated" : "Status variant was already inactive");
    }

    private void history(Context ctx) throws Exception {
        var variant = existing(ctx);
        var params = new QueryParams(ctx);
        int limit = params.limit(100, 1_000);
        var cursor = params.text("cursor", 200);
        params.throwIfInvalid();
        long partnerId = Caller.of(ctx).partnerId();
        var scope = "status-variant-history|" + variant.id();
        int before = (int) Cursor.decode(cursor, partnerId, scope, "cursor", Integer.MAX_VALUE);
        var page = store.history(variant.id(), before, limit);
        Envelope.page(ctx, page.items().stream().map(StatusVariantChange::view).toList(),
                Cursor.encode(partnerId, scope, page.nextPosition()), "Status variant history listed");
    }

    private void categories(Context ctx) {
        Envelope.page(ctx, Arrays.stream(StatusCategory.values()).map(StatusCategory::view).toList(), null,
                "Status categories listed");
    }

    private StatusVariant existing(Context ctx) throws Exception {
        var variant = store.find(Caller.of(ctx).partnerId(), externalId(ctx));
        if (variant == null) {
            throw notFound();
        }
        return variant;
    }

    /** The id from the path; one that no variant could have (too long, control characters) is simply not found. */
    private static String externalId(Context ctx) {
        var id = ctx.pathParam("id");
        if (Fields.problemWith(id, Fields.Text.IDENTIFIER, 256) != null) {
            throw notFound();
        }
        return id;
    }

    private static ApiError.NotFound notFound() {
        return new ApiError.NotFound("There is no status variant with this id.");
    }

    private static void respond(Context ctx, int status, StatusVariant variant, String message) {
        ctx.header("ETag", Precondition.etag(variant.version()));
        Envelope.ok(ctx, status, variant.view(), message);
    }
}

package thalamus.partner;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import thalamus.http.ApiError;
import thalamus.http.Envelope;
import thalamus.http.Fields;
import thalamus.http.JsonBody;
import thalamus.http.Timestamps;

/** The operator's API for partners and keys; only served when an admin token is configured. */
public final class AdminRoutes {
    private final PartnerStore partners;
    private final KeyCache keys;
    private final byte[] adminTokenDigest;

    public AdminRoutes(PartnerStore partners, KeyCache keys, String adminToken) {
        this.partners = partners;
        this.keys = keys;
        this.adminTokenDigest = ApiKeys.sha256(adminToken);
    }

    public void register(JavalinConfig config) {
        config.routes.beforeMatched("/admin/*", this::requireAdminToken);
        config.routes.post("/admin/v1/partners", this::createPartner);
        config.routes.get("/admin/v1/partners", this::listPartners);
        config.routes.post("/admin/v1/partners/{uuid}/keys", this::addKey);
        config.routes.delete("/admin/v1/keys/{id}", this::revokeKey);
    }

    private void requireAdminToken(Context ctx) {
        var token = ApiKeyAuthentication.bearerToken(ctx.header("Authorization"));
        // Comparing fixed-length digests keeps the comparison constant-time, whatever was sent.
        if (token == null || !MessageDigest.isEqual(ApiKeys.sha256(token), adminTokenDigest)) {
            throw new ApiError.Unauthenticated("Send the admin token as 'Authorization: Bearer <token>'.");
        }
    }

    private void createPartner(Context ctx) throws Exception {
        var fields = new Fields(JsonBody.object(ctx));
        var name = fields.requiredText("name", Fields.Text.LINE, 128);
        boolean test = fields.optionalBoolean("test").orElse(false);
        fields.throwIfInvalid();
        var apiKey = ApiKeys.generate(test);
        var created = partners.create(name, test, apiKey);
        var data = partnerView(created.partner());
        data.put("api_key", apiKey);
        data.put("api_key_id", created.keyId());
        Envelope.ok(ctx, 201, data, "Partner created; store the API key now, it is not shown again");
    }

    private void listPartners(Context ctx) throws Exception {
        Envelope.ok(ctx, 200, partners.list().stream().map(AdminRoutes::partnerView).toList(), "Partners listed");
    }

    private void addKey(Context ctx) throws Exception {
        var partnerUuid = uuid(ctx.pathParam("uuid"), "There is no partner with this uuid.");
        var partner = partners.find(partnerUuid)
                .orElseThrow(() -> new ApiError.NotFound("There is no partner with this uuid."));
        var issued = partners.addKey(partnerUuid, ApiKeys.generate(partner.test()))
                .orElseThrow(() -> new ApiError.NotFound("There is no partner with this uuid."));
        Envelope.ok(ctx, 201, Map.of(
                "id", issued.id(),
                "partner_uuid", issued.partnerUuid(),
                "api_key", issued.apiKey(),
                "created_at", Timestamps.format(issued.createdAt())),
                "API key created; store it now, it is not shown again");
    }

    private void revokeKey(Context ctx) throws Exception {
        var keyId = uuid(ctx.pathParam("id"), "There is no API key with this id.");
        var revoked = partners.revokeKey(keyId)
                .orElseThrow(() -> new ApiError.NotFound("There is no API key with this id."));
        keys.invalidate(); // other instances hear of it from the database; this one must not wait

        Envelope.ok(ctx, 200, Map.of("id", revoked.id(), "revoked_at", Timestamps.format(revoked.revokedAt())),
                "API key revoked");
    }

    private static Map<String, Object> partnerView(PartnerStore.Partner partner) {
        var view = new LinkedHashMap<String, Object>();
        view.put("uuid", partner.uuid());
        view.put("name", partner.name());
        view.put("test", partner.test());
        view.put("active_keys", partner.activeKeys());
        view.put("created_at", Timestamps.format(partner.createdAt()));
        return view;
    }

    private static UUID uuid(String text, String notFound) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError.NotFound(notFound);
        }
    }
}

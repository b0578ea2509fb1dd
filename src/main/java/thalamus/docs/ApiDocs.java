package thalamus.docs;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import thalamus.http.ApiError;

/**
 * Serves the OpenAPI document (src/main/resources/openapi.json, the contract the tests hold every
 * response to) and a Swagger UI page rendered from it, with Swagger UI's files from the jar: the
 * page works offline.
 */
public final class ApiDocs {
    public static final String OPENAPI_PATH = "/api/v1/openapi.json";
    private static final String SWAGGER_UI = "/META-INF/resources/webjars/swagger-ui/5.35.0/";
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png");
    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Thalamus partner API</title>
              <link rel="stylesheet" href="/docs/swagger-ui.css">
              <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js"></script>
              <script>
                window.ui = SwaggerUIBundle({url: "%s", dom_id: "#swagger-ui", deepLinking: true,
                  docExpansion: "list", defaultModelsExpandDepth: 0, tryItOutEnabled: false});
              </script>
            </body>
            </html>
            """.formatted(OPENAPI_PATH);

    private final byte[] openApi = resource("/openapi.json");

    public void register(JavalinConfig config) {
        config.routes.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openApi));
        config.routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(PAGE));
        config.routes.get("/docs/{asset}", this::asset);
    }

    private void asset(Context ctx) {
        var name = ctx.pathParam("asset");
        var type = ASSETS.get(name);
        if (type == null) {
            throw new ApiError.NotFound("There is no such documentation file.");
        }
        ctx.header("Cache-Control", "public, max-age=86400").contentType(type).result(resource(SWAGGER_UI + name));
    }

    private static byte[] resource(String path) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package thalamus.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import thalamus.testing.TestApp;

/** Headless Chromium opens /docs: the page must render the status variant operation from the OpenAPI document. */
class DocsPageBrowserTest {
    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    private static String chromium() {
        for (var candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("Chromium is not installed: the browser test needs it (apt-get install chromium; bin/test installs it).");
    }

    private static String run(List<String> command) throws Exception {
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void docs_page_renders_the_status_variant_operation() throws Exception {
        var profile = Files.createTempDirectory("thalamus-chromium");
        var screenshot = Path.of("target", "docs-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        var flags = List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1600", "--virtual-time-budget=15000");
        var url = app.uri("/docs").toString();

        var dom = run(concat(flags, "--dump-dom", url));
        run(concat(flags, "--screenshot=" + screenshot, url));

        assertThat(dom).contains("Thalamus partner API");
        assertThat(dom).contains("/api/v1/partner/reference/status").contains("opblock-post");
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    private static List<String> concat(List<String> flags, String... more) {
        var all = new java.util.ArrayList<>(flags);
        all.addAll(List.of(more));
        return all;
    }
}

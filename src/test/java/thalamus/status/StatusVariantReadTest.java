package thalamus.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thalamus.testing.Response;
import thalamus.testing.TestApp;

class StatusVariantReadTest {
    private static final String PATH = "/api/v1/partner/reference/status";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    private static String key;

    @BeforeAll
    static void partner() {
        key = app.newPartnerKey("Reader");
    }

    static String encode(String id) {
        // URLEncoder is for forms: it writes a space as '+' and leaves '.' and '*' alone.
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20").replace(".", "%2E").replace("*", "%2A");
    }

    private static String body(String id, String label, String mappedStatus) {
        return MAPPER.createObjectNode().put("id", id).put("label", label).put("mapped_status", mappedStatus).toString();
    }

    private Response upsert(String partnerKey, String json) {
        return app.post(PATH, partnerKey, json);
    }

    private static List<String> ids(Response listing) {
        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        return StreamSupport.stream(listing.data().spliterator(), false).map(v -> v.get("id").asText()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "50%", "a b", "..", ".", "?x=1#y", "%2F", "ä", "\uD83D\uDE42", "a+b", "x;y=1", "\\", "~!*'()", "line/with/../dots"})
    void tricky_ids_round_trip_through_the_path(String id) {
        var created = upsert(key, body(id, "Tricky", "open"));
        assertThat(created.status()).as(created.toString()).isIn(200, 201);

        var read = app.get(PATH + "/" + encode(id), key);

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.data().get("id").asText()).isEqualTo(id);
        assertThat(read.data().get("uuid")).isEqualTo(created.data().get("uuid"));
        assertThat(read.header("ETag")).isEqualTo("\"v" + read.data().get("version").asInt() + "\"");
    }

    @Test
    void ids_of_256_code_points_round_trip_through_the_path() {
        for (var id : List.of("\uD83D\uDE42".repeat(256), "/".repeat(256), "%".repeat(256), "ä".repeat(256))) {
            assertThat(upsert(key, body(id, "Long", "hold")).status()).isIn(200, 201);
            var read = app.get(PATH + "/" + encode(id), key);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.data().get("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void unknown_id_returns_404_in_the_envelope() {
        var response = app.get(PATH + "/never-created", key);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("success").asBoolean()).isFalse();
        var nul = app.get(PATH + "/" + encode("nul\u0000id"), key); // Jetty refuses %00 in a path itself
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.json().get("success").asBoolean()).isFalse();
    }

    @Test
    void filters_combine() {
        var partner = app.newPartnerKey("Filters");
        upsert(partner, "{\"id\":\"f1\",\"label\":\"L\",\"mapped_status\":\"open\",\"source_system\":\"zendesk\"}");
        upsert(partner, "{\"id\":\"f2\",\"label\":\"L\",\"mapped_status\":\"pending\",\"source_system\":\"zendesk\"}");
        upsert(partner, "{\"id\":\"f3\",\"label\":\"L\",\"mapped_status\":\"pending\",\"source_system\":\"freshdesk\"}");
        upsert(partner, "{\"id\":\"f4\",\"label\":\"L\",\"mapped_status\":\"closed\",\"source_system\":\"zendesk\",\"status\":\"inactive\"}");
        upsert(partner, "{\"id\":\"f5\",\"label\":\"L\",\"mapped_status\":\"open\"}");

        assertThat(ids(app.get(PATH, partner))).containsExactly("f1", "f2", "f3", "f4", "f5");
        assertThat(ids(app.get(PATH + "?mapped_status=pending", partner))).containsExactly("f2", "f3");
        assertThat(ids(app.get(PATH + "?mapped_status=open,closed", partner))).containsExactly("f1", "f4", "f5");
        assertThat(ids(app.get(PATH + "?source_system=zendesk&status=active", partner))).containsExactly("f1", "f2");
        assertThat(ids(app.get(PATH + "?mapped_status=open,closed&source_system=zendesk", partner))).containsExactly("f1", "f4");
        assertThat(ids(app.get(PATH + "?status=inactive", partner))).containsExactly("f4");
        assertThat(ids(app.get(PATH + "?mapped_status=new", partner))).isEmpty();
    }

    @Test
    void updated_since_returns_exactly_the_variants_changed_after_the_instant() {
        var partner = app.newPartnerKey("Incremental");
        upsert(partner, body("u1", "One", "new"));
        var second = upsert(partner, body("u2", "Two", "new"));
        var since = second.data().get("updated_at").asText();
        upsert(partner, body("u3", "Three", "new"));
        upsert(partner, body("u1", "One changed", "new"));
        upsert(partner, body("u2", "Two", "new")); // unchanged: keeps its updated_at

        assertThat(ids(app.get(PATH + "?updated_since=" + since, partner))).containsExactly("u1", "u3");
        assertThat(ids(app.get(PATH + "?updated_since=" + since + "&mapped_status=new&limit=1", partner))).containsExactly("u1");
        var offset = since.replace("Z", "+00:00");
        assertThat(ids(app.get(PATH + "?updated_since=" + encode(offset), partner))).containsExactly("u1", "u3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=abc", "limit=-1", "limit=1.5", "mapped_status=waiting",
            "mapped_status=open,", "status=deleted", "updated_since=yesterday", "updated_since=2026-13-01T00:00:00Z",
            "cursor=garbage", "cursor=", "limit=1&limit=2"})
    void bad_query_parameters_return_422_naming_the_parameter(String query) {
        var response = app.get(PATH + "?" + query, key);

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().get("errors").has(query.substring(0, query.indexOf('=')))).isTrue();
    }

    @Test
    void a_cursor_only_continues_its_own_partner_and_filters() {
        var owner = app.newPartnerKey("CursorOwner");
        var stranger = app.newPartnerKey("CursorStranger");
        for (int i = 0; i < 3; i++) {
            upsert(owner, body("c" + i, "L", "open"));
            upsert(stranger, body("c" + i, "L", "open"));
        }
        var cursor = app.get(PATH + "?limit=1", owner).json().get("meta").get("next_cursor").asText();

        assertThat(app.get(PATH + "?limit=1&cursor=" + cursor, owner).status()).isEqualTo(200);
        assertThat(app.get(PATH + "?limit=1&cursor=" + cursor, stranger).status()).isEqualTo(422);
        assertThat(app.get(PATH + "?limit=1&mapped_status=open&cursor=" + cursor, owner).status()).isEqualTo(422);
    }

    @Test
    void walking_2500_variants_in_pages_of_1000_misses_none_and_repeats_none_while_others_write() throws Exception {
        var partner = app.newPartnerKey("Walker");
        var expected = IntStream.range(0, 2_500).mapToObj(i -> "walk-" + i).toList();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (var id : expected) {
                pool.submit(() -> upsert(partner, body(id, "Before", "open")));
            }
        }
        var writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        var writes = new java.util.concurrent.atomic.AtomicInteger();
        var writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; writing.get(); i++) {
                upsert(partner, body("walk-" + (i * 7 % 2_500), "During " + i, i % 2 == 0 ? "solved" : "open"));
                upsert(partner, body("new-during-walk-" + i, "New", "new"));
                writes.incrementAndGet();
            }
        });

        var seen = new ArrayList<String>();
        int pages = 0;
        String cursor = null;
        try {
            do {
                var page = app.get(PATH + "?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor), partner);
                seen.addAll(ids(page));
                pages++;
                JsonNode next = page.json().get("meta").get("next_cursor");
                cursor = next.isNull() ? null : next.asText();
                Thread.sleep(50); // let the writer interleave with the walk
            } while (cursor != null);
        } finally {
            writing.set(false);
            writer.join();
        }

        assertThat(writes.get()).isPositive();
        assertThat(new HashSet<>(seen)).hasSize(seen.size());
        assertThat(seen).containsAll(expected);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        Set<String> unexpected = new HashSet<>(seen);
        expected.forEach(unexpected::remove);
        assertThat(unexpected).allMatch(id -> id.startsWith("new-during-walk-"));
    }

    @Test
    void exactly_three_pages_for_2500_variants_when_nobody_writes() {
        var partner = app.newPartnerKey("Pager");
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 2_500).forEach(i -> pool.submit(() -> upsert(partner, body("p-" + i, "L", "open"))));
        }
        var first = app.get(PATH + "?limit=1000", partner);
        var second = app.get(PATH + "?limit=1000&cursor=" + first.json().get("meta").get("next_cursor").asText(), partner);
        var third = app.get(PATH + "?limit=1000&cursor=" + second.json().get("meta").get("next_cursor").asText(), partner);

        assertThat(ids(first)).hasSize(1_000);
        assertThat(ids(second)).hasSize(1_000);
        assertThat(ids(third)).hasSize(500);
        assertThat(third.json().get("meta").get("next_cursor").isNull()).isTrue();
        assertThat(ids(app.get(PATH, partner))).hasSize(100);
    }

    @Test
    void status_categories_are_the_six_in_sort_order_with_constant_uuids() {
        var response = app.get("/api/v1/reference/status-categories", key);

        assertThat(response.status()).isEqualTo(200);
        var values = StreamSupport.stream(response.data().spliterator(), false).map(c -> c.get("value").asText()).toList();
        assertThat(values).containsExactly("new", "open", "hold", "pending", "solved", "closed");
        assertThat(response.data().get(3).get("uuid").asText()).isEqualTo("bf6c7350-8b08-4bb2-97e5-9801d046fefb");
        assertThat(response.data().get(3).get("description").asText()).isEqualTo("Ticket is pending awaiting response from the ticket requester");
        assertThat(response.data().get(2).get("label").asText()).isEqualTo("On hold");
        assertThat(app.get("/api/v1/reference/status-categories", null).status()).isEqualTo(401);
    }

    @Test
    void another_partner_cannot_list_read_delete_or_see_history_of_a_variant() {
        var owner = app.newPartnerKey("Owner");
        var other = app.newPartnerKey("Other");
        upsert(owner, body("private", "Mine", "open"));

        assertThat(ids(app.get(PATH, other))).doesNotContain("private");
        assertThat(app.get(PATH + "/private", other).status()).isEqualTo(404);
        assertThat(app.get(PATH + "/private/history", other).status()).isEqualTo(404);
        assertThat(app.send("DELETE", PATH + "/private", other, null).status()).isEqualTo(404);
        var untouched = app.get(PATH + "/private", owner);
        assertThat(untouched.data().get("status").asText()).isEqualTo("active");
        assertThat(untouched.data().get("version").asInt()).isEqualTo(1);
    }
}

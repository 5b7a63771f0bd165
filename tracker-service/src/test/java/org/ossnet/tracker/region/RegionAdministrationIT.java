package org.ossnet.tracker.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Regions and the cost table over real HTTP against a real PostgreSQL: define, replace, list, delete, refuse. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class RegionAdministrationIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String ADMIN = "admin-token-regions-0123456789abcdef";
    static final String PUBLISHER = "publisher-token-regions-0123456789ab";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.bootstrap-admin-token", () -> ADMIN);
        registry.add("ossnet.tracker.bootstrap-publisher-token", () -> PUBLISHER);
    }

    @AfterAll
    static void stop() {
        APP.close();
    }

    static HttpResponse<String> send(String method, String path, String token, Object body) throws Exception {
        return Publications.send(APP.url(), method, path, token, body);
    }

    static HttpResponse<String> put(String name, String... prefixes) throws Exception {
        return send("PUT", "/api/v1/regions/" + name, ADMIN, Map.of("prefixes", List.of(prefixes)));
    }

    static Map<String, Object> cost(String from, String to, Object cost) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("from", from);
        entry.put("to", to);
        entry.put("cost", cost);
        return entry;
    }

    static Map<String, Object> table(Object defaultCost, List<Map<String, Object>> costs) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("defaultCost", defaultCost);
        table.put("costs", costs);
        return table;
    }

    static String field(HttpResponse<String> response) {
        return JSON.readTree(response.body()).path("field").asString("");
    }

    @Test
    void definesRegionsOnIpv4AndIpv6PrefixesAndReplacesThem() throws Exception {
        HttpResponse<String> created = put("one", "127.1.0.0/16", "2001:db8:1::/48");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains(APP.url() + "/api/v1/regions/one");
        assertThat(JSON.readTree(created.body()).get("prefixes").toString())
                .isEqualTo("[\"127.1.0.0/16\",\"2001:db8:1::/48\"]");

        HttpResponse<String> replaced = put("one", "127.1.0.0/16", "::ffff:127.11.0.0/112");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        // The IPv4-mapped prefix is stored as the IPv4 prefix it denotes; the IPv6 one is gone.
        assertThat(JSON.readTree(replaced.body()).get("prefixes").toString())
                .isEqualTo("[\"127.1.0.0/16\",\"127.11.0.0/16\"]");
        HttpResponse<String> shown = send("GET", "/api/v1/regions/one", ADMIN, null);
        assertThat(shown.body()).isEqualTo(replaced.body());
    }

    @Test
    void refusesAPrefixOverlappingAnotherRegionsNamingBoth() throws Exception {
        assertThat(put("two", "172.16.2.0/24").statusCode()).isEqualTo(201);
        HttpResponse<String> wider = put("wide", "172.17.0.0/16", "172.16.0.0/16");
        assertThat(wider.statusCode()).as(wider.body()).isEqualTo(409);
        assertThat(JSON.readTree(wider.body()).get("detail").asString())
                .isEqualTo("prefixes[1] 172.16.0.0/16 overlaps 172.16.2.0/24 of region two.");
        HttpResponse<String> narrower = put("narrow", "172.16.2.128/25");
        assertThat(narrower.statusCode()).as(narrower.body()).isEqualTo(409);
        assertThat(send("GET", "/api/v1/regions/wide", ADMIN, null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/v1/regions/narrow", ADMIN, null).statusCode())
                .isEqualTo(404);
        // A region may keep its own prefixes when it is replaced.
        assertThat(put("two", "172.16.2.0/24", "2001:db8:2::/48").statusCode()).isEqualTo(200);
    }

    @Test
    void refusesABadNameOrPrefixNamingTheMember() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("Upper|10.9.0.0/16", "name");
        cases.put("-dash|10.9.0.0/16", "name");
        cases.put("ok|10.9.0.1/16", "prefixes[0]");
        cases.put("ok|10.9.0.0/16,example.org", "prefixes[1]");
        cases.put("ok|10.9.0.0/16,10.9.1.0/24", "prefixes[1]");
        cases.put("ok|2001:db8::/129", "prefixes[0]");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String[] parts = c.getKey().split("\\|");
            HttpResponse<String> response = put(parts[0], parts[1].split(","));
            assertThat(response.statusCode())
                    .as(c.getKey() + ": " + response.body())
                    .isEqualTo(400);
            assertThat(field(response)).as(c.getKey()).isEqualTo(c.getValue());
        }
        HttpResponse<String> empty = send("PUT", "/api/v1/regions/ok", ADMIN, "{\"prefixes\":[]}");
        assertThat(field(empty)).isEqualTo("prefixes");
        assertThat(send("GET", "/api/v1/regions/ok", ADMIN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void setsTheCostTableWholeAndDropsADeletedRegionsEntries() throws Exception {
        assertThat(put("east", "10.20.0.0/16").statusCode()).isIn(200, 201);
        assertThat(put("west", "10.21.0.0/16").statusCode()).isIn(200, 201);
        HttpResponse<String> set = send(
                "PUT",
                "/api/v1/region-costs",
                ADMIN,
                table(10, List.of(cost("east", "west", 4), cost("west", "east", 6), cost("east", "east", 1))));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode costs = JSON.readTree(set.body());
        assertThat(costs.get("defaultCost").asLong()).isEqualTo(10);
        assertThat(costs.get("costs").size()).isEqualTo(3);

        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{\"defaultCost\":-1,\"costs\":[]}", "defaultCost");
        bad.put("{\"defaultCost\":1,\"costs\":[{\"from\":\"east\",\"to\":\"mars\",\"cost\":1}]}", "costs[0].to");
        bad.put("{\"defaultCost\":1,\"costs\":[{\"from\":\"east\",\"to\":\"west\",\"cost\":-2}]}", "costs[0].cost");
        bad.put("{\"defaultCost\":1,\"costs\":[{\"from\":\"east\",\"to\":\"west\",\"cost\":2.5}]}", "costs[0].cost");
        bad.put(
                "{\"defaultCost\":1,\"costs\":[{\"from\":\"east\",\"to\":\"west\",\"cost\":1},"
                        + "{\"from\":\"east\",\"to\":\"west\",\"cost\":2}]}",
                "costs[1]");
        for (Map.Entry<String, String> c : bad.entrySet()) {
            HttpResponse<String> response = send("PUT", "/api/v1/region-costs", ADMIN, c.getKey());
            assertThat(response.statusCode())
                    .as(c.getKey() + ": " + response.body())
                    .isEqualTo(400);
            assertThat(field(response)).as(c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(JSON.readTree(
                                send("GET", "/api/v1/region-costs", ADMIN, null).body())
                        .get("costs")
                        .size())
                .as("nothing of a refused table is stored")
                .isEqualTo(3);

        assertThat(send("DELETE", "/api/v1/regions/west", ADMIN, null).statusCode())
                .isEqualTo(204);
        assertThat(send("DELETE", "/api/v1/regions/west", ADMIN, null).statusCode())
                .isEqualTo(404);
        JsonNode listing =
                JSON.readTree(send("GET", "/api/v1/regions", ADMIN, null).body());
        assertThat(listing.get("costs").get("costs").toString())
                .isEqualTo("[{\"from\":\"east\",\"to\":\"east\",\"cost\":1}]");
        List<String> names = new java.util.ArrayList<>();
        listing.get("regions").forEach(region -> names.add(region.get("name").asString()));
        assertThat(names).contains("east").doesNotContain("west");
    }

    @Test
    void onlyAdminsManageRegions() throws Exception {
        assertThat(send("GET", "/api/v1/regions", PUBLISHER, null).statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/api/v1/regions/pub", PUBLISHER, Map.of("prefixes", List.of("10.30.0.0/16")))
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("PUT", "/api/v1/region-costs", PUBLISHER, table(1, List.of()))
                        .statusCode())
                .isEqualTo(403);
    }
}

package org.ossnet.stats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.stats.EventJson.batch;
import static org.ossnet.stats.EventJson.event;
import static org.ossnet.stats.EventJson.inRegion;
import static org.ossnet.stats.EventJson.withBytes;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.stats.StatsIntegrationTest;

/**
 * The dashboard in real headless Chromium over a real stats-service and PostgreSQL: events go in through the
 * ingestion API, and each chart must then hold exactly the counts they make, for the filters set on the page. The
 * expected numbers are worked out by hand from {@link #EVENTS} in the comments beside them.
 *
 * <p>With {@code -Dossnet.dashboard.screenshot=/absolute/path.png} it also saves what the browser drew (the picture in
 * docs/images), so an ordinary run writes nothing into the tree.
 */
class DashboardInteropIT extends StatsIntegrationTest {

    static final String COLLECTION = newCollection();
    static final String OTHER = newCollection();

    /**
     * Saturday 30 May to Tuesday 2 June 2026, region eu and 1000 bytes (600 from peers, 300 from mirrors, 100 from the
     * origin) unless said: eight downloads by people and one mirror sync; and in OTHER three downloads and a sync.
     */
    static final List<DownloadEvent> EVENTS = List.of(
            event(COLLECTION, "a.iso", 1, "get", at("2026-05-30T08:00:00Z")),
            event(COLLECTION, "a.iso", 1, "get", at("2026-05-30T23:59:59Z")),
            event(COLLECTION, "a.iso", 1, "mirror", at("2026-05-30T12:00:00Z")),
            inRegion(
                    withBytes(event(COLLECTION, "b.iso", 2, "get", at("2026-05-31T10:00:00Z")), 2000, 0, 0, 2000),
                    "us"),
            event(COLLECTION, "a.iso", 2, "bittorrent:libtorrent", at("2026-06-01T00:00:00Z")),
            inRegion(event(COLLECTION, "b.iso", 2, "proxy", at("2026-06-01T12:00:00Z")), null),
            event(COLLECTION, "c.iso", 2, "get", at("2026-06-02T09:00:00Z")),
            event(COLLECTION, "a.iso", 2, "get", at("2026-06-02T10:00:00Z")),
            event(COLLECTION, "a.iso", 1, "get", at("2026-06-02T11:00:00Z")),
            inRegion(event(OTHER, "x.iso", 5, "get", at("2026-06-01T09:00:00Z")), "asia"),
            inRegion(event(OTHER, "x.iso", 5, "cache", at("2026-06-01T10:00:00Z")), "asia"),
            inRegion(event(OTHER, "x.iso", 5, "get", at("2026-06-01T11:00:00Z")), "asia"),
            inRegion(event(OTHER, "y.iso", 5, "mirror", at("2026-06-02T09:00:00Z")), "asia"));

    private static DashboardPage page;

    @BeforeEach
    void storeTheEventsAndOpenABrowser() throws IOException {
        // Idempotent: every test after the first adds nothing.
        assertThat(postEventsCounted(INGEST_TOKEN, batch(EVENTS)).status()).isEqualTo(200);
        if (page == null) {
            page = DashboardPage.start(baseUrl());
        }
    }

    @AfterAll
    static void closeTheBrowser() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void drawsEveryChartFromTheIngestedEvents() throws IOException {
        page.open("token=" + READ_TOKEN + "&collection=" + encode(COLLECTION));
        // The last 30 days by default, none of which has a download.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        page.awaitReady(COLLECTION, today.minusDays(29).toString(), today.toString(), "day");
        assertThat(page.currentUrl()).doesNotContain("#", "token");
        assertThat(page.sessionToken()).isEqualTo(READ_TOKEN);

        page.filter(COLLECTION, "2026-05-30", "2026-06-02", "day");
        page.awaitReady(COLLECTION, "2026-05-30", "2026-06-02", "day");
        assertThat(page.chart("downloads-chart"))
                .isEqualTo("{\"labels\":[\"2026-05-30\",\"2026-05-31\",\"2026-06-01\",\"2026-06-02\"],\"datasets\":{"
                        + "\"People's downloads\":[2,1,2,3],\"Mirror syncs\":[1,0,0,0]}}");
        // a.iso: two on the 30th (not the sync), one on the 1st, two on the 2nd.
        assertThat(page.chart("top-files-chart"))
                .isEqualTo("{\"labels\":[\"a.iso\",\"b.iso\",\"c.iso\"],\"datasets\":{\"Downloads\":[5,2,1]}}");
        // On the 2nd: a.iso and c.iso in version 2, a.iso in version 1.
        assertThat(page.chart("adoption-chart"))
                .isEqualTo("{\"labels\":[\"2026-05-30\",\"2026-05-31\",\"2026-06-01\",\"2026-06-02\"],\"datasets\":{"
                        + "\"version 1\":[1,0,0,0.333333],\"version 2\":[0,1,1,0.666667]}}");
        // The sync counts here: three events of 600/300/100 on the 30th; b.iso's 2000 from the origin on the 31st.
        assertThat(page.chart("sources-chart"))
                .isEqualTo("{\"labels\":[\"2026-05-30\",\"2026-05-31\",\"2026-06-01\",\"2026-06-02\"],\"datasets\":{"
                        + "\"Peers\":[1800,0,1200,1800],\"HTTP mirrors\":[900,0,600,900],"
                        + "\"Origin\":[300,2000,200,300]}}");
        // The proxy download without a region counts in the default region.
        assertThat(page.chart("regions-chart"))
                .isEqualTo("{\"labels\":[\"eu\",\"default\",\"us\"],\"datasets\":{\"Downloads\":[6,1,1]}}");
        // (4800 + 2400) of 10000 bytes came from peers and mirrors.
        assertThat(page.status())
                .isEqualTo(COLLECTION + ", 2026-05-30 to 2026-06-02: 8 downloads by people, 1 mirror sync;"
                        + " peers and mirrors served 72% of the bytes.");
        assertThat(page.consoleErrors()).isEmpty();

        String screenshot = System.getProperty("ossnet.dashboard.screenshot");
        if (screenshot != null) {
            page.screenshot(Path.of(screenshot));
        }
    }

    @Test
    void redrawsForAnotherDateRangeAndGranularity() {
        page.open("token=" + READ_TOKEN);
        page.filter(COLLECTION, "2026-06-01", "2026-06-02", "day");
        page.awaitReady(COLLECTION, "2026-06-01", "2026-06-02", "day");
        assertThat(page.chart("downloads-chart"))
                .isEqualTo("{\"labels\":[\"2026-06-01\",\"2026-06-02\"],\"datasets\":{"
                        + "\"People's downloads\":[2,3],\"Mirror syncs\":[0,0]}}");
        assertThat(page.chart("top-files-chart"))
                .isEqualTo("{\"labels\":[\"a.iso\",\"b.iso\",\"c.iso\"],\"datasets\":{\"Downloads\":[3,1,1]}}");
        assertThat(page.chart("regions-chart"))
                .isEqualTo("{\"labels\":[\"eu\",\"default\"],\"datasets\":{\"Downloads\":[4,1]}}");

        // Weeks start on Monday: Saturday and Sunday fall in the week of 25 May. Adoption stays per day.
        page.filter(COLLECTION, "2026-05-30", "2026-06-02", "week");
        page.awaitReady(COLLECTION, "2026-05-30", "2026-06-02", "week");
        assertThat(page.chart("downloads-chart"))
                .isEqualTo("{\"labels\":[\"2026-05-25\",\"2026-06-01\"],\"datasets\":{"
                        + "\"People's downloads\":[3,5],\"Mirror syncs\":[1,0]}}");
        assertThat(page.chart("sources-chart"))
                .isEqualTo("{\"labels\":[\"2026-05-25\",\"2026-06-01\"],\"datasets\":{"
                        + "\"Peers\":[1800,3000],\"HTTP mirrors\":[900,1500],\"Origin\":[2300,500]}}");
        assertThat(page.chart("adoption-chart")).startsWith("{\"labels\":[\"2026-05-30\",\"2026-05-31\",");
    }

    @Test
    void redrawsForAnotherCollection() {
        page.open("token=" + READ_TOKEN);
        page.filter(COLLECTION, "2026-05-30", "2026-06-02", "day");
        page.awaitReady(COLLECTION, "2026-05-30", "2026-06-02", "day");
        page.filter(OTHER, "2026-05-30", "2026-06-02", "day");
        page.awaitReady(OTHER, "2026-05-30", "2026-06-02", "day");
        assertThat(page.chart("downloads-chart"))
                .isEqualTo("{\"labels\":[\"2026-05-30\",\"2026-05-31\",\"2026-06-01\",\"2026-06-02\"],\"datasets\":{"
                        + "\"People's downloads\":[0,0,3,0],\"Mirror syncs\":[0,0,0,1]}}");
        // y.iso was only synced by a mirror, so it is no top file.
        assertThat(page.chart("top-files-chart"))
                .isEqualTo("{\"labels\":[\"x.iso\"],\"datasets\":{\"Downloads\":[3]}}");
        // Days without any download have no share at all, rather than a share of 0.
        assertThat(page.chart("adoption-chart"))
                .isEqualTo("{\"labels\":[\"2026-05-30\",\"2026-05-31\",\"2026-06-01\",\"2026-06-02\"],\"datasets\":{"
                        + "\"version 5\":[null,null,1,null]}}");
        assertThat(page.chart("regions-chart")).isEqualTo("{\"labels\":[\"asia\"],\"datasets\":{\"Downloads\":[3]}}");
    }

    @Test
    void saysWhenTheTokenIsRefusedAndTakesAnotherFromTheForm() {
        page.open("token=not-a-token-of-this-service-0123456789&collection=" + encode(COLLECTION));
        assertThat(page.awaitState("unauthorized"))
                .startsWith("The token was refused (401)")
                .contains("The bearer token is unknown or revoked.");
        assertThat(page.asksForAToken()).isTrue();
        assertThat(page.sessionToken()).isNull();
        assertThat(page.chart("downloads-chart")).isEqualTo("{\"labels\":[],\"datasets\":{}}");

        page.enterToken(READ_TOKEN);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        page.awaitReady(COLLECTION, today.minusDays(29).toString(), today.toString(), "day");
        assertThat(page.asksForAToken()).isFalse();

        page.forgetToken();
        assertThat(page.awaitState("signed-out")).contains("Enter a token with the read role");
        assertThat(page.asksForAToken()).isTrue();
    }

    @Test
    void saysWhenTheTokenLacksTheReadRole() {
        page.open("token=" + INGEST_TOKEN + "&collection=" + encode(COLLECTION));
        assertThat(page.awaitState("forbidden"))
                .startsWith("This token lacks the read role (403)")
                .contains("'tracker' lacks the role read");
        assertThat(page.asksForAToken()).isTrue();
    }

    @Test
    void showsTheApiRefusalNamingTheBadParameter() {
        page.open("token=" + READ_TOKEN);
        page.filter(COLLECTION, "2026-06-02", "2026-05-30", "day");
        assertThat(page.awaitState("error"))
                .isEqualTo("The query was refused (400): Invalid request (parameter from):"
                        + " from (2026-06-02) is after to (2026-05-30).");
        assertThat(page.chart("top-files-chart")).isEqualTo("{\"labels\":[],\"datasets\":{}}");
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package org.ossnet.stats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.ossnet.stats.StatsIntegrationTest;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.http.HttpProbe.Response;

/**
 * The dashboard's files as plain HTTP sees them, without a browser: public, scripts only from this origin, and
 * cached only where the path names a version. {@link DashboardInteropIT} checks what a browser draws.
 */
class DashboardResourcesIT extends StatsIntegrationTest {

    @Test
    void servesThePageAtTheRootWithoutATokenAndWithAStrictContentSecurityPolicy() throws IOException {
        Response page = HttpProbe.get(baseUrl().resolve("/"));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<canvas id=\"downloads-chart\">", "src=\"/dashboard/main.js\"");
        assertThat(page.header("Content-Security-Policy"))
                .isEqualTo(DashboardConfiguration.CONTENT_SECURITY_POLICY)
                .contains("script-src 'self';", "form-action 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void holdsNoInlineScriptOrStyleTheContentSecurityPolicyWouldBlock() throws IOException {
        String html = HttpProbe.get(baseUrl().resolve("/")).body();
        assertThat(html)
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                .doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("<style", "style=");
    }

    @Test
    void servesItsModulesRevalidatedAndChartJsFromTheWebjarCachedForLong() throws IOException {
        for (String module : new String[] {"/dashboard/main.js", "/dashboard/api.js", "/dashboard/series.js"}) {
            Response script = HttpProbe.get(baseUrl().resolve(module));
            assertThat(script.status()).as(module).isEqualTo(200);
            assertThat(script.contentType()).as(module).contains("javascript");
            assertThat(script.header("Cache-Control")).as(module).isEqualTo("no-cache");
        }
        String html = HttpProbe.get(baseUrl().resolve("/")).body();
        String chartJs = html.replaceFirst("(?s).*src=\"(/webjars/chart\\.js/[^\"]+)\".*", "$1");
        Response library = HttpProbe.get(baseUrl().resolve(chartJs));
        assertThat(library.status()).as(chartJs).isEqualTo(200);
        assertThat(library.body()).startsWith("/*!\n * Chart.js v");
        assertThat(library.header("Cache-Control")).contains("max-age=31536000", "immutable");
    }

    @Test
    void keepsTheApiBehindItsToken() throws IOException {
        assertThat(HttpProbe.get(baseUrl().resolve("/api/v1/downloads?collection=ossnet://example.org/x"))
                        .status())
                .isEqualTo(401);
    }
}

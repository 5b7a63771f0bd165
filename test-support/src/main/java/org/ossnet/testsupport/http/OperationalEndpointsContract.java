package org.ossnet.testsupport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.ossnet.testsupport.http.HttpProbe.Response;

/**
 * What every OSSNET service promises operators: liveness and readiness probes, and Prometheus
 * metrics carrying a {@code service} tag. A service's integration test implements this interface
 * to inherit the checks.
 */
public interface OperationalEndpointsContract {

    /** The base URL of the running service under test. */
    URI baseUrl();

    /** The value of the common {@code service} tag, e.g. {@code tracker-service}. */
    String serviceName();

    @Test
    default void reportsLiveAndReadyWithTheDatabaseInReadiness() throws Exception {
        Response liveness = HttpProbe.get(baseUrl().resolve("/actuator/health/liveness"));
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
        Response readiness = HttpProbe.get(baseUrl().resolve("/actuator/health/readiness"));
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        Response health = HttpProbe.get(baseUrl().resolve("/actuator/health"));
        assertThat(health.status()).isEqualTo(200);
    }

    @Test
    default void exportsPrometheusMetricsTaggedWithTheServiceName() throws Exception {
        Response metrics = HttpProbe.get(baseUrl().resolve("/actuator/prometheus"));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("jvm_memory_used_bytes{")
                .contains("hikaricp_connections")
                .contains("service=\"" + serviceName() + "\"");
    }
}

package org.ossnet.testsupport.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void servicesGetTheDefaultOptionsWhenNothingIsSet() {
        assertThat(ServiceProcess.jvmOptions(Map.of())).containsExactly("-Xmx384m", "-XX:+UseSerialGC");
    }

    @Test
    void theExtraOptionsComeAfterTheDefault() {
        assertThat(ServiceProcess.jvmOptions(Map.of("OSSNET_LOCAL_EXTRA_JVM_OPTIONS", " -XX:TieredStopAtLevel=1 ")))
                .containsExactly("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void theExtraOptionsComeAfterAReplacement() {
        assertThat(ServiceProcess.jvmOptions(Map.of(
                        "OSSNET_LOCAL_JVM_OPTIONS", "-Xmx1g  -XX:+UseSerialGC",
                        "OSSNET_LOCAL_EXTRA_JVM_OPTIONS", "-XX:TieredStopAtLevel=1")))
                .containsExactly("-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }
}

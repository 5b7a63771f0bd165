package org.ossnet.announce.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.ossnet.announce.AnnounceEngine;
import org.ossnet.announce.CompletionListener;
import org.ossnet.announce.SwarmRegistry;
import org.ossnet.announce.listener.ListenerConfig;
import org.ossnet.announce.membership.RemoteMembers;
import org.ossnet.announce.region.RegionalHandout;
import org.ossnet.core.torrent.InfoHash;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.util.unit.DataSize;

class AnnounceAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AnnounceAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void buildsNothingWithoutTheServicesSwarmsAndSettings() {
        runner.run(context -> assertThat(context).doesNotHaveBean(AnnounceEngine.class));
        runner.withBean(AnnounceProperties.class, () -> properties(false))
                .run(context -> assertThat(context).doesNotHaveBean(AnnounceEngine.class));
    }

    @Test
    void servesTheEngineOnTheProtocolPathsWhenTheServiceSuppliesSwarmsAndSettings() {
        runner.withBean(AnnounceProperties.class, () -> properties(false))
                .withBean(SwarmRegistry.class, () -> infoHash -> true)
                .run(context -> {
                    assertThat(context).hasSingleBean(AnnounceEngine.class);
                    assertThat(context.getBean(ServletRegistrationBean.class).getUrlMappings())
                            .containsExactlyInAnyOrder("/announce", "/scrape", "/announce/batch");
                    assertThat(context.getBean(AnnounceListenerHealth.class)
                                    .health()
                                    .getStatus())
                            .as("a listener switched off is healthy")
                            .isEqualTo(Status.UP);
                });
    }

    @Test
    void handsOutByRegionWithTheConfiguredGuardAndKeepsPeersOfOtherRegions() {
        runner.withBean(AnnounceProperties.class, () -> properties(false))
                .withBean(SwarmRegistry.class, () -> infoHash -> true)
                .run(context -> {
                    assertThat(context).hasSingleBean(RegionalHandout.class);
                    assertThat(context).hasSingleBean(RemoteMembers.class);
                    assertThat(context.getBean(RegionalHandout.class).regions().size())
                            .as("no regions until the service gives them")
                            .isZero();
                });
    }

    @Test
    void refusesAHandoutShareOutsideItsRange() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> new AnnounceProperties.Handout(AnnounceProperties.Handout.Mode.REGIONAL, 4, 1.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outsideSeedShare");
    }

    @Test
    void handsCompletedAnnouncesToTheServicesCompletionListenerWhenItHasOne() {
        List<InfoHash> completed = new CopyOnWriteArrayList<>();
        InfoHash swarm = InfoHash.fromHex("00112233445566778899aabbccddeeff00112233");
        runner.withBean(AnnounceProperties.class, () -> properties(false))
                .withBean(SwarmRegistry.class, () -> infoHash -> true)
                .withBean(CompletionListener.class, () -> (infoHash, peerId) -> completed.add(infoHash))
                .run(context -> {
                    context.getBean(AnnounceEngine.class)
                            .announce(
                                    "info_hash=" + swarm.toPercentEncoded()
                                            + "&peer_id=-LT2000-000000000001&port=6881&uploaded=0&downloaded=0"
                                            + "&left=0&event=completed",
                                    new byte[] {127, 0, 0, 1});
                    assertThat(completed).containsExactly(swarm);
                });
    }

    @Test
    void refusesTrustedProxiesOutsideTheOneCidrSyntax() {
        AnnounceProperties bad = properties(List.of("10.0.0.1/8"), false);
        runner.withBean(AnnounceProperties.class, () -> bad)
                .withBean(SwarmRegistry.class, () -> infoHash -> true)
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("invalid CIDR '10.0.0.1/8'"));
    }

    static AnnounceProperties properties(boolean listener) {
        return properties(List.of("10.0.0.0/8"), listener);
    }

    static AnnounceProperties properties(List<String> trustedProxies, boolean listener) {
        return new AnnounceProperties(
                Duration.ofMinutes(30),
                Duration.ofMinutes(5),
                Duration.ZERO,
                200,
                100,
                100,
                100,
                100,
                trustedProxies,
                listener(listener),
                new AnnounceProperties.Handout(AnnounceProperties.Handout.Mode.REGIONAL, 2, 0.5));
    }

    static AnnounceProperties.Listener listener(boolean enabled) {
        return new AnnounceProperties.Listener(
                enabled,
                "127.0.0.1",
                6969,
                1,
                100,
                DataSize.ofKilobytes(16),
                Duration.ofSeconds(15),
                null,
                ListenerConfig.Sockets.AUTO);
    }
}

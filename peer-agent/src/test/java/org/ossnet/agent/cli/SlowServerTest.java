package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.net.DrippingServer;
import org.ossnet.agent.resolve.NameResolver;
import org.ossnet.agent.resolve.NameResolverTest;
import org.ossnet.core.name.OssnetName;

/** A server that drips its answer holds a command no longer than the deadline of that kind of answer. */
@Timeout(60)
class SlowServerTest {

    static final Duration DEADLINE = Duration.ofSeconds(2);

    @TempDir
    Path home;

    @Test
    void lsGivesUpOnADiscoveryDocumentDrippedAtOneBytePerSecondAtTheDeadlineAndSaysWhichUrl() throws Exception {
        try (DrippingServer drip = DrippingServer.start()) {
            NameResolver resolver = NameResolverTest.resolverIn(home, DEADLINE);
            long start = System.nanoTime();

            IOException failure = catchThrowableOfType(
                    IOException.class,
                    () -> resolver.resolve(OssnetName.parse("ossnet://" + drip.authority() + "/demo/a.txt")));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plusSeconds(3));
            assertThat(Failures.exitCode(failure)).isEqualTo(ExitCodes.FAILURE);
            assertThat(Failures.message(failure))
                    .isEqualTo("cannot reach " + drip.authority() + " (http://" + drip.authority()
                            + "/.well-known/ossnet.json): too slow: the answer did not arrive in full within 2 s");
        }
    }
}

package org.ossnet.core.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.region.RegionAuthorityFixtures.EXPIRES;
import static org.ossnet.core.region.RegionAuthorityFixtures.ISSUED;
import static org.ossnet.core.region.RegionAuthorityFixtures.authority;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.region.RegionAuthorityException.Problem;

class RegionAuthorityVerifierTest {

    private static final SigningKey PUBLISHER = SigningKey.generate("Publisher <p@example.org>");
    private static final SigningKey OTHER = SigningKey.generate("Other <o@example.org>");
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private final RegionAuthority eu = authority("eu", "127.1.0.0/16");
    private final byte[] document = RegionAuthorityCodec.encode(eu);
    private final byte[] signature = PUBLISHER.sign(document).getBytes(StandardCharsets.US_ASCII);

    @Test
    void acceptsTheAuthorityThePublishersKeySignedWhileItIsValid() {
        assertThat(verifier("fedora.example.org", NOW).verify(document, signature, "eu"))
                .isEqualTo(eu);
        assertThat(verifier("fedora.example.org", ISSUED).verify(document, signature))
                .isEqualTo(eu);
    }

    @Test
    void refusesAnotherKeysSignatureAndChangedBytes() {
        byte[] byOther = OTHER.sign(document).getBytes(StandardCharsets.US_ASCII);
        assertRefused(() -> verifier("fedora.example.org", NOW).verify(document, byOther), Problem.SIGNATURE)
                .hasMessageStartingWith("the region authority is not signed by the publisher's key: signed by unknown");

        byte[] widened = new String(document, StandardCharsets.UTF_8)
                .replace("127.1.0.0/16", "127.0.0.0/8")
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(() -> verifier("fedora.example.org", NOW).verify(widened, signature), Problem.SIGNATURE);
    }

    @Test
    void refusesAForeignPublishersAuthority() {
        assertRefused(() -> verifier("debian.example.org", NOW).verify(document, signature), Problem.FOREIGN)
                .hasMessage("the region authority delegates region eu of publisher fedora.example.org, not of"
                        + " debian.example.org");
    }

    @Test
    void failsClosedOutsideTheValidityWindow() {
        assertRefused(() -> verifier("fedora.example.org", EXPIRES).verify(document, signature), Problem.EXPIRED)
                .hasMessage("the region authority for eu expired at 2026-12-10T00:00:00Z (now 2026-12-10T00:00:00Z)");
        assertRefused(
                () -> verifier("fedora.example.org", ISSUED.minusSeconds(1)).verify(document, signature),
                Problem.NOT_YET_VALID);
    }

    @Test
    void refusesAnAuthorityForAnotherRegion() {
        assertRefused(() -> verifier("fedora.example.org", NOW).verify(document, signature, "na"), Problem.WRONG_REGION)
                .hasMessage("the region authority is for region eu, not for na");
    }

    @Test
    void refusesAnOlderVersionThanOneAccepted() {
        RegionAuthority newer = new RegionAuthority(
                eu.publisher(),
                eu.region(),
                4,
                eu.prefixes(),
                eu.trackers(),
                eu.announce(),
                eu.trackerKey(),
                eu.costs(),
                eu.defaultCost(),
                eu.issued(),
                eu.expires());

        RegionAuthorityVerifier.checkNotOlder(newer, eu);
        RegionAuthorityVerifier.checkNotOlder(eu, eu);
        assertRefused(() -> RegionAuthorityVerifier.checkNotOlder(eu, newer), Problem.ROLLBACK)
                .hasMessage("the region authority for eu is version 3, older than version 4 already accepted");
        RegionAuthorityVerifier.checkNoOverlap(eu, List.of(newer));
    }

    private static RegionAuthorityVerifier verifier(String publisher, Instant now) {
        return new RegionAuthorityVerifier(
                new SignatureVerifier(List.of(PUBLISHER.publicKey())), publisher, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ?> assertRefused(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Problem problem) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        RegionAuthorityException.class,
                        e -> assertThat(e.problem()).isEqualTo(problem));
    }
}

package org.ossnet.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.ossnet.core.credential.RevocationListException.Problem;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.pgp.SigningKey;

class RevocationListVerifierTest {

    private static final SigningKey PUBLISHER = SigningKey.generate("Publisher <p@example.org>");
    private static final SigningKey OTHER = SigningKey.generate("Other <o@example.org>");
    private static final Instant NOW = Instant.parse("2026-12-03T10:02:00Z");

    private final RevocationList list = RevocationListCodecTest.example();
    private final byte[] document = RevocationListCodec.encode(list);
    private final byte[] signature = sign(document);

    @Test
    void acceptsTheListThePublishersKeySignedUntilItExpires() {
        assertThat(verifier("fedora.example.org", NOW).verify(document, signature))
                .isEqualTo(list);
        assertThat(verifier("fedora.example.org", list.expires().minusSeconds(1))
                        .verify(document, signature, list))
                .as("the same list again")
                .isEqualTo(list);
        assertThat(verifier("fedora.example.org", list.issued().minusSeconds(3600))
                        .verify(document, signature))
                .as("issued is not judged: a publisher clock ahead of ours refuses nothing")
                .isEqualTo(list);
    }

    @Test
    void refusesAnotherKeysSignatureAndChangedBytes() {
        byte[] byOther = OTHER.sign(document).getBytes(StandardCharsets.US_ASCII);
        assertRefused(() -> verifier("fedora.example.org", NOW).verify(document, byOther), Problem.SIGNATURE)
                .hasMessageStartingWith("the revocation list is not signed by the publisher's key:");

        byte[] emptied = new String(document, StandardCharsets.UTF_8)
                .replace("m1.example.edu", "m9.example.edu")
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(() -> verifier("fedora.example.org", NOW).verify(emptied, signature), Problem.SIGNATURE);
    }

    @Test
    void refusesAForeignPublishersList() {
        assertRefused(() -> verifier("debian.example.org", NOW).verify(document, signature), Problem.FOREIGN)
                .hasMessage("the revocation list is publisher fedora.example.org's, not debian.example.org's");
    }

    @Test
    void failsClosedOnceTheListExpired() {
        assertRefused(() -> verifier("fedora.example.org", list.expires()).verify(document, signature), Problem.EXPIRED)
                .hasMessage("revocation list version 42 expired at 2026-12-03T10:05:07Z (now 2026-12-03T10:05:07Z);"
                        + " every mirror credential is refused until a fresh one arrives");
    }

    @Test
    void refusesAnOlderListThanOneAcceptedAndAnotherListOfTheSameVersion() {
        RevocationList newer = new RevocationList(list.publisher(), 43, list.issued(), list.expires(), List.of());
        RevocationList sameVersion = new RevocationList(list.publisher(), 42, list.issued(), list.expires(), List.of());
        byte[] sameVersionBytes = RevocationListCodec.encode(sameVersion);

        assertRefused(() -> verifier("fedora.example.org", NOW).verify(document, signature, newer), Problem.ROLLBACK)
                .hasMessage("revocation list version 42 is older than version 43 already accepted");
        assertRefused(
                        () -> verifier("fedora.example.org", NOW)
                                .verify(sameVersionBytes, sign(sameVersionBytes), list),
                        Problem.ROLLBACK)
                .hasMessage("revocation list version 42 differs from the version 42 already accepted; a version is"
                        + " signed once");
        assertRefused(
                        () -> verifier("fedora.example.org", list.expires()).verify(document, signature, newer),
                        Problem.ROLLBACK)
                .as("an old, expired list is named a rollback, the more telling reason");
        byte[] newerBytes = RevocationListCodec.encode(newer);
        assertThat(verifier("fedora.example.org", NOW).verify(newerBytes, sign(newerBytes), list))
                .isEqualTo(newer);
    }

    private static byte[] sign(byte[] bytes) {
        return PUBLISHER.sign(bytes).getBytes(StandardCharsets.US_ASCII);
    }

    private static RevocationListVerifier verifier(String publisher, Instant now) {
        return new RevocationListVerifier(
                new SignatureVerifier(List.of(PUBLISHER.publicKey())), publisher, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static AbstractThrowableAssert<?, ?> assertRefused(ThrowingCallable call, Problem problem) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        RevocationListException.class,
                        e -> assertThat(e.problem()).isEqualTo(problem));
    }
}

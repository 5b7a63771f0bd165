package org.ossnet.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ossnet.core.credential.RevocationListException.Problem;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.pgp.SigningKey;

class HeldRevocationListTest {

    private static final SigningKey PUBLISHER = SigningKey.generate("Publisher <p@example.org>");
    private static final SigningKey OTHER = SigningKey.generate("Other <o@example.org>");
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private final MovingClock clock = new MovingClock(NOW);
    private final HeldRevocationList held = new HeldRevocationList(clock);
    private final RevocationListVerifier verifier = new RevocationListVerifier(
            new SignatureVerifier(List.of(PUBLISHER.publicKey())), "fedora.example.org", clock);

    @Test
    void holdsNothingCurrentBeforeAListArrives() {
        assertThat(held.held()).isEmpty();
        assertThat(held.current()).isEmpty();
        assertThat(held.version(1)).isEmpty();
    }

    @Test
    void holdsAVerifiedListWithItsExactBytesAndSignature() {
        byte[] document = RevocationListCodec.encode(list(1, Duration.ofMinutes(5)));
        byte[] signature = sign(document);

        assertThat(held.accept(verifier, document, signature)).isEqualTo(HeldRevocationList.Outcome.ACCEPTED);

        HeldRevocationList.Signed current = held.current().orElseThrow();
        assertThat(current.list().version()).isEqualTo(1);
        assertThat(current.document()).isEqualTo(document);
        assertThat(current.signature()).isEqualTo(new String(signature, StandardCharsets.US_ASCII));
        assertThat(held.accept(verifier, document, signature))
                .as("the same list again")
                .isEqualTo(HeldRevocationList.Outcome.UNCHANGED);
    }

    @Test
    void takesANewerListAndKeepsThePreviousOneByVersionWhileItIsCurrent() {
        accept(list(1, Duration.ofMinutes(5)));
        accept(list(2, Duration.ofMinutes(10)));

        assertThat(held.current().orElseThrow().list().version()).isEqualTo(2);
        assertThat(held.version(1))
                .hasValueSatisfying(s -> assertThat(s.list().version()).isEqualTo(1));
        assertThat(held.version(2)).isPresent();
        assertThat(held.version(3)).isEmpty();

        clock.advance(Duration.ofMinutes(6));
        assertThat(held.version(1)).as("the previous list, expired").isEmpty();
        assertThat(held.version(2)).isPresent();
    }

    @Test
    void refusesAnOlderListAndAnotherListOfTheSameVersionKeepingTheHeldOne() {
        accept(list(2, Duration.ofMinutes(5)));
        byte[] older = RevocationListCodec.encode(list(1, Duration.ofMinutes(5)));
        byte[] sameVersion = RevocationListCodec.encode(new RevocationList(
                "fedora.example.org",
                2,
                NOW.minusSeconds(60),
                NOW.plusSeconds(600),
                List.of(RevocationList.Entry.wholeMirror("m1.example.edu", NOW.minusSeconds(30)))));

        assertRefused(older, sign(older), Problem.ROLLBACK);
        assertRefused(sameVersion, sign(sameVersion), Problem.ROLLBACK);
        assertThat(held.current().orElseThrow().list().entries()).isEmpty();
    }

    @Test
    void refusesAnotherKeysSignatureAndAnExpiredList() {
        byte[] document = RevocationListCodec.encode(list(1, Duration.ofMinutes(5)));
        assertRefused(document, OTHER.sign(document).getBytes(StandardCharsets.US_ASCII), Problem.SIGNATURE);

        byte[] expired = RevocationListCodec.encode(
                new RevocationList("fedora.example.org", 1, NOW.minusSeconds(600), NOW.minusSeconds(1), List.of()));
        assertRefused(expired, sign(expired), Problem.EXPIRED);
        assertThat(held.held()).isEmpty();
    }

    @Test
    void failsClosedOnceTheHeldListExpiresAndRecoversWithAFreshOne() {
        accept(list(1, Duration.ofSeconds(30)));
        assertThat(held.current(NOW.plusSeconds(29))).isPresent();

        clock.advance(Duration.ofSeconds(30));
        assertThat(held.current()).as("expired: fail closed").isEmpty();
        assertThat(held.held()).as("still known, to refuse older ones").isPresent();
        byte[] again = held.held().orElseThrow().document();
        assertRefused(again, sign(again), Problem.EXPIRED);
        assertThat(held.current()).isEmpty();

        accept(list(2, Duration.ofMinutes(5)));
        assertThat(held.current().orElseThrow().list().version()).isEqualTo(2);
    }

    private void accept(RevocationList list) {
        byte[] document = RevocationListCodec.encode(list);
        assertThat(held.accept(verifier, document, sign(document))).isEqualTo(HeldRevocationList.Outcome.ACCEPTED);
    }

    private void assertRefused(byte[] document, byte[] signature, Problem problem) {
        assertThatThrownBy(() -> held.accept(verifier, document, signature))
                .isInstanceOfSatisfying(
                        RevocationListException.class,
                        e -> assertThat(e.problem()).isEqualTo(problem));
    }

    private RevocationList list(long version, Duration validity) {
        Instant now = clock.instant();
        return new RevocationList("fedora.example.org", version, now.minusSeconds(60), now.plus(validity), List.of());
    }

    private static byte[] sign(byte[] bytes) {
        return PUBLISHER.sign(bytes).getBytes(StandardCharsets.US_ASCII);
    }

    /** A clock the test moves on, so expiry is seen without waiting. */
    private static final class MovingClock extends Clock {

        private volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

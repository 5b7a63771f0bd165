package org.ossnet.core.pgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SignatureVerifierProperties {

    private static final SigningKey KEY = PgpFixtures.publisherKey();
    private static final byte[] DATA = "snapshot".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SIGNATURE = SignatureVerifierTest.dearmor(KEY.sign(DATA));
    private static final SignatureVerifier VERIFIER = new SignatureVerifier(List.of(KEY.publicKey()));

    @Property(tries = 1000)
    void arbitraryBytesFailOnlyWithTheDocumentedException(@ForAll @Size(max = 300) byte[] signature) {
        assertVerifiesOrFails(signature);
    }

    @Property(tries = 1000)
    void mutatedRealSignaturesFailOnlyWithTheDocumentedException(
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte flip) {
        byte[] mutated = SIGNATURE.clone();
        int at = position % mutated.length;
        mutated[at] ^= flip;
        assertVerifiesOrFails(mutated);
    }

    private static void assertVerifiesOrFails(byte[] signature) {
        try {
            VERIFIER.verify(DATA, signature);
            // Only bytes outside the signed material (the unhashed issuer subpacket) may change and still verify.
        } catch (SignatureVerificationException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }
}

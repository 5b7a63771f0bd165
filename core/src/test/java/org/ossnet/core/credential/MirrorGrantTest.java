package org.ossnet.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.core.credential.CredentialFixtures.grant;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ossnet.core.name.OssnetName;

class MirrorGrantTest {

    @Test
    void coversNamesBelowAPrefixSegmentBySegmentNotByString() {
        MirrorGrant grant = grant("m1.example.edu", "ossnet://fedora.example.org/fedora/4");

        assertThat(grant.covers(OssnetName.parse("ossnet://fedora.example.org/fedora/4")))
                .isTrue();
        assertThat(grant.covers(OssnetName.parse("ossnet://fedora.example.org/fedora/4/")))
                .isTrue();
        assertThat(grant.covers(OssnetName.parse("ossnet://fedora.example.org/fedora/4/Everything/x.rpm")))
                .isTrue();
        assertThat(grant.covers(OssnetName.parse("ossnet://fedora.example.org/fedora/45")))
                .isFalse();
        assertThat(grant.covers(OssnetName.parse("ossnet://fedora.example.org/fedora/45/x.rpm")))
                .isFalse();
        assertThat(grant.covers(OssnetName.parse("ossnet://fedora.example.org/fedora")))
                .isFalse();
        assertThat(grant.covers(OssnetName.parse("ossnet://debian.example.org/fedora/4/x")))
                .isFalse();
    }

    @Test
    void theRootCoversTheWholeNamespace() {
        MirrorGrant grant = grant("m1.example.edu", "ossnet://fedora.example.org/");

        assertThat(grant.covers(OssnetName.parse("ossnet://fedora.example.org/anything/at/all")))
                .isTrue();
        assertThat(grant.covers(OssnetName.parse("ossnet://fedora.example.org:8080/anything")))
                .isFalse();
    }

    @Test
    void keepsPrefixesAsSortedDirectories() {
        MirrorGrant grant =
                grant("m1.example.edu", "ossnet://fedora.example.org/fedora/45", "ossnet://fedora.example.org/epel/");

        assertThat(grant.prefixes())
                .extracting(OssnetName::format)
                .containsExactly("ossnet://fedora.example.org/epel/", "ossnet://fedora.example.org/fedora/45/");
        assertThat(grant)
                .isEqualTo(grant(
                        "m1.example.edu",
                        "ossnet://fedora.example.org/epel",
                        "ossnet://fedora.example.org/fedora/45/"));
        assertThat(grant.publisher()).isEqualTo("fedora.example.org");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "M1.example.edu", "-m1.example.edu", "m1..example.edu", "m1.example.edu.", "m_1", "m 1"})
    void refusesNamesThatAreNotLowerCaseDnsNames(String name) {
        assertThatThrownBy(() -> grant(name, "ossnet://fedora.example.org/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mirror: '")
                .hasMessageContaining("is not a mirror name");
    }

    @Test
    void refusesTooLongNames() {
        String label = "a".repeat(63);
        String name = String.join(".", Collections.nCopies(4, label)); // 255 characters
        assertThatThrownBy(() -> grant(name, "ossnet://fedora.example.org/")).hasMessageStartingWith("mirror:");
        assertThat(MirrorGrant.name(name.substring(2))).hasSize(253);
    }

    @Test
    void refusesNoPrefixesTooManyRepeatsAndMixedPublishers() {
        assertThatThrownBy(() -> new MirrorGrant("m1", List.of()))
                .hasMessage("prefixes: must list 1 to 64 names, not 0");
        List<OssnetName> many = IntStream.range(0, 65)
                .mapToObj(i -> OssnetName.parse("ossnet://fedora.example.org/p" + i))
                .toList();
        assertThatThrownBy(() -> new MirrorGrant("m1", many)).hasMessage("prefixes: must list 1 to 64 names, not 65");
        assertThatThrownBy(() -> grant("m1", "ossnet://fedora.example.org/a", "ossnet://fedora.example.org/a/"))
                .hasMessage("prefixes[1]: repeats ossnet://fedora.example.org/a/");
        assertThatThrownBy(() -> grant("m1", "ossnet://fedora.example.org/a", "ossnet://debian.example.org/a"))
                .hasMessageStartingWith("prefixes[1]: names publisher debian.example.org, but prefixes[0] names");
    }
}

package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ossnet.agent.swarm.Admission.Candidate;
import org.ossnet.agent.swarm.Admission.Decision;

class AdmissionTest {

    static final long GRACE = 10;
    static final long NOW = 1_000;
    static final long LONG_AGO = NOW - 100;

    /** A peer that has moved no block for a while, exchanged {@code bytes}, and no one is interested. */
    static Candidate<String> peer(String name, String address, long bytes) {
        return new Candidate<>(name, address, LONG_AGO, bytes, false);
    }

    static Decision<String> displacing(String victim) {
        return new Decision.Displace<>(victim);
    }

    @Test
    void admitsAnyoneWhileASlotIsFreeEvenBeyondTheAddressShare() {
        var admission = new Admission(3, 1, GRACE);

        assertThat(admission.decide(List.of(peer("a", "10.0.0.1", 0), peer("b", "10.0.0.1", 0)), "10.0.0.1", NOW))
                .isInstanceOf(Decision.Admit.class);
    }

    @Test
    void refusesANewcomerWhoseAddressHoldsItsShareWhenFull() {
        var admission = new Admission(2, 1, GRACE);

        assertThat(admission.decide(List.of(peer("a", "10.0.0.1", 0), peer("b", "10.0.0.2", 0)), "10.0.0.1", NOW))
                .isInstanceOf(Decision.Refuse.class);
    }

    @Test
    void displacesAConnectionOfTheMostCrowdedAddressBeforeOneThatGaveLess() {
        var admission = new Admission(6, 2, GRACE);
        var connected = List.of(
                peer("lone", "10.0.0.9", 0),
                peer("pair-1", "10.0.0.2", 5_000),
                peer("pair-2", "10.0.0.2", 5_000),
                peer("pair-3", "10.0.0.2", 5_000),
                peer("crowd-1", "10.0.0.1", 9_000),
                new Candidate<>("crowd-2", "10.0.0.1", LONG_AGO, 9_000, false),
                peer("crowd-3", "10.0.0.1", 1_000),
                peer("crowd-4", "10.0.0.1", 9_000));

        assertThat(admission.decide(connected.subList(0, 6), "10.0.0.3", NOW)).isEqualTo(displacing("pair-1"));
        assertThat(admission.decide(connected, "10.0.0.3", NOW)).isEqualTo(displacing("crowd-3"));
    }

    @Test
    void displacesThePeerThatExchangedTheFewestBytes() {
        var admission = new Admission(3, 4, GRACE);
        var connected = List.of(peer("a", "10.0.0.1", 500), peer("b", "10.0.0.2", 0), peer("c", "10.0.0.3", 900));

        assertThat(admission.decide(connected, "10.0.0.4", NOW)).isEqualTo(displacing("b"));
    }

    @Test
    void amongEqualGiversDisplacesOneNobodyIsInterestedInThenTheLongestIdle() {
        var admission = new Admission(3, 4, GRACE);
        var interested = new Candidate<>("interested", "10.0.0.1", LONG_AGO - 50, 0, true);
        var idleLonger = new Candidate<>("idle-longer", "10.0.0.2", LONG_AGO - 10, 0, false);
        var idle = new Candidate<>("idle", "10.0.0.3", LONG_AGO, 0, false);

        assertThat(admission.decide(List.of(interested, idle, idleLonger), "10.0.0.4", NOW))
                .isEqualTo(displacing("idle-longer"));
    }

    @Test
    void neverDisplacesAPeerThatMovedABlockWithinTheGracePeriod() {
        var admission = new Admission(2, 4, GRACE);
        var busy = new Candidate<>("busy", "10.0.0.1", NOW - GRACE + 1, 0, true);
        var generous = peer("generous", "10.0.0.2", 1 << 30);

        assertThat(admission.decide(List.of(busy, generous), "10.0.0.4", NOW)).isEqualTo(displacing("generous"));
        assertThat(admission.decide(List.of(busy, busy), "10.0.0.4", NOW)).isInstanceOf(Decision.Refuse.class);
    }

    @Test
    void aNewcomerIsSafeForTheGracePeriodAfterItConnected() {
        var admission = new Admission(1, 4, GRACE);
        var justConnected = new Candidate<>("new", "10.0.0.1", NOW - GRACE + 1, 0, false);

        assertThat(admission.decide(List.of(justConnected), "10.0.0.2", NOW)).isInstanceOf(Decision.Refuse.class);
        assertThat(admission.decide(List.of(justConnected), "10.0.0.2", NOW + 1))
                .isEqualTo(displacing("new"));
    }

    @Test
    void countsAnIpv4AddressByItselfAndAnIpv6AddressByItsSlash64() throws Exception {
        assertThat(Admission.address(InetAddress.getByName("192.0.2.7"))).isEqualTo("192.0.2.7");
        assertThat(Admission.address(InetAddress.getByName("::ffff:192.0.2.7"))).isEqualTo("192.0.2.7");
        assertThat(Admission.address(InetAddress.getByName("2001:db8:0:1::1")))
                .isEqualTo(Admission.address(InetAddress.getByName("2001:db8:0:1:ffff::2")))
                .isEqualTo("2001:db8:0:1:0:0:0:0/64");
        assertThat(Admission.address(InetAddress.getByName("2001:db8:0:2::1")))
                .isNotEqualTo(Admission.address(InetAddress.getByName("2001:db8:0:1::1")));
    }
}

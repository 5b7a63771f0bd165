package org.ossnet.agent.ratelimit;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.net.IpAddresses;

/**
 * Which peer addresses may receive uploads ({@code --allow-upload CIDR…}).
 *
 * <p>Peer addresses are normalised before matching: an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, as a
 * dual-stack socket reports IPv4 peers) is matched as the IPv4 address it carries. After that the families are
 * separate, so {@code ::/0} allows every IPv6 peer but no IPv4 one; allow everyone with {@code 0.0.0.0/0 ::/0}.
 */
public final class AddressPolicy {

    private static final AddressPolicy NOBODY = new AddressPolicy(List.of());

    private final List<Cidr> allowed;

    private AddressPolicy(List<Cidr> allowed) {
        this.allowed = allowed;
    }

    /**
     * Parses the given prefixes in the one CIDR syntax ({@link Cidr#parse}); any invalid one fails the whole list.
     *
     * @throws IllegalArgumentException naming the offending text and what is wrong with it
     */
    public static AddressPolicy parse(List<String> cidrs) {
        return new AddressPolicy(cidrs.stream().map(Cidr::parse).distinct().toList());
    }

    /** A policy allowing no one, the default for {@code get} and {@code proxy}. */
    public static AddressPolicy nobody() {
        return NOBODY;
    }

    /** Whether a peer at {@code address} may receive uploads. */
    public boolean allows(InetAddress address) {
        byte[] normalised = IpAddresses.normalise(Objects.requireNonNull(address, "address"));
        for (Cidr cidr : allowed) {
            if (cidr.contains(normalised)) {
                return true;
            }
        }
        return false;
    }

    /** Whether no address at all is allowed. */
    public boolean allowsNobody() {
        return allowed.isEmpty();
    }

    @Override
    public String toString() {
        return "AddressPolicy" + allowed;
    }
}

package org.ossnet.agent.ban;

/**
 * The limits of {@link PeerTrust}.
 *
 * @param banThreshold a peer whose settled trust points fall to this or below is banned (libtorrent uses -7)
 * @param rememberedFailures how many failed pieces keep their per-block digests while they wait to verify; beyond
 *     that the oldest is forgotten and its penalties settle, which bounds memory when a peer fails piece after piece
 */
public record BanPolicy(int banThreshold, int rememberedFailures) {

    /** libtorrent's threshold and room for 64 failed pieces (64 × 256 blocks × 20 bytes at most, about 330 KiB). */
    public static final BanPolicy DEFAULT = new BanPolicy(-7, 64);

    public BanPolicy {
        if (banThreshold >= 0) {
            throw new IllegalArgumentException("the ban threshold must be negative: " + banThreshold);
        }
        if (rememberedFailures < 1) {
            throw new IllegalArgumentException("at least one failed piece must be remembered: " + rememberedFailures);
        }
    }
}

package org.ossnet.agent.storage;

/** Prints who computes the agent's digests in this JVM, for {@link DigestsTest}'s runs of a fresh JVM. */
final class DigestsProbe {

    private DigestsProbe() {}

    public static void main(String[] args) {
        System.out.println(Digests.implementation());
        System.out.println(
                java.util.HexFormat.of().formatHex(Digests.newDigest("SHA-1").digest(new byte[0])));
    }
}

package org.ossnet.agent.storage;

/** Prints who computes the agent's digests in this JVM, for {@link DigestsTest}'s runs of a fresh JVM. */
final class DigestsProbe {

    private DigestsProbe() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("budget")) {
            // Which digest each size gets in a fresh JVM, and whether OpenSSL was looked up by then.
            for (long bytes : new long[] {10 * 1024, Digests.JDK_BUDGET - 10 * 1024, 1, Digests.JDK_BUDGET, 1}) {
                System.out.println(bytes + " "
                        + Digests.newDigest("SHA-256", bytes).getClass().getSimpleName() + " "
                        + Digests.openSslLookedUp());
            }
            return;
        }
        System.out.println(Digests.implementation());
        System.out.println(
                java.util.HexFormat.of().formatHex(Digests.newDigest("SHA-1").digest(new byte[0])));
    }
}

package org.ossnet.announce.region;

import java.util.ArrayList;
import java.util.List;
import org.ossnet.announce.peerhandoutpolicy.Candidates;
import org.ossnet.announce.peerhandoutpolicy.Pool;
import org.ossnet.core.net.Cidr;

/** Regions, costs and a fake swarm of addressed candidates for region tests. */
final class RegionFixtures {

    static final int EU_WEST = 0;
    static final int EU_EAST = 1;
    static final int US_EAST = 2;

    private RegionFixtures() {}

    /** eu-west 10.1.0.0/16 and 2001:db8:1::/48, eu-east 10.2.0.0/16, us-east 10.3.0.0/16. */
    static RegionMap regions() {
        return new RegionMap(List.of(
                region("eu-west", "10.1.0.0/16", "2001:db8:1::/48"),
                region("eu-east", "10.2.0.0/16"),
                region("us-east", "10.3.0.0/16")));
    }

    static RegionMap.Region region(String name, String... prefixes) {
        return new RegionMap.Region(
                name, List.of(prefixes).stream().map(Cidr::parse).toList());
    }

    /** Within Europe 1, across the Atlantic the default 10. */
    static RegionCosts costs(RegionMap regions) {
        return new RegionCosts(
                regions,
                10,
                List.of(new RegionCosts.Cost("eu-west", "eu-east", 1), new RegionCosts.Cost("eu-east", "eu-west", 1)));
    }

    /** The {@code n}th address of region {@code region} (0, 1, 2 as above), or of no region for -1 (192.168/16). */
    static byte[] address(int region, int n) {
        return new byte[] {
            (byte) (region < 0 ? 192 : 10), (byte) (region < 0 ? 168 : region + 1), (byte) (n >> 8), (byte) n
        };
    }

    /** A swarm whose candidates are numbered in the order added; the requester is marked, never handed out. */
    static final class Swarm implements Candidates {
        final List<byte[]> seeds = new ArrayList<>();
        final List<byte[]> leechers = new ArrayList<>();
        final List<byte[]> given = new ArrayList<>();
        final List<Pool> givenPools = new ArrayList<>();
        byte[] requester;
        int addressReads;
        private int next;

        /** Adds {@code count} peers of {@code region} to {@code pool}. */
        Swarm add(Pool pool, int region, int count) {
            for (int i = 0; i < count; i++) {
                (pool == Pool.SEEDS ? seeds : leechers).add(RegionFixtures.address(region, next++));
            }
            return this;
        }

        /** Adds the requester itself to {@code pool}. */
        Swarm withRequester(Pool pool, byte[] address) {
            requester = address;
            (pool == Pool.SEEDS ? seeds : leechers).add(address);
            return this;
        }

        List<byte[]> pool(Pool pool) {
            return pool == Pool.SEEDS ? seeds : leechers;
        }

        @Override
        public int count(Pool pool) {
            return pool(pool).size();
        }

        @Override
        public boolean isRequester(Pool pool, int index) {
            return pool(pool).get(index) == requester;
        }

        @Override
        public byte[] address(Pool pool, int index) {
            addressReads++;
            return pool(pool).get(index);
        }

        @Override
        public void handOut(Pool pool, int index) {
            given.add(pool(pool).get(index));
            givenPools.add(pool);
        }

        /** How many handed out were of {@code pool} in {@code region}. */
        long given(Pool pool, int region, RegionMap regions) {
            int count = 0;
            for (int i = 0; i < given.size(); i++) {
                if (givenPools.get(i) == pool && regions.regionOf(given.get(i)) == region) {
                    count++;
                }
            }
            return count;
        }
    }
}

import java.util.ArrayList;
import java.util.List;
import org.ossnet.announce.region.RegionCosts;
import org.ossnet.announce.region.RegionMap;
import org.ossnet.core.net.Cidr;

/**
 * The simulated world: 10 regions on 3 continents with a cost table, how many peers live where, and the peers'
 * capacities. Every knob is an environment variable read once here.
 */
final class Scenario {

    /** Region names, their share of the peers in percent, and their continent (0 Europe, 1 Americas, 2 Asia). */
    static final String[] NAMES = {
        "eu-west", "eu-central", "eu-north", "us-east", "us-west", "us-central", "sa-east", "ap-south", "ap-east",
        "ap-southeast"
    };

    static final int[] SHARE = {16, 10, 6, 18, 10, 8, 4, 12, 10, 6};
    static final int[] CONTINENT = {0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
    /** Cost of a byte between continents (within a continent 1, within a region 0). */
    static final long[][] CONTINENT_COST = {{1, 4, 8}, {4, 1, 6}, {8, 6, 1}};

    final int peers = env("PEERS", 100_000);
    final long fileBytes = env("FILE_MIB", 1024) * 1024L * 1024L;
    final int pieces = env("PIECES", 256);
    final double arrivalSeconds = env("ARRIVAL_S", 60);
    final double peerUpMiBs = env("PEER_UP_MIBS", 10);
    final double peerDownMiBs = env("PEER_DOWN_MIBS", 40);
    final double originUpMiBs = env("ORIGIN_UP_MIBS", 250);
    final int originConnections = env("ORIGIN_CONNECTIONS", 400);
    final int peerConnections = env("PEER_CONNECTIONS", 50);
    final int numwant = env("NUMWANT", 50);
    final int announceInterval = env("ANNOUNCE_S", 30);
    final int maxSeconds = env("MAX_S", 3600);
    final long seed = env("SEED", 1);
    /** The policy's scan window, {@code RegionHandoutConfig}'s defaults unless set. */
    final int scanMin = env("SCAN_MIN", 256);

    final int scanPerWanted = env("SCAN_PER_WANTED", 8);

    final RegionMap regions;
    final RegionCosts costs;

    Scenario() {
        List<RegionMap.Region> list = new ArrayList<>();
        for (int r = 0; r < NAMES.length; r++) {
            // One region is IPv6-only, so the bench also walks RegionMap's IPv6 ranges.
            String prefix = r == NAMES.length - 1 ? "2001:db8:" + r + "::/48" : "10." + r + ".0.0/16";
            list.add(new RegionMap.Region(NAMES[r], List.of(Cidr.parse(prefix))));
        }
        regions = new RegionMap(list);
        List<RegionCosts.Cost> listed = new ArrayList<>();
        for (int from = 0; from < NAMES.length; from++) {
            for (int to = 0; to < NAMES.length; to++) {
                if (from != to) {
                    listed.add(new RegionCosts.Cost(
                            NAMES[from], NAMES[to], CONTINENT_COST[CONTINENT[from]][CONTINENT[to]]));
                }
            }
        }
        costs = new RegionCosts(regions, 10, listed);
    }

    /** The address of the {@code n}th peer of region {@code r}: 10.r.n/16, or 2001:db8:r::n for the last region. */
    static byte[] address(int r, int n) {
        if (r == NAMES.length - 1) {
            byte[] v6 = new byte[16];
            v6[0] = 0x20;
            v6[1] = 0x01;
            v6[2] = 0x0d;
            v6[3] = (byte) 0xb8;
            v6[5] = (byte) r;
            v6[14] = (byte) (n >> 8);
            v6[15] = (byte) n;
            return v6;
        }
        return new byte[] {10, (byte) r, (byte) (n >> 8), (byte) n};
    }

    /** The key {@link #address} was built from: region × 65536 + n. */
    static int key(byte[] address) {
        if (address.length == 16) {
            return (address[5] & 0xff) << 16 | (address[14] & 0xff) << 8 | (address[15] & 0xff);
        }
        return (address[1] & 0xff) << 16 | (address[2] & 0xff) << 8 | (address[3] & 0xff);
    }

    String describe() {
        return String.format(
                "%,d peers in %d regions (3 continents), %,d MiB in %d pieces, arriving over %.0f s; peers %.0f MiB/s up"
                        + " / %.0f MiB/s down, %d connections; origin (eu-west) %.0f MiB/s up, %d connections;"
                        + " numwant %d, announce every %d s; scan window max(%d, %d × wanted); seed %d",
                peers, NAMES.length, fileBytes >> 20, pieces, arrivalSeconds, peerUpMiBs, peerDownMiBs,
                peerConnections, originUpMiBs, originConnections, numwant, announceInterval, scanMin, scanPerWanted, seed);
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }
}

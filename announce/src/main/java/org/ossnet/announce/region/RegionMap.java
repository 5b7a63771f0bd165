package org.ossnet.announce.region;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.net.IpAddresses;

/**
 * Which region an address lies in: regions by name, each a list of IPv4 and IPv6 prefixes, numbered in the order
 * given. The prefixes become sorted, non-overlapping ranges per address family, so {@link #regionOf} is a binary search
 * over primitive arrays that allocates nothing; overlapping prefixes, even within one region, are refused, as the
 * tracker refuses them when they are stored.
 */
public final class RegionMap {

    /** A map with no regions: every address is in none. */
    public static final RegionMap EMPTY = new RegionMap(List.of());

    /**
     * One region.
     *
     * @param name its name, as it appears in metrics
     * @param prefixes its prefixes, IPv4 and IPv6 mixed
     */
    public record Region(String name, List<Cidr> prefixes) {

        public Region {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a region needs a name");
            }
            prefixes = List.copyOf(prefixes);
        }
    }

    private final List<String> names;
    private final Map<String, Integer> indexes = new HashMap<>();
    /** IPv4 ranges as unsigned 32-bit values in longs, sorted by start. */
    private final long[] v4Starts;

    private final long[] v4Ends;
    private final int[] v4Regions;
    /** IPv6 ranges as pairs of longs (high, low), sorted by start; compared unsigned. */
    private final long[] v6Starts;

    private final long[] v6Ends;
    private final int[] v6Regions;

    /**
     * A map of {@code regions}, numbered from 0 in this order.
     *
     * @throws IllegalArgumentException when two regions share a name or two prefixes overlap
     */
    public RegionMap(List<Region> regions) {
        List<String> names = new ArrayList<>(regions.size());
        List<Range> v4 = new ArrayList<>();
        List<Range> v6 = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            Region region = regions.get(i);
            if (indexes.putIfAbsent(region.name(), i) != null) {
                throw new IllegalArgumentException("two regions are named " + region.name());
            }
            names.add(region.name());
            for (Cidr prefix : region.prefixes()) {
                (prefix.network().length == 4 ? v4 : v6).add(Range.of(prefix, i));
            }
        }
        this.names = List.copyOf(names);
        refuseOverlaps(v4);
        refuseOverlaps(v6);
        v4Starts = new long[v4.size()];
        v4Ends = new long[v4.size()];
        v4Regions = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            v4Starts[i] = v4.get(i).startLow;
            v4Ends[i] = v4.get(i).endLow;
            v4Regions[i] = v4.get(i).region;
        }
        v6Starts = new long[v6.size() * 2];
        v6Ends = new long[v6.size() * 2];
        v6Regions = new int[v6.size()];
        for (int i = 0; i < v6.size(); i++) {
            Range range = v6.get(i);
            v6Starts[2 * i] = range.startHigh;
            v6Starts[2 * i + 1] = range.startLow;
            v6Ends[2 * i] = range.endHigh;
            v6Ends[2 * i + 1] = range.endLow;
            v6Regions[i] = range.region;
        }
    }

    /**
     * The index of the region holding {@code address} (4 or 16 bytes; an IPv4-mapped IPv6 address counts as its IPv4
     * form), or -1 when it lies in none. Allocates nothing.
     */
    public int regionOf(byte[] address) {
        if (address.length == 4) {
            return regionOfV4(word(address, 0));
        }
        if (address.length != 16) {
            return -1;
        }
        if (IpAddresses.isMapped(address)) {
            return regionOfV4(word(address, 12));
        }
        long high = (word(address, 0) << 32) | word(address, 4);
        long low = (word(address, 8) << 32) | word(address, 12);
        int lo = 0;
        int hi = v6Regions.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(v6Starts[2 * mid], v6Starts[2 * mid + 1], high, low) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && compare(high, low, v6Ends[2 * found], v6Ends[2 * found + 1]) <= 0 ? v6Regions[found] : -1;
    }

    /** How many regions there are; their indexes run from 0 to this, exclusive. */
    public int size() {
        return names.size();
    }

    /** The name of region {@code index}. */
    public String name(int index) {
        return names.get(index);
    }

    /** The index of the region named {@code name}, or -1 when there is none. */
    public int indexOf(String name) {
        return indexes.getOrDefault(name, -1);
    }

    /** The names by index. */
    public List<String> names() {
        return names;
    }

    private int regionOfV4(long address) {
        int at = Arrays.binarySearch(v4Starts, address);
        if (at < 0) {
            at = -at - 2;
        }
        return at >= 0 && address <= v4Ends[at] ? v4Regions[at] : -1;
    }

    private static long word(byte[] address, int from) {
        return ((address[from] & 0xffL) << 24)
                | ((address[from + 1] & 0xffL) << 16)
                | ((address[from + 2] & 0xffL) << 8)
                | (address[from + 3] & 0xffL);
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int high = Long.compareUnsigned(aHigh, bHigh);
        return high != 0 ? high : Long.compareUnsigned(aLow, bLow);
    }

    private void refuseOverlaps(List<Range> ranges) {
        ranges.sort(Comparator.<Range, Long>comparing(r -> r.startHigh, Long::compareUnsigned)
                .thenComparing(r -> r.startLow, Long::compareUnsigned));
        for (int i = 1; i < ranges.size(); i++) {
            Range before = ranges.get(i - 1);
            Range range = ranges.get(i);
            // Two prefixes are nested or apart, so an overlap always shows between neighbours in start order.
            if (compare(range.startHigh, range.startLow, before.endHigh, before.endLow) <= 0) {
                throw new IllegalArgumentException(range.prefix + " of region " + names.get(range.region) + " overlaps "
                        + before.prefix + " of region " + names.get(before.region));
            }
        }
    }

    /** One prefix as its first and last address; IPv4 uses only the low word. */
    private record Range(Cidr prefix, int region, long startHigh, long startLow, long endHigh, long endLow) {

        static Range of(Cidr prefix, int region) {
            byte[] network = prefix.network();
            int bits = prefix.prefix();
            if (network.length == 4) {
                long start = word(network, 0);
                long hostMask = bits == 0 ? 0xffffffffL : (1L << (32 - bits)) - 1;
                return new Range(prefix, region, 0, start, 0, start | hostMask);
            }
            long high = (word(network, 0) << 32) | word(network, 4);
            long low = (word(network, 8) << 32) | word(network, 12);
            long highMask = bits >= 64 ? 0 : -1L >>> bits;
            long lowMask = bits <= 64 ? -1L : bits == 128 ? 0 : -1L >>> (bits - 64);
            return new Range(prefix, region, high, low, high | highMask, low | lowMask);
        }
    }
}

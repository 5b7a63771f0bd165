package org.ossnet.announce.peerstore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One swarm's peer ids to where the peers sit: an open-addressing table of ints (linear probing, deletion by backward
 * shift, so no tombstones) whose keys are not stored but read from the {@link PeerTable}s, so it costs 4 to 8 bytes a
 * peer. A location is a table number (below {@link #TABLES}) and a slot in it. Each cell also keeps 7 bits of its id's
 * hash, so a probe past another peer's cell almost never reads that peer's id (a cache miss of its own): an announce
 * of a new peer, the common case, mostly touches the cells alone.
 */
final class PeerIndex {

    /** How many tables a location can name. */
    static final int TABLES = 8;

    private static final int SLOT_BITS = 21;
    private static final int SLOT_MASK = (1 << SLOT_BITS) - 1;
    /** A cell: the tag (7 bits of hash, the top bit set so that no used cell is 0) above 24 bits of location. */
    private static final int LOCATION_MASK = (1 << 24) - 1;

    /** The most slots a table can have. */
    static final int MAX_SLOTS = SLOT_MASK + 1;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final PeerTable[] tables;
    /** Tag and location; 0 is free. */
    private int[] cells = new int[4];

    private int size;

    PeerIndex(PeerTable[] tables) {
        this.tables = tables;
    }

    static int location(int table, int slot) {
        return table << SLOT_BITS | slot;
    }

    static int table(int location) {
        return location >>> SLOT_BITS;
    }

    static int slot(int location) {
        return location & SLOT_MASK;
    }

    int size() {
        return size;
    }

    /** The location of the peer with {@code id} (20 bytes), or -1. */
    int find(byte[] id) {
        int mask = cells.length - 1;
        int hash = hash(id, 0);
        int tag = tag(hash);
        for (int cell = hash & mask; ; cell = (cell + 1) & mask) {
            int value = cells[cell];
            if (value == 0) {
                return -1;
            }
            int location = value & LOCATION_MASK;
            if ((value & ~LOCATION_MASK) == tag && tables[table(location)].hasId(slot(location), id)) {
                return location;
            }
        }
    }

    /** Adds a peer that is not indexed yet. */
    void add(byte[] id, int location) {
        if ((size + 1) * 4 > cells.length * 3) {
            rehash(cells.length * 2);
        }
        place(hash(id, 0), location);
        size++;
    }

    /** Points the entry of the peer with {@code id} from {@code from} to {@code to}. */
    void move(byte[] id, int offset, int from, int to) {
        int hash = hash(id, offset);
        cells[cellOf(hash, from)] = tag(hash) | to;
    }

    /** Forgets the peer at {@code location}, whose id is at {@code id[offset]}. */
    void remove(byte[] id, int offset, int location) {
        int mask = cells.length - 1;
        int gap = cellOf(hash(id, offset), location);
        cells[gap] = 0;
        size--;
        // Backward shift: pull later entries of the run into the gap when their home is not between gap and them.
        for (int cell = (gap + 1) & mask; cells[cell] != 0; cell = (cell + 1) & mask) {
            int home = homeOf(cells[cell] & LOCATION_MASK) & mask;
            if (((cell - home) & mask) >= ((cell - gap) & mask)) {
                cells[gap] = cells[cell];
                cells[cell] = 0;
                gap = cell;
            }
        }
        if (size * 8 < cells.length && cells.length > 4) {
            rehash(cells.length / 2);
        }
    }

    /** The heap the table takes, for tests of the layout. */
    long bytes() {
        return 4L * cells.length;
    }

    private int cellOf(int hash, int location) {
        int mask = cells.length - 1;
        int value = tag(hash) | location;
        for (int cell = hash & mask; ; cell = (cell + 1) & mask) {
            if (cells[cell] == value) {
                return cell;
            }
            if (cells[cell] == 0) {
                throw new IllegalStateException("location " + location + " is not indexed");
            }
        }
    }

    private void place(int hash, int location) {
        int mask = cells.length - 1;
        int cell = hash & mask;
        while (cells[cell] != 0) {
            cell = (cell + 1) & mask;
        }
        cells[cell] = tag(hash) | location;
    }

    private int homeOf(int location) {
        PeerTable table = tables[table(location)];
        return hash(table.ids, slot(location) * 20);
    }

    private void rehash(int capacity) {
        int[] old = cells;
        cells = new int[capacity];
        for (int value : old) {
            if (value != 0) {
                place(homeOf(value & LOCATION_MASK), value & LOCATION_MASK);
            }
        }
    }

    /** The cell bits above the location: 7 bits of the hash that the index bits do not use, and a set top bit. */
    private static int tag(int hash) {
        return (0x80 | hash >>> 25) << 24;
    }

    /** Mixes all 20 bytes: ids often share a client prefix of 8, and some clients vary only a few of the rest. */
    static int hash(byte[] id, int offset) {
        long a = (long) LONGS.get(id, offset);
        long b = (long) LONGS.get(id, offset + 8);
        long c = (int) INTS.get(id, offset + 16);
        long h = (a * 0x9E3779B97F4A7C15L) ^ (b * 0xC2B2AE3D27D4EB4FL) ^ (c * 0x165667B19E3779F9L);
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ h >>> 32);
    }
}

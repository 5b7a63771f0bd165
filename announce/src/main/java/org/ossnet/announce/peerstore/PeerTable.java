package org.ossnet.announce.peerstore;

import java.util.Arrays;
import org.ossnet.core.torrent.PeerId;

/**
 * The peers of one kind (seed or leecher, handed out or not) and one address family in a swarm, as parallel arrays of
 * primitives: 20 bytes of peer id, the compact entry (address then port, big-endian: exactly BEP 23's or BEP 7's
 * bytes, so a hand-out copies a run of them straight into the reply) and the second the peer was last seen. About 30
 * bytes a peer over IPv4 and 42 over IPv6, against some 200 for an object per peer. Removal swaps the last peer into
 * the gap, so the slots stay dense; the caller keeps its index in step ({@link #remove} says what moved).
 */
final class PeerTable {

    private static final int MIN_CAPACITY = 4;

    /** 4 or 16. */
    final int addressLength;
    /** The length of one compact entry: the address and two bytes of port. */
    final int stride;

    byte[] ids;
    byte[] entries;
    int[] seen;
    private int size;

    PeerTable(int addressLength) {
        this.addressLength = addressLength;
        this.stride = addressLength + 2;
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** Appends a peer; returns its slot. */
    int add(byte[] id, byte[] address, int port, int second) {
        if (size == seen.length) {
            resize(size + (size >> 1));
        }
        int slot = size++;
        System.arraycopy(id, 0, ids, slot * PeerId.LENGTH, PeerId.LENGTH);
        set(slot, address, port, second);
        return slot;
    }

    /** Refreshes a peer's address (of this table's family), port and last-seen second. */
    void set(int slot, byte[] address, int port, int second) {
        int at = slot * stride;
        System.arraycopy(address, 0, entries, at, addressLength);
        entries[at + addressLength] = (byte) (port >>> 8);
        entries[at + addressLength + 1] = (byte) port;
        seen[slot] = second;
    }

    /**
     * Removes the peer at {@code slot} by moving the last peer into it.
     *
     * @return the slot the moved peer came from, which is now free, or -1 when {@code slot} was the last one
     */
    int remove(int slot) {
        int last = --size;
        int moved = -1;
        if (slot != last) {
            System.arraycopy(ids, last * PeerId.LENGTH, ids, slot * PeerId.LENGTH, PeerId.LENGTH);
            System.arraycopy(entries, last * stride, entries, slot * stride, stride);
            seen[slot] = seen[last];
            moved = last;
        }
        if (size < seen.length / 4 && seen.length > MIN_CAPACITY) {
            resize(Math.max(MIN_CAPACITY, seen.length / 2));
        }
        return moved;
    }

    int port(int slot) {
        int at = slot * stride + addressLength;
        return (entries[at] & 0xff) << 8 | (entries[at + 1] & 0xff);
    }

    /** Copies the peer's address into {@code target}, which has {@link #addressLength} bytes; returns it. */
    byte[] address(int slot, byte[] target) {
        System.arraycopy(entries, slot * stride, target, 0, addressLength);
        return target;
    }

    /** The peer's id, a copy. */
    PeerId id(int slot) {
        return PeerId.wrap(Arrays.copyOfRange(ids, slot * PeerId.LENGTH, (slot + 1) * PeerId.LENGTH));
    }

    /** Whether the peer at {@code slot} has the id {@code id}. */
    boolean hasId(int slot, byte[] id) {
        return Arrays.equals(ids, slot * PeerId.LENGTH, (slot + 1) * PeerId.LENGTH, id, 0, PeerId.LENGTH);
    }

    /** The heap the arrays take, for tests of the layout. */
    long bytes() {
        return ids.length + entries.length + 4L * seen.length;
    }

    private void allocate(int capacity) {
        ids = new byte[capacity * PeerId.LENGTH];
        entries = new byte[capacity * stride];
        seen = new int[capacity];
    }

    private void resize(int capacity) {
        ids = Arrays.copyOf(ids, capacity * PeerId.LENGTH);
        entries = Arrays.copyOf(entries, capacity * stride);
        seen = Arrays.copyOf(seen, capacity);
    }
}

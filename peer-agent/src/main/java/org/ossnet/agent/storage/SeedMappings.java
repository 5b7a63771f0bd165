package org.ossnet.agent.storage;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read-only mappings of seeded files that blocks are sent from ({@link PieceStore#mappedBlock}), and their bound.
 *
 * <p>A file is mapped in regions of at most {@link #REGION_BYTES} (a {@link ByteBuffer} holds less than 2 GiB), each
 * one entry in the kernel's table of the process's mappings, which Linux caps ({@code vm.max_map_count}, 65,530 by
 * default, shared with the JVM's own). A mapping is released only when the garbage collector finds its buffer
 * unreachable, after its store closed; so the agent maps at most {@link #MAX_REGIONS} regions at once and sends from
 * further files by reading them, as it always could. A mirror seeding a hundred thousand files maps those it serves.
 */
final class SeedMappings {

    /** The largest region of a file mapped as one buffer: a GiB, so that blocks of pieces of a power of two fit one. */
    static final long REGION_BYTES = 1L << 30;

    /** How many regions the agent keeps mapped at most. */
    static final int MAX_REGIONS = 8192;

    private static final AtomicInteger LIVE = new AtomicInteger();

    private static final Cleaner CLEANER = Cleaner.create();

    private static final ByteBuffer[] NONE = new ByteBuffer[0];

    private SeedMappings() {}

    /** The regions of {@code length} bytes of {@code channel}'s file, mapped read-only; none if it cannot be mapped. */
    static ByteBuffer[] map(FileChannel channel, long length) {
        int count = (int) ((length + REGION_BYTES - 1) / REGION_BYTES);
        if (count == 0 || LIVE.addAndGet(count) > MAX_REGIONS) {
            LIVE.addAndGet(-count);
            return NONE;
        }
        ByteBuffer[] regions = new ByteBuffer[count];
        int mapped = 0;
        try {
            for (; mapped < count; mapped++) {
                long start = mapped * REGION_BYTES;
                MappedByteBuffer region =
                        channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(REGION_BYTES, length - start));
                CLEANER.register(region, LIVE::decrementAndGet);
                regions[mapped] = region;
            }
            return regions;
        } catch (IOException | UnsupportedOperationException e) {
            // Not mappable (a file system or channel that refuses, or the process's mappings exhausted): read instead.
            LIVE.addAndGet(-(count - mapped));
            return NONE;
        }
    }

    /** How many regions are mapped now (released ones counted until the collector finds them), for tests. */
    static int live() {
        return LIVE.get();
    }
}

package org.ossnet.agent.mirror;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;

/**
 * A {@link ContentSource} that counts the bytes received over the network, per collection, for the state file. One
 * call fetches files of one collection ({@link CollectionSync} calls it per collection).
 */
public final class CountingSource implements ContentSource {

    private final ContentSource source;
    private final List<OssnetName> collections;
    private final Map<OssnetName, Long> bytes = new ConcurrentHashMap<>();

    public CountingSource(ContentSource source, List<OssnetName> collections) {
        this.source = source;
        this.collections = List.copyOf(collections);
    }

    @Override
    public Fetched fetch(List<Wanted> files) throws InterruptedException {
        Fetched fetched = source.fetch(files);
        files.stream()
                .map(Wanted::collection)
                .distinct()
                .filter(collections::contains)
                .findFirst()
                .ifPresent(c -> bytes.merge(c, fetched.received(), Long::sum));
        return fetched;
    }

    @Override
    public void release(Predicate<InfoHash> takenOver) throws InterruptedException {
        source.release(takenOver);
    }

    /** The bytes received for {@code collection} so far. */
    public long bytes(OssnetName collection) {
        return bytes.getOrDefault(collection, 0L);
    }
}

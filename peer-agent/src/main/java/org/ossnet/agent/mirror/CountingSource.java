package org.ossnet.agent.mirror;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.core.name.OssnetName;

/** A {@link ContentSource} that counts the bytes of the files that arrived, per collection, for the state file. */
public final class CountingSource implements ContentSource {

    private final ContentSource source;
    private final List<OssnetName> collections;
    private final Map<OssnetName, Long> bytes = new ConcurrentHashMap<>();

    public CountingSource(ContentSource source, List<OssnetName> collections) {
        this.source = source;
        this.collections = List.copyOf(collections);
    }

    @Override
    public Map<Path, Exception> fetch(List<Wanted> files) throws InterruptedException {
        Map<Path, Exception> failed = source.fetch(files);
        for (Wanted wanted : files) {
            if (!failed.containsKey(wanted.target())) {
                collections.stream()
                        .filter(c -> wanted.name().startsWith(c))
                        .findFirst()
                        .ifPresent(c -> bytes.merge(c, wanted.file().size(), Long::sum));
            }
        }
        return failed;
    }

    /** The bytes fetched for {@code collection} so far. */
    public long bytes(OssnetName collection) {
        return bytes.getOrDefault(collection, 0L);
    }
}

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stats bench's load: the same deterministic download events, either posted in batches to an events endpoint
 * (stats-service's or the tracker's {@code POST /api/v1/events}) over several connections, or written as CSV rows for
 * {@code psql \copy} into {@code download_event}; and the QA queries timed one by one. JDK only, run with
 * {@code java EventLoad.java <mode> key=value...}.
 *
 * <p>Event {@code i} of seed {@code s} is always the same: its id, file (Zipf over the files), version (newer versions
 * take over as the days pass), region, client kind, byte split and completion time (spread over {@code days} days
 * ending an hour ago). So the CSV and the posted batches hold the same rows.
 *
 * <p>{@code order} says how the completion times follow the events' numbers. {@code time} (the default): event
 * {@code i} of {@code total} (default {@code from + events}) completes at the fraction {@code i / total} of the days,
 * give or take up to {@link #JITTER_SECONDS}, so the events replay {@code days} days of traffic in the order it came,
 * as a live stats-service receives it from reporters that send each event within seconds of the file completing.
 * {@code random}: each event's time is drawn uniformly over all the days, so every batch spans them all (the bench's
 * first behaviour: a batch then touches a rollup row of its own for nearly every event). Both draw the same random
 * numbers in the same order, so everything but the completion time (and the version, which follows it) is the same.
 *
 * <p>{@code ids} says how the ids are chosen. {@code reporters} (the default): as the reporters choose them, an agent's
 * event an id that sorts by its completion time (version 7, {@code EventIds}), a standard client's completion the
 * tracker's name-based id (version 3), which sorts by nothing; with this mix of client kinds, 38 % of the ids.
 * {@code ordered}: every id ascends with the event's number (the bench's ids before the knob). {@code random}:
 * version 4, as reporters that drew their ids at random sent them.
 *
 * <pre>
 * post  url=... token=... files=files.tsv collection=ossnet://... versions=3 events=N from=0 batch=1000 connections=4 days=30 seed=1 order=time ids=reporters [total=N] [bodies=FILE]
 * bodies out=bodies.txt (same keys and batch, no url/token): the request bodies, one per line, for post bodies=...
 * csv   out=rows.csv   (same keys, no url/token)
 * query url=<stats base> token=... collection=... days=30 repeat=50   (prints p50/p95 per query)
 * </pre>
 *
 * Prints one line {@code events=N seconds=S eventsPerSecond=R added=A duplicates=D} for post and csv.
 */
public final class EventLoad {

    private static final String[] REGIONS = {"eu", "na", "sa", "as"};
    private static final double[] REGION_WEIGHTS = {0.40, 0.35, 0.10, 0.15};
    private static final String[] KINDS = {
        "get", "bittorrent:libtorrent", "bittorrent:aria2", "bittorrent:transmission", "proxy", "mirror"
    };
    private static final double[] KIND_WEIGHTS = {0.50, 0.20, 0.10, 0.08, 0.10, 0.02};
    /** With {@code order=time}, how far an event's completion time strays from its place in the sequence, either way. */
    private static final long JITTER_SECONDS = 300;

    private final Map<String, String> options;
    private final List<String> paths = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private final double[] zipf;
    private final String collection;
    private final int versions;
    private final int days;
    private final long seed;
    private final Instant end;
    private final boolean timeOrder;
    private final String ids;
    private final long total;

    private EventLoad(Map<String, String> options) throws IOException {
        this.options = options;
        this.collection = require("collection");
        this.versions = Integer.parseInt(options.getOrDefault("versions", "3"));
        this.days = Integer.parseInt(options.getOrDefault("days", "30"));
        this.seed = Long.parseLong(options.getOrDefault("seed", "1"));
        String order = options.getOrDefault("order", "time");
        if (!order.equals("time") && !order.equals("random")) {
            throw new IllegalArgumentException("order: time or random");
        }
        this.timeOrder = order.equals("time");
        this.ids = options.getOrDefault("ids", "reporters");
        if (!List.of("reporters", "ordered", "random").contains(ids)) {
            throw new IllegalArgumentException("ids: reporters, ordered or random");
        }
        this.total = Long.parseLong(options.getOrDefault(
                "total",
                Long.toString(Long.parseLong(options.getOrDefault("from", "0"))
                        + Long.parseLong(options.getOrDefault("events", "1")))));
        this.end = Instant.parse(options.getOrDefault(
                "end", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).toString()));
        if (options.containsKey("files")) {
            for (String line : Files.readAllLines(Path.of(options.get("files")))) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t");
                paths.add(fields[0]);
                sizes.add(Long.parseLong(fields[1]));
            }
        }
        this.zipf = new double[paths.size()];
        double sum = 0;
        for (int k = 0; k < zipf.length; k++) {
            sum += 1.0 / (k + 1);
            zipf[k] = sum;
        }
        for (int k = 0; k < zipf.length; k++) {
            zipf[k] /= sum;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        EventLoad load = new EventLoad(options);
        switch (args[0]) {
            case "post" -> load.post();
            case "csv" -> load.csv();
            case "bodies" -> load.bodies();
            case "query" -> load.query();
            default -> throw new IllegalArgumentException("mode: post, bodies, csv or query");
        }
    }

    /**
     * Event {@code i}'s id under {@code ids=random}: version 4, drawn from a generator of its own so that every other
     * column is the same whatever the ids.
     */
    private UUID randomId(long i) {
        SplittableRandom random = new SplittableRandom(~(seed * 1_000_003L + i));
        return new UUID(
                random.nextLong() & ~0xF000L | 0x4000L,
                random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L);
    }

    /**
     * Event {@code i}'s id under {@code ids=reporters}, as its reporter would choose it: a standard BitTorrent
     * client's completion gets the tracker's id, a name-based UUID of the peer id and the swarm
     * ({@code CompletedAnnounces.eventId}, here of the event's number); an agent's download an id of version 7 that
     * starts with its completion time in milliseconds ({@code EventIds}).
     */
    private UUID reporterId(long i, String kind, Instant completedAt) {
        if (kind.startsWith("bittorrent:")) {
            return UUID.nameUUIDFromBytes(("completed:" + seed + ":" + i).getBytes(StandardCharsets.US_ASCII));
        }
        SplittableRandom random = new SplittableRandom(~(seed * 1_000_003L + i));
        return new UUID(
                completedAt.toEpochMilli() << 16 | 0x7000L | random.nextInt(0x1000),
                random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L);
    }

    /** Event {@code i}: the columns of download_event in order, as text. */
    private String[] event(long i) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
        int file = Arrays.binarySearch(zipf, random.nextDouble());
        file = file < 0 ? Math.min(-file - 1, zipf.length - 1) : file;
        long span = days * 86_400L;
        double draw = random.nextDouble();
        long secondsBack = timeOrder
                ? Math.clamp(
                        (long) (span * (1 - (i + 0.5) / total) + (draw * 2 - 1) * JITTER_SECONDS), 0, span - 1)
                : (long) (draw * span);
        Instant at = end.minusSeconds(secondsBack);
        // Version v takes over as time passes: a download's version is the newest at its time, or an older one.
        double age = secondsBack / (double) span;
        int newest = Math.max(1, versions - (int) (age * versions));
        int version = random.nextDouble() < 0.8 ? newest : 1 + random.nextInt(newest);
        String region = pick(REGIONS, REGION_WEIGHTS, random.nextDouble());
        String kind = pick(KINDS, KIND_WEIGHTS, random.nextDouble());
        long bytes = sizes.get(file);
        long origin = (long) (bytes * random.nextDouble() * 0.2);
        long mirrors = (long) ((bytes - origin) * random.nextDouble() * 0.5);
        long peers = bytes - origin - mirrors;
        long duration = 200 + random.nextInt(60_000);
        UUID id = switch (ids) {
            case "ordered" -> new UUID(seed ^ 0x4f53534e45540000L, i);
            case "random" -> randomId(i);
            default -> reporterId(i, kind, at);
        };
        return new String[] {
            id.toString(), collection, Integer.toString(version), paths.get(file), Long.toString(bytes),
            Long.toString(peers), Long.toString(mirrors), Long.toString(origin), region, kind, Long.toString(duration),
            at.toString()
        };
    }

    private static String pick(String[] values, double[] weights, double r) {
        double sum = 0;
        for (int k = 0; k < values.length; k++) {
            sum += weights[k];
            if (r < sum) {
                return values[k];
            }
        }
        return values[values.length - 1];
    }

    private static String json(String[] e) {
        return "{\"eventId\":\"" + e[0] + "\",\"collection\":\"" + e[1] + "\",\"version\":" + e[2] + ",\"path\":\""
                + e[3].replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"bytes\":" + e[4] + ",\"bytesFromPeers\":"
                + e[5] + ",\"bytesFromMirrors\":" + e[6] + ",\"bytesFromOrigin\":" + e[7] + ",\"region\":\"" + e[8]
                + "\",\"clientKind\":\"" + e[9] + "\",\"durationMs\":" + e[10] + ",\"completedAt\":\"" + e[11]
                + "\"}";
    }

    private void post() throws Exception {
        URI url = URI.create(require("url"));
        String token = require("token");
        long events = Long.parseLong(require("events"));
        long from = Long.parseLong(options.getOrDefault("from", "0"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "1000"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "4"));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        // Bodies written beforehand (mode bodies), read in order: the load then costs what the CSV for COPY cost,
        // nothing, instead of competing with the service for the CPU while timed.
        BufferedReader prepared = options.containsKey("bodies")
                ? Files.newBufferedReader(Path.of(options.get("bodies")), StandardCharsets.UTF_8)
                : null;
        AtomicLong next = new AtomicLong(from);
        AtomicLong added = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        long limit = from + events;
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> {
                    while (true) {
                        long first = next.getAndAdd(batch);
                        if (first >= limit) {
                            return null;
                        }
                        long last = Math.min(limit, first + batch);
                        String body;
                        if (prepared == null) {
                            body = body(first, last);
                        } else {
                            synchronized (prepared) {
                                body = prepared.readLine();
                            }
                            if (body == null) {
                                throw new IllegalStateException("bodies= holds fewer than events=" + events);
                            }
                        }
                        HttpRequest request = HttpRequest.newBuilder(url)
                                .timeout(Duration.ofSeconds(120))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build();
                        for (int attempt = 1; ; attempt++) {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                added.addAndGet(number(response.body(), "added"));
                                duplicates.addAndGet(number(response.body(), "duplicates"));
                                break;
                            }
                            if ((response.statusCode() == 429 || response.statusCode() >= 500) && attempt < 20) {
                                retries.incrementAndGet();
                                Thread.sleep(200L * attempt);
                                continue;
                            }
                            throw new IllegalStateException(
                                    "HTTP " + response.statusCode() + " for events " + first + ".." + last + ": "
                                            + response.body());
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "events=%d seconds=%.2f eventsPerSecond=%.0f added=%d duplicates=%d retries=%d%n",
                events, seconds, events / seconds, added.get(), duplicates.get(), retries.get());
    }

    /** Batch {@code [first, last)} as a request body. */
    private String body(long first, long last) {
        StringBuilder body = new StringBuilder((int) (last - first) * 330).append("{\"events\":[");
        for (long i = first; i < last; i++) {
            body.append(i == first ? "" : ",").append(json(event(i)));
        }
        return body.append("]}").toString();
    }

    /** The request bodies {@code post} would send, one per line, for {@code post bodies=...} to send as they are. */
    private void bodies() throws IOException {
        long events = Long.parseLong(require("events"));
        long from = Long.parseLong(options.getOrDefault("from", "0"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "1000"));
        long started = System.nanoTime();
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(require("out")), StandardCharsets.UTF_8)) {
            for (long first = from; first < from + events; first += batch) {
                out.write(body(first, Math.min(from + events, first + batch)));
                out.write('\n');
            }
        }
        System.out.printf("bodies=%d seconds=%.2f%n", events, (System.nanoTime() - started) / 1e9);
    }

    private void csv() throws IOException {
        long events = Long.parseLong(require("events"));
        long from = Long.parseLong(options.getOrDefault("from", "0"));
        long started = System.nanoTime();
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(require("out")), StandardCharsets.UTF_8)) {
            for (long i = from; i < from + events; i++) {
                String[] e = event(i);
                for (int k = 0; k < e.length; k++) {
                    if (k > 0) {
                        out.write(',');
                    }
                    out.write(k == 3 ? "\"" + e[k].replace("\"", "\"\"") + "\"" : e[k]);
                }
                out.write('\n');
            }
        }
        System.out.printf("rows=%d seconds=%.2f%n", events, (System.nanoTime() - started) / 1e9);
    }

    private void query() throws Exception {
        String base = require("url");
        String token = require("token");
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "50"));
        String c = java.net.URLEncoder.encode(collection, StandardCharsets.UTF_8);
        String to = end.toString().substring(0, 10);
        String from = end.minus(days - 1, ChronoUnit.DAYS).toString().substring(0, 10);
        String range = "collection=" + c + "&from=" + from + "&to=" + to;
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        queries.put("downloads (day)", "/api/v1/downloads?" + range);
        queries.put("downloads (week, by version)", "/api/v1/downloads?" + range + "&granularity=week&groupBy=version");
        queries.put("downloads (day, by region, kind)", "/api/v1/downloads?" + range + "&groupBy=region,clientKind");
        queries.put("downloads (month, by path) page 1", "/api/v1/downloads?" + range
                + "&granularity=month&groupBy=path&size=100");
        queries.put("downloads (day, by path) CSV", "/api/v1/downloads?" + range + "&groupBy=path&size=1000&csv");
        queries.put("top 10 files", "/api/v1/downloads/top?" + range);
        queries.put("version adoption", "/api/v1/versions/adoption?" + range);
        queries.put("bytes by source (day)", "/api/v1/bytes-by-source?" + range);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            boolean csv = query.getValue().endsWith("&csv");
            String path = csv ? query.getValue().substring(0, query.getValue().length() - 4) : query.getValue();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", csv ? "text/csv" : "application/json")
                    .timeout(Duration.ofSeconds(120))
                    .build();
            long[] nanos = new long[repeat];
            int bytes = 0;
            for (int k = -3; k < repeat; k++) { // three warm-up requests
                long t = System.nanoTime();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(query.getKey() + ": HTTP " + response.statusCode() + " "
                            + response.body());
                }
                if (k >= 0) {
                    nanos[k] = System.nanoTime() - t;
                }
                bytes = response.body().length();
            }
            Arrays.sort(nanos);
            System.out.printf(
                    "query=%s p50ms=%.1f p95ms=%.1f bytes=%d%n",
                    query.getKey().replace(' ', '_'),
                    nanos[repeat / 2] / 1e6,
                    nanos[(int) Math.ceil(repeat * 0.95) - 1] / 1e6,
                    bytes);
        }
    }

    private static long number(String json, String member) {
        int at = json.indexOf("\"" + member + "\":");
        if (at < 0) {
            return 0;
        }
        int start = at + member.length() + 3;
        int stop = start;
        while (stop < json.length() && Character.isDigit(json.charAt(stop))) {
            stop++;
        }
        return Long.parseLong(json.substring(start, stop));
    }

    private String require(String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return value;
    }
}

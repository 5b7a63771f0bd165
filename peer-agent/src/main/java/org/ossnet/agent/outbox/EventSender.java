package org.ossnet.agent.outbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.agent.net.HttpExchanges;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.api.DownloadEventReceipt;
import tools.jackson.core.JacksonException;

/**
 * Reports an {@link Outbox} to a tracker: {@code POST <tracker>/api/v1/events} with the oldest events as a
 * {@link DownloadEventBatch}, deleting them only once the tracker's {@link DownloadEventReceipt} is in hand, batch
 * after batch until the outbox is empty or the deadline is near.
 *
 * <p>What each answer means: 200 with a receipt, sent; 400 naming {@code events[i]}, that event is quarantined and
 * the rest sent again at once; 413, the batch is halved; 429 and 503 (statistics not configured), and any other
 * failure or a timeout, the events stay and the sender waits ({@link Backoff}, at least {@code Retry-After}); 401 or
 * 403, the token is bad: they stay, with a warning. Nothing here throws for a tracker's failure: the outbox is the
 * retry.
 */
public final class EventSender {

    /** Receipts and problems are small; anything larger is not the tracker's answer. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final Pattern EVENT_INDEX = Pattern.compile("^events\\[(\\d+)]");

    /**
     * What one {@link #flush} did.
     *
     * @param sent events the tracker acknowledged
     * @param quarantined events it refused, set aside
     * @param problem why the flush stopped with events left (while backing off, why the last one did), or null when
     *     the outbox was emptied
     */
    public record Result(int sent, int quarantined, String problem) {}

    private final Outbox outbox;
    private final URI events;
    private final Supplier<Optional<String>> token;
    private final HttpExchanges http;
    private final OutboxLimits limits;
    private final Backoff backoff;
    private final Consumer<String> warnings;
    private int batch;
    private String lastProblem;

    /**
     * @param tracker the tracker's base URL, from discovery
     * @param token the bearer token to send, if any (read at each request, as a registration may renew it)
     * @param warnings takes a line when a token is refused or an event quarantined
     */
    public EventSender(
            Outbox outbox,
            URI tracker,
            Supplier<Optional<String>> token,
            HttpExchanges http,
            OutboxLimits limits,
            Consumer<String> warnings) {
        this.outbox = outbox;
        String base = tracker.toString().endsWith("/") ? tracker.toString() : tracker + "/";
        this.events = URI.create(base + "api/v1/events");
        this.token = token;
        this.http = http;
        this.limits = limits;
        this.backoff =
                new Backoff(limits.firstBackoff(), limits.maxBackoff(), System::nanoTime, new SplittableRandom());
        this.warnings = warnings;
        this.batch = limits.batchEvents();
    }

    /** Where the events go. */
    public URI endpoint() {
        return events;
    }

    /** How long until the next flush will try, after a failure. */
    public Duration backingOff() {
        return backoff.remaining();
    }

    /**
     * Sends batches until the outbox is empty, a request fails, or {@code deadline} is spent; returns at once while
     * backing off from an earlier failure. Every request ends by the deadline.
     */
    public synchronized Result flush(Duration deadline) {
        if (!backoff.ready()) {
            return new Result(0, 0, lastProblem);
        }
        Result result = send(deadline);
        lastProblem = result.problem();
        return result;
    }

    private Result send(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        int sent = 0;
        int quarantined = 0;
        try {
            while (true) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return new Result(sent, quarantined, outbox.size() == 0 ? null : "the deadline passed");
                }
                List<Outbox.Entry> entries = outbox.oldest(batch);
                if (entries.isEmpty()) {
                    backoff.succeeded();
                    return new Result(sent, quarantined, null);
                }
                Duration requestDeadline =
                        Duration.ofNanos(Math.min(left, limits.requestDeadline().toNanos()));
                HttpExchanges.Answer answer = post(entries, requestDeadline);
                int status = answer.status();
                if (status == 200 && receipt(answer.body()) != null) {
                    outbox.remove(entries);
                    sent += entries.size();
                    continue;
                }
                if (status == 400) {
                    Optional<Integer> refused = refusedIndex(answer.body());
                    if (refused.isPresent() && refused.get() < entries.size()) {
                        outbox.quarantine(entries.get(refused.get()), problemText(answer.body()));
                        quarantined++;
                        continue;
                    }
                }
                if (status == 413 && batch > 1) {
                    batch = Math.max(1, batch / 2);
                    continue;
                }
                String problem = events + " answered " + status + describe(status, answer.body());
                if (status == 400 || status == 401 || status == 403) {
                    warnings.accept("warning: download events not reported: " + problem);
                }
                backoff.failed(
                        status == 429 || status == 503
                                ? retryAfter(answer.head().header("Retry-After"))
                                : Duration.ZERO);
                return new Result(sent, quarantined, problem);
            }
        } catch (HttpTimeoutException e) {
            // The request timeout or BoundedHttp's deadline (an AnswerTooSlowException), whichever came first.
            backoff.failed(Duration.ZERO);
            return new Result(sent, quarantined, events + " did not answer in time");
        } catch (IOException e) {
            backoff.failed(Duration.ZERO);
            return new Result(sent, quarantined, events + ": " + e.getMessage());
        }
    }

    /**
     * Posts a batch. Sent again on a fresh connection if a kept-alive one turns out closed ({@link HttpExchanges}): the
     * tracker counts each event id once, so a batch it took twice counts once.
     */
    private HttpExchanges.Answer post(List<Outbox.Entry> entries, Duration deadline) throws IOException {
        List<DownloadEvent> batchEvents =
                entries.stream().map(Outbox.Entry::event).toList();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Content-Type", "application/json");
        fields.put("Accept", "application/json, application/problem+json");
        token.get().ifPresent(t -> fields.put("Authorization", "Bearer " + t));
        return http.send("POST", events, fields, EventJson.batch(batchEvents), MAX_ANSWER_BYTES, deadline, true);
    }

    private static DownloadEventReceipt receipt(byte[] body) {
        try {
            return EventJson.receipt(JsonTrees.parse(body));
        } catch (JacksonException | JsonTrees.InvalidDocumentException e) {
            // A 200 that is not a receipt (a captive portal, a proxy) proves nothing was counted.
            return null;
        }
    }

    /** The index of the event a 400 names in its {@code field} member, such as {@code events[3].path}. */
    static Optional<Integer> refusedIndex(byte[] body) {
        Problem problem = problem(body);
        if (problem == null || problem.field() == null) {
            return Optional.empty();
        }
        Matcher m = EVENT_INDEX.matcher(problem.field());
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(m.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A {@code Retry-After} in seconds or as an HTTP date; zero when absent or unreadable. */
    static Duration retryAfter(Optional<String> field) {
        Optional<String> value = field.map(String::strip);
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.get())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(java.time.Instant.now(), at.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return Duration.ZERO;
            }
        }
    }

    private static String describe(int status, byte[] body) {
        String text = problemText(body);
        String what = switch (status) {
            case 401, 403 -> " (the reporting token was refused)";
            case 404, 405 -> " (this tracker takes no download events)";
            case 429 -> " (over its rate bound)";
            case 503 -> " (its statistics are not configured or down)";
            default -> "";
        };
        return what + (text.isEmpty() ? "" : ": " + text);
    }

    private static String problemText(byte[] body) {
        Problem problem = problem(body);
        if (problem == null) {
            return "";
        }
        String text = problem.detail() != null ? problem.detail() : problem.title() != null ? problem.title() : "";
        return problem.field() == null ? text : problem.field() + ": " + text;
    }

    private static Problem problem(byte[] body) {
        try {
            return JsonTrees.lenientMapper().readValue(body, Problem.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** An RFC 9457 problem document with the tracker's {@code field} member naming what was refused. */
    record Problem(String title, Integer status, String detail, String field) {}
}

package org.ossnet.agent.mirror;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.ossnet.agent.ratelimit.TokenBucket;

/**
 * The upload cap by time of day: ranges of the day with their own cap, and the cap outside every range. A range
 * may wrap midnight ({@code 20:00-08:00}); ranges may not overlap, so the cap at any minute is never in doubt.
 * Times are whole minutes of the local day.
 *
 * @param ranges the ranges, none overlapping another
 * @param otherwise the cap in bytes per second outside every range ({@link TokenBucket#UNLIMITED} for none)
 */
public record CapSchedule(List<Range> ranges, long otherwise) {

    /** The minutes in a day. */
    private static final int DAY = 24 * 60;

    /**
     * A cap for part of the day, from {@code start} (included) to {@code end} (excluded), wrapping midnight when
     * {@code end} is before {@code start}. Equal times are refused: a whole day and an empty range look the same.
     *
     * @param start the first minute of the range
     * @param end the first minute after it
     * @param cap bytes per second ({@link TokenBucket#UNLIMITED} for none)
     */
    public record Range(LocalTime start, LocalTime end, long cap) {

        public Range {
            if (start.equals(end)) {
                throw new IllegalArgumentException("the range " + start + "-" + end + " is empty");
            }
            if (start.getSecond() != 0 || end.getSecond() != 0 || start.getNano() != 0 || end.getNano() != 0) {
                throw new IllegalArgumentException("ranges are in whole minutes");
            }
        }

        boolean covers(int minute) {
            int from = minuteOf(start);
            int to = minuteOf(end);
            return from < to ? minute >= from && minute < to : minute >= from || minute < to;
        }

        @Override
        public String toString() {
            return start + "-" + end;
        }
    }

    /**
     * A change of the cap to come.
     *
     * @param at when it happens
     * @param cap the cap from then on
     */
    public record Change(LocalDateTime at, long cap) {}

    /** No ranges: one cap all day. */
    public static CapSchedule constant(long cap) {
        return new CapSchedule(List.of(), cap);
    }

    public CapSchedule {
        ranges = List.copyOf(ranges);
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (overlap(ranges.get(i), ranges.get(j))) {
                    throw new IllegalArgumentException("the range " + ranges.get(i) + " overlaps " + ranges.get(j));
                }
            }
        }
    }

    /** The cap at {@code time}. */
    public long capAt(LocalTime time) {
        return capAtMinute(minuteOf(time));
    }

    /** The next time the cap changes after {@code now}, or nothing if it is the same all day. */
    public Optional<Change> nextChange(LocalDateTime now) {
        LocalDateTime minute = now.truncatedTo(ChronoUnit.MINUTES);
        long current = capAt(now.toLocalTime());
        for (int step = 1; step <= DAY; step++) {
            LocalDateTime next = minute.plusMinutes(step);
            long cap = capAt(next.toLocalTime());
            if (cap != current) {
                return Optional.of(new Change(next, cap));
            }
        }
        return Optional.empty();
    }

    private long capAtMinute(int minute) {
        for (Range range : ranges) {
            if (range.covers(minute)) {
                return range.cap();
            }
        }
        return otherwise;
    }

    private static boolean overlap(Range a, Range b) {
        for (int minute = 0; minute < DAY; minute++) {
            if (a.covers(minute) && b.covers(minute)) {
                return true;
            }
        }
        return false;
    }

    private static int minuteOf(LocalTime time) {
        return time.getHour() * 60 + time.getMinute();
    }
}

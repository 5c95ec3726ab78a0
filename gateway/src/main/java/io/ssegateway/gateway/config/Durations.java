package io.ssegateway.gateway.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations: HOCON forms ({@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}, {@code 1d}, {@code 1.5 seconds}),
 * ISO-8601 ({@code PT15S}) or a bare number of milliseconds.
 * <p>
 * Ours rather than a library's: Lightbend's {@code getDuration} (1.4.8) reads the HOCON forms but not ISO-8601 or
 * upper-case units ({@code 15S}), takes {@code -1s} and turns {@code 999999999d} silently into about 292 years;
 * Helidon's duration mapper reads ISO-8601 only. The forms and messages here are what users and plugins are promised
 * (docs/configuration.md, DurationsTest).
 */
public final class Durations {
    /** The problem reported for text that is not a duration. */
    public static final String NOT_A_DURATION = "not a duration (use 500ms, 15s, 2m, 1h, 1d or ISO-8601 like PT15S)";

    private static final Pattern HOCON = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Map<String, Long> NANOS_PER_UNIT = Map.ofEntries(
            Map.entry("", 1_000_000L),
            Map.entry("ns", 1L), Map.entry("nano", 1L), Map.entry("nanos", 1L),
            Map.entry("nanosecond", 1L), Map.entry("nanoseconds", 1L),
            Map.entry("us", 1_000L), Map.entry("micro", 1_000L), Map.entry("micros", 1_000L),
            Map.entry("microsecond", 1_000L), Map.entry("microseconds", 1_000L),
            Map.entry("ms", 1_000_000L), Map.entry("milli", 1_000_000L), Map.entry("millis", 1_000_000L),
            Map.entry("millisecond", 1_000_000L), Map.entry("milliseconds", 1_000_000L),
            Map.entry("s", 1_000_000_000L), Map.entry("second", 1_000_000_000L), Map.entry("seconds", 1_000_000_000L),
            Map.entry("m", 60_000_000_000L), Map.entry("minute", 60_000_000_000L),
            Map.entry("minutes", 60_000_000_000L),
            Map.entry("h", 3_600_000_000_000L), Map.entry("hour", 3_600_000_000_000L),
            Map.entry("hours", 3_600_000_000_000L),
            Map.entry("d", 86_400_000_000_000L), Map.entry("day", 86_400_000_000_000L),
            Map.entry("days", 86_400_000_000_000L));

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @param text the config value
     * @return the duration, never negative
     * @throws IllegalArgumentException with the problem as its message when the text is not a duration or is negative
     */
    public static Duration parse(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("P") || trimmed.startsWith("p") || trimmed.startsWith("-P") || trimmed.startsWith("-p")
                || trimmed.startsWith("+P") || trimmed.startsWith("+p")) {
            return iso(trimmed);
        }
        Matcher matcher = HOCON.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(trimmed.startsWith("-") ? "must not be negative" : NOT_A_DURATION);
        }
        Long unit = NANOS_PER_UNIT.get(matcher.group(2));
        if (unit == null) {
            throw new IllegalArgumentException(NOT_A_DURATION);
        }
        BigDecimal nanos = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit));
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("too large (at most about 292 years)");
        }
        return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
    }

    private static Duration iso(String text) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(NOT_A_DURATION, e);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("must not be negative");
        }
        return duration;
    }
}

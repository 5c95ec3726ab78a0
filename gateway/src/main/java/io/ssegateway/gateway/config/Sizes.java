package io.ssegateway.gateway.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses sizes in bytes: a byte count, or a number with a binary unit ({@code 512k}, {@code 512KiB}, {@code 1m},
 * {@code 1MiB}, {@code 1g}); {@code k}, {@code Ki} and {@code KiB} all mean 1024. Decimal units such as {@code kB} or
 * {@code MB} are rejected rather than guessed.
 * <p>
 * Ours rather than a library's: Lightbend's {@code getBytes} (1.4.8) reads {@code kB}, {@code MB} and
 * {@code megabyte} as powers of 1000 and is case-sensitive ({@code 512kib} fails); Helidon's {@code Size} has its own
 * decimal units too. The forms and messages here are what users and plugins are promised (SizesTest).
 */
public final class Sizes {
    /** The problem reported for text that is not a size. */
    public static final String NOT_A_SIZE = "not a size (use a byte count or 512k, 512KiB, 1m, 1MiB, 1g)";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    private static final BigDecimal MAX_BYTES = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final long KIB = 1024L;
    private static final Map<String, Long> BYTES_PER_UNIT = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L), Map.entry("byte", 1L), Map.entry("bytes", 1L),
            Map.entry("k", KIB), Map.entry("ki", KIB), Map.entry("kib", KIB),
            Map.entry("kibibyte", KIB), Map.entry("kibibytes", KIB),
            Map.entry("m", KIB * KIB), Map.entry("mi", KIB * KIB), Map.entry("mib", KIB * KIB),
            Map.entry("mebibyte", KIB * KIB), Map.entry("mebibytes", KIB * KIB),
            Map.entry("g", KIB * KIB * KIB), Map.entry("gi", KIB * KIB * KIB), Map.entry("gib", KIB * KIB * KIB),
            Map.entry("gibibyte", KIB * KIB * KIB), Map.entry("gibibytes", KIB * KIB * KIB),
            Map.entry("t", KIB * KIB * KIB * KIB), Map.entry("ti", KIB * KIB * KIB * KIB),
            Map.entry("tib", KIB * KIB * KIB * KIB),
            Map.entry("tebibyte", KIB * KIB * KIB * KIB), Map.entry("tebibytes", KIB * KIB * KIB * KIB));

    private Sizes() {
    }

    /**
     * Parses a size.
     *
     * @param text the config value
     * @return the size in bytes (fractions of a byte are dropped), never negative
     * @throws IllegalArgumentException with the problem as its message when the text is not a size
     */
    public static long parse(String text) {
        String trimmed = text.strip();
        Matcher matcher = SIZE.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(trimmed.startsWith("-") ? "must not be negative" : NOT_A_SIZE);
        }
        Long unit = BYTES_PER_UNIT.get(matcher.group(2));
        if (unit == null) {
            throw new IllegalArgumentException(NOT_A_SIZE);
        }
        BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(MAX_BYTES) > 0) {
            throw new IllegalArgumentException("too large");
        }
        return bytes.setScale(0, RoundingMode.DOWN).longValueExact();
    }
}

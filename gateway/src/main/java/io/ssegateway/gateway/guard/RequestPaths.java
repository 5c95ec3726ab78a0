package io.ssegateway.gateway.guard;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decodes a raw request path once, refusing every form that different servers could read differently and so use to
 * reach another route or another upstream path than the one routed and authorised: dot segments ({@code ..},
 * {@code .}, also as {@code %2e}), empty segments ({@code //}), an encoded {@code /} or {@code \} ({@code %2F},
 * {@code %5C}), a raw {@code \}, double encoding ({@code %25}), control characters, and malformed percent escapes
 * or UTF-8, and raw non-ASCII characters. The result is what routes match on; the raw path is what goes upstream, and both now mean the same.
 */
public final class RequestPaths {
    private RequestPaths() {
    }

    /** The decoded path, or empty when the raw path is ambiguous or malformed. */
    public static Optional<String> decode(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.empty();
        }
        StringBuilder decoded = new StringBuilder(rawPath.length());
        int start = 1;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? rawPath.length() : slash;
            String segment = decodeSegment(rawPath, start, end);
            boolean last = slash < 0;
            if (segment == null || segment.equals(".") || segment.equals("..") || (segment.isEmpty() && !last)) {
                return Optional.empty();
            }
            decoded.append('/').append(segment);
            if (last) {
                return Optional.of(decoded.toString());
            }
            start = slash + 1;
        }
    }

    /** The number of segments of a route path: 0 for {@code /}, 2 for {@code /a/b}. */
    public static int segments(String routePath) {
        return routePath.equals("/") ? 0 : (int) routePath.chars().filter(c -> c == '/').count();
    }

    /** The raw path without its first {@code count} segments ({@code /} when nothing is left). */
    public static String stripSegments(String rawPath, int count) {
        int at = 0;
        for (int i = 0; i < count; i++) {
            int next = rawPath.indexOf('/', at + 1);
            if (next < 0) {
                return "/";
            }
            at = next;
        }
        return rawPath.substring(at);
    }

    private static String decodeSegment(String raw, int from, int to) {
        ByteBuffer bytes = ByteBuffer.allocate(to - from);
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.put((byte) (hi * 16 + lo));
                i += 2;
            } else if (c > 0x7e) {
                return null; // a request target is ASCII; anything else arrives percent-encoded
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        String segment;
        try {
            segment = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\' || c == '%' || c < 0x20 || c == 0x7f) {
                return null;
            }
        }
        return segment;
    }
}

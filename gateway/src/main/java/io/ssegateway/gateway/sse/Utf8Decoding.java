package io.ssegateway.gateway.sse;

import java.nio.charset.StandardCharsets;

/** Lenient UTF-8 decoding as the WHATWG Encoding standard defines it: each bad sequence becomes one U+FFFD. */
final class Utf8Decoding {
    private static final char REPLACEMENT = '\uFFFD';
    /** ASCII runs at least this long are appended in one call. */
    private static final int ASCII_RUN = 16;

    private Utf8Decoding() {
    }

    /**
     * The decoded text of {@code src[off, off + len)}. The JDK's decoder does the work (it is intrinsified for ASCII
     * and fast for valid UTF-8); only when its result holds a U+FFFD, which a bad sequence or a literal U+FFFD
     * gives, is the text decoded again here, since the JDK may replace a bad sequence differently.
     */
    static String string(byte[] src, int off, int len, StringBuilder scratch) {
        String text = new String(src, off, len, StandardCharsets.UTF_8);
        if (text.indexOf(REPLACEMENT) < 0) {
            return text;
        }
        scratch.setLength(0);
        decode(src, off, len, scratch);
        return scratch.toString();
    }

    /** Appends the decoded text of {@code src[off, off + len)} to {@code out}; an unfinished sequence at the end is replaced. */
    static void decode(byte[] src, int off, int len, StringBuilder out) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int ascii = i;
            while (ascii < end && src[ascii] >= 0) {
                ascii++;
            }
            if (ascii - i >= ASCII_RUN) { // the common case, appended at once: per char it cost most of a transform
                out.append(new String(src, i, ascii - i, StandardCharsets.ISO_8859_1));
            } else {
                for (int k = i; k < ascii; k++) {
                    out.append((char) src[k]);
                }
            }
            i = ascii;
            if (i == end) {
                break;
            }
            int b = src[i++] & 0xFF;
            int needed;
            int codePoint;
            int lower = 0x80;
            int upper = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                codePoint = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                if (b == 0xE0) {
                    lower = 0xA0;
                } else if (b == 0xED) {
                    upper = 0x9F;
                }
                needed = 2;
                codePoint = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (b == 0xF0) {
                    lower = 0x90;
                } else if (b == 0xF4) {
                    upper = 0x8F;
                }
                needed = 3;
                codePoint = b & 0x07;
            } else {
                out.append(REPLACEMENT);
                continue;
            }
            for (int seen = 0; ; ) {
                if (i >= end) {
                    out.append(REPLACEMENT);
                    break;
                }
                int c = src[i] & 0xFF;
                if (c < lower || c > upper) {
                    // the offending byte is not consumed: it starts the next sequence
                    out.append(REPLACEMENT);
                    break;
                }
                i++;
                lower = 0x80;
                upper = 0xBF;
                codePoint = (codePoint << 6) | (c & 0x3F);
                if (++seen == needed) {
                    out.appendCodePoint(codePoint);
                    break;
                }
            }
        }
    }
}

package io.ssegateway.gateway.sse;

/** Lenient UTF-8 decoding as the WHATWG Encoding standard defines it: each bad sequence becomes one U+FFFD. */
final class Utf8Decoding {
    private static final char REPLACEMENT = '\uFFFD';

    private Utf8Decoding() {
    }

    /** Appends the decoded text of {@code src[off, off + len)} to {@code out}; an unfinished sequence at the end is replaced. */
    static void decode(byte[] src, int off, int len, StringBuilder out) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int b = src[i++] & 0xFF;
            if (b < 0x80) {
                out.append((char) b);
                continue;
            }
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

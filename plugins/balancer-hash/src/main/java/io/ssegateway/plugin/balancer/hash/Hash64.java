package io.ssegateway.plugin.balancer.hash;

import java.nio.charset.StandardCharsets;

/** A fast, well-mixed 64-bit string hash: FNV-1a over the UTF-8 bytes, then MurmurHash3's 64-bit finalizer. */
final class Hash64 {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hash64() {
    }

    /** The hash of a string; stable across runs and JVMs. */
    static long of(String text) {
        long h = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}

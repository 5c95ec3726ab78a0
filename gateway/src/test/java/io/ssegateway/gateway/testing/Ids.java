package io.ssegateway.gateway.testing;

import java.util.List;
import java.util.stream.IntStream;

/** Event ids as tests expect them. */
public final class Ids {
    private Ids() {
    }

    /** The ids {@code from} to {@code to}, both included: {@code ["3", "4", "5"]} for 3 and 5. */
    public static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }
}

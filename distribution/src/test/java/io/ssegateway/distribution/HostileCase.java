package io.ssegateway.distribution;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the hostile-HTTP suite: the exact bytes a client sends, what the origin does, what the client must see
 * and what the origin must (not) have received. New rows are one {@code new HostileCase(...)} each; a new kind of
 * origin behaviour is a {@link RawOrigin.Script}, a new kind of origin check an {@link OriginCheck}.
 *
 * @param name     what the row tries, as failures name it
 * @param request  the bytes the client sends at once (ISO-8859-1)
 * @param origin   what the origin does on each connection the gateway opens during the row
 * @param client   what the client must see
 * @param received what the bytes the origin received (per connection) must satisfy
 */
record HostileCase(String name, String request, RawOrigin.Script origin, ClientOutcome client, OriginCheck received) {

    /**
     * What the client must see: the first response's status, how many responses in all, how the connection ends,
     * text the bytes must contain (or null) and text they must not contain (or null).
     */
    record ClientOutcome(int status, int responses, Ending ending, String contains, String absent) {
        /** How the client's connection ends. */
        enum Ending {
            /** The gateway closes it (within the suite's wait). */
            GATEWAY_CLOSES,
            /** The gateway keeps it open after the expected responses. */
            STAYS_OPEN,
            /** The client closes it as soon as the first response's head is in (a plain client that leaves). */
            CLIENT_LEAVES_AFTER_HEAD
        }

        /** One response with this status, then the connection closed. */
        static ClientOutcome answered(int status, String contains) {
            return new ClientOutcome(status, 1, Ending.GATEWAY_CLOSES, contains, null);
        }

        /** One response with this status, whose head the client reads before it leaves. */
        static ClientOutcome leavesAfterHead(int status) {
            return new ClientOutcome(status, 1, Ending.CLIENT_LEAVES_AFTER_HEAD, null, null);
        }

        /** This outcome, and {@code text} nowhere in what the client received. */
        ClientOutcome without(String text) {
            return new ClientOutcome(status, responses, ending, contains, text);
        }

        /** How many responses {@code bytes} hold (the last one may be cut short). */
        int responsesIn(byte[] bytes) {
            return RawOrigin.HttpBytes.responses(bytes).size();
        }

        /** Null when {@code bytes} (all the client received) match, else what differs. */
        String mismatch(byte[] bytes, boolean sawEnd) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            List<RawOrigin.HttpBytes.Message> all = RawOrigin.HttpBytes.responses(bytes);
            int count = all.size();
            int first = count == 0 ? -1 : Integer.parseInt(all.get(0).startLine().split(" ")[1]);
            if (first != status) {
                return "status " + first + ", expected " + status;
            }
            if (count != responses) {
                return count + " responses, expected " + responses;
            }
            if (ending == Ending.GATEWAY_CLOSES && !sawEnd) {
                return "the connection stayed open";
            }
            if (ending == Ending.STAYS_OPEN && sawEnd) {
                return "the connection was closed";
            }
            if (contains != null && !text.contains(contains)) {
                return "no \"" + contains + "\" in what the client received";
            }
            if (absent != null && text.contains(absent)) {
                return "\"" + absent + "\" in what the client received";
            }
            return null;
        }
    }

    /** A check of the bytes the origin received during a row, one array per connection. */
    @FunctionalInterface
    interface OriginCheck {
        /** Null when they pass, else what is wrong. */
        String mismatch(List<byte[]> connections);

        /** Both checks. */
        default OriginCheck and(OriginCheck other) {
            return c -> {
                String first = mismatch(c);
                return first != null ? first : other.mismatch(c);
            };
        }

        /** No byte reached the origin. */
        static OriginCheck nothing() {
            return c -> c.stream().allMatch(b -> b.length == 0) ? null : "the origin received " + text(c);
        }

        /** Exactly one complete request, to {@code path}, with this body (unframed), and no other byte. */
        static OriginCheck oneRequest(String path, String body) {
            return requests(path, body);
        }

        /**
         * Exactly these complete requests, one per connection, in order, given as path and body (unframed) pairs,
         * and no other byte.
         */
        static OriginCheck requests(String... pathsAndBodies) {
            return c -> {
                String all = text(c);
                List<RawOrigin.HttpBytes.Message> requests = c.stream()
                        .flatMap(b -> RawOrigin.HttpBytes.requests(b).stream()).toList();
                int expected = pathsAndBodies.length / 2;
                if (requests.size() != expected || c.stream().filter(b -> b.length > 0).count() != expected) {
                    return "expected " + expected + " request(s), the origin received " + all;
                }
                for (int i = 0; i < expected; i++) {
                    RawOrigin.HttpBytes.Message request = requests.get(i);
                    String path = pathsAndBodies[2 * i];
                    String body = pathsAndBodies[2 * i + 1];
                    if (!request.startLine().matches("[A-Z]+ " + Pattern.quote(path) + " HTTP/1\\.1")) {
                        return "request line " + request.startLine() + ", expected one for " + path;
                    }
                    if (!request.body().equals(body)) {
                        return "body " + quoted(request.body()) + ", expected " + quoted(body);
                    }
                }
                return null;
            };
        }

        /** At most {@code max} request lines in all, on any connection (a smuggled request would add one). */
        static OriginCheck atMostRequests(int max) {
            return c -> {
                Matcher line = Pattern.compile("(?m)^[A-Z]+ /\\S* HTTP/1\\.1\r$").matcher(text(c));
                int count = 0;
                while (line.find()) {
                    count++;
                }
                return count <= max ? null : count + " request lines reached the origin: " + text(c);
            };
        }

        /** {@code marker} never reached the origin. */
        static OriginCheck never(String marker) {
            return c -> text(c).contains(marker) ? marker + " reached the origin: " + text(c) : null;
        }

        private static String text(List<byte[]> connections) {
            StringBuilder all = new StringBuilder();
            for (byte[] b : connections) {
                all.append(quoted(new String(b, StandardCharsets.ISO_8859_1))).append(' ');
            }
            return all.toString();
        }

        private static String quoted(String s) {
            return "\"" + s.replace("\r", "\\r").replace("\n", "\\n") + "\"";
        }
    }
}

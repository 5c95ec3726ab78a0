package io.ssegateway.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks a route's {@code share} object. */
final class ShareReader {
    /** The keys of {@code share}. */
    static final List<String> KEYS = List.of("key", "upstream-headers", "linger", "replay", "max-queue");
    /** The keys of {@code share.replay}. */
    static final List<String> REPLAY_KEYS = List.of("events", "age", "bytes");
    /** The key entry that stands for the authenticated identity. */
    static final String IDENTITY = "identity";

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers that carry one client's credentials: only upstream when the key holds them too. */
    private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");
    /** Headers the gateway sets itself on the shared request. */
    private static final Set<String> GATEWAY_SET = Set.of("last-event-id", "host", "content-length",
                                                          "transfer-encoding", "connection", "upgrade", "te");

    private ShareReader() {
    }

    /** The settings, or empty when the route has no {@code share} (or it is not an object). */
    static Optional<ShareSettings> read(SettingsNode node) {
        if (!node.expectObject()) {
            return Optional.empty();
        }
        node.rejectUnknown(KEYS);
        ShareSettings d = ShareSettings.defaults();
        boolean identity = false;
        List<String> keyHeaders = new ArrayList<>();
        for (SettingsNode element : node.child("key").elements()) {
            Optional<String> text = element.value();
            if (text.isEmpty()) {
                continue;
            }
            String name = text.get().strip().toLowerCase(Locale.ROOT);
            if (name.equals(IDENTITY)) {
                identity = true;
            } else if (!TOKEN.matcher(name).matches()) {
                element.problem("must be a header name or \"identity\"");
            } else if (name.equals("last-event-id")) {
                element.problem("Last-Event-ID cannot be part of the key (it is how a client resumes)");
            } else if (!keyHeaders.contains(name)) {
                keyHeaders.add(name);
            }
        }
        List<String> upstreamHeaders = new ArrayList<>();
        for (SettingsNode element : node.child("upstream-headers").elements()) {
            Optional<String> text = element.value();
            if (text.isEmpty()) {
                continue;
            }
            String name = text.get().strip().toLowerCase(Locale.ROOT);
            if (!TOKEN.matcher(name).matches()) {
                element.problem("must be a header name");
            } else if (GATEWAY_SET.contains(name)) {
                element.problem("is set by the gateway itself; it cannot be listed");
            } else if (CREDENTIALS.contains(name) && !keyHeaders.contains(name)) {
                element.problem("carries one client's credentials; it may go to a shared upstream only when the key"
                                + " holds it too (add it to share.key)");
            } else if (!upstreamHeaders.contains(name)) {
                upstreamHeaders.add(name);
            }
        }
        Duration linger = node.child("linger").positiveDuration(d.linger());
        SettingsNode replayNode = node.child("replay");
        replayNode.expectObject();
        replayNode.rejectUnknown(REPLAY_KEYS);
        ShareSettings.Replay replay = new ShareSettings.Replay(
                replayNode.child("events").intInRange(d.replay().events(), 0, 1_000_000),
                replayNode.child("age").positiveDuration(d.replay().age()),
                replayNode.child("bytes").positiveSize(d.replay().bytes()));
        long maxQueue = node.child("max-queue").positiveSize(d.maxQueue());
        return Optional.of(new ShareSettings(keyHeaders, identity, upstreamHeaders, linger, replay, maxQueue));
    }
}

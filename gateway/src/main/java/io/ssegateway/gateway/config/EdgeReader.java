package io.ssegateway.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads the listener's edge keys of {@code server}: {@code tls}, {@code http2}, {@code h2c},
 * {@code security-headers}, {@code request-head}, {@code idle-timeout}.
 */
final class EdgeReader {
    /** The keys of {@code server} this reader owns. */
    static final List<String> SERVER_KEYS = List.of("tls", "http2", "h2c", "security-headers", "request-head",
                                                   "idle-timeout");
    static final List<String> TLS_KEYS = List.of("enabled", "cert-chain", "private-key", "private-key-password",
                                                 "keystore", "keystore-password", "key-alias");
    static final List<String> SECURITY_HEADER_KEYS = List.of("enabled", "content-type-options", "referrer-policy",
                                                             "strict-transport-security");
    static final List<String> REQUEST_HEAD_KEYS = List.of("max-request-line", "max-headers-size", "timeout");
    /** The largest request-head limit accepted. */
    static final long MAX_HEAD_LIMIT = 1024 * 1024;

    private EdgeReader() {
    }

    /** Reads the edge settings from the {@code server} node; relative files resolve against {@code home}. */
    static EdgeSettings read(SettingsNode server, Path home) {
        EdgeSettings defaults = EdgeSettings.DEFAULT;
        return new EdgeSettings(tls(server.child("tls"), home),
                                server.child("http2").bool(defaults.http2()),
                                server.child("h2c").bool(defaults.h2c()),
                                securityHeaders(server.child("security-headers")),
                                requestHead(server.child("request-head")),
                                idleTimeout(server.child("idle-timeout"), defaults.idleTimeout()));
    }

    /** At least a second: Helidon counts a connection's idle time in whole seconds. */
    private static Duration idleTimeout(SettingsNode node, Duration defaultValue) {
        Duration timeout = node.positiveDuration(defaultValue);
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            node.problem("must be at least 1s (idle time is counted in whole seconds)");
            return defaultValue;
        }
        return timeout;
    }

    private static Optional<TlsSettings> tls(SettingsNode node, Path home) {
        if (!node.expectObject()) {
            return Optional.empty();
        }
        node.rejectUnknown(TLS_KEYS);
        if (!node.child("enabled").bool(true)) {
            return Optional.empty();
        }
        boolean pem = node.child("cert-chain").exists() || node.child("private-key").exists();
        boolean keystore = node.child("keystore").exists();
        if (pem && keystore) {
            node.problem("give either cert-chain and private-key (PEM) or keystore (PKCS#12), not both");
            return Optional.empty();
        }
        if (keystore) {
            Path file = file(node.child("keystore"), home);
            Optional<String> password = node.child("keystore-password").required();
            Optional<String> alias = node.child("key-alias").value();
            return file == null || password.isEmpty() ? Optional.empty()
                    : Optional.of(new TlsSettings.Keystore(file, password.get(), alias));
        }
        if (!pem) {
            node.problem("needs cert-chain and private-key (PEM files) or keystore (PKCS#12)");
            return Optional.empty();
        }
        Path chain = file(node.child("cert-chain"), home);
        Path key = file(node.child("private-key"), home);
        Optional<String> password = node.child("private-key-password").value();
        return chain == null || key == null ? Optional.empty()
                : Optional.of(new TlsSettings.Pem(chain, key, password));
    }

    /** A required, readable regular file, resolved against home; null (recorded) otherwise. */
    private static Path file(SettingsNode node, Path home) {
        Optional<String> text = node.required();
        if (text.isEmpty()) {
            return null;
        }
        Path file = home.resolve(text.get()).normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            node.problem("no readable file at " + file);
            return null;
        }
        return file;
    }

    private static SecurityHeadersSettings securityHeaders(SettingsNode node) {
        SecurityHeadersSettings defaults = SecurityHeadersSettings.DEFAULT;
        node.expectObject();
        node.rejectUnknown(SECURITY_HEADER_KEYS);
        return new SecurityHeadersSettings(node.child("enabled").bool(defaults.enabled()),
                                           headerValue(node.child("content-type-options"),
                                                       defaults.contentTypeOptions()),
                                           headerValue(node.child("referrer-policy"), defaults.referrerPolicy()),
                                           headerValue(node.child("strict-transport-security"),
                                                       defaults.strictTransportSecurity()));
    }

    /** A header value (empty allowed: the header is left out); control characters are refused. */
    private static String headerValue(SettingsNode node, String defaultValue) {
        return node.value().map(text -> {
            if (text.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f || c > 0xff)) {
                node.problem("must not contain control characters or line breaks");
                return defaultValue;
            }
            return text.strip();
        }).orElse(defaultValue);
    }

    private static RequestHeadSettings requestHead(SettingsNode node) {
        RequestHeadSettings defaults = RequestHeadSettings.DEFAULT;
        node.expectObject();
        node.rejectUnknown(REQUEST_HEAD_KEYS);
        Duration timeout = node.child("timeout").positiveDuration(defaults.timeout());
        return new RequestHeadSettings(limit(node.child("max-request-line"), defaults.maxRequestLine()),
                                       limit(node.child("max-headers-size"), defaults.maxHeadersSize()),
                                       timeout);
    }

    private static int limit(SettingsNode node, int defaultValue) {
        long size = node.positiveSize(defaultValue);
        if (size > MAX_HEAD_LIMIT) {
            node.problem("must be at most 1MiB");
            return defaultValue;
        }
        return (int) size;
    }
}

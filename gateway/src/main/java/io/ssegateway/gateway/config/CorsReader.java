package io.ssegateway.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.helidon.config.Config;

/** Reads and checks a route's {@code cors} object. */
final class CorsReader {
    /** The keys of {@code cors}. */
    static final List<String> KEYS = List.of("allowed-origins", "allow-credentials", "max-age", "allowed-methods",
                                             "allowed-headers", "exposed-headers");
    /** Default preflight cache time. */
    static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    /** Default methods a preflight may ask for (EventSource uses GET). */
    static final List<String> DEFAULT_METHODS = List.of("GET");

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern METHOD = Pattern.compile("[A-Z]+");

    private CorsReader() {
    }

    /** The policy, or empty when the route has no {@code cors} (or it is not an object). */
    static Optional<CorsSettings> read(SettingsNode node) {
        if (!node.expectObject()) {
            return Optional.empty();
        }
        node.rejectUnknown(KEYS);
        SettingsNode originsNode = node.child("allowed-origins");
        List<String> origins = list(originsNode, List.of(), CorsReader::origin);
        if (!originsNode.exists()) {
            originsNode.problem("missing required key (a cors block without origins allows nothing)",
                                ValueText.NOTHING);
        } else if (originsNode.config().type() == Config.Type.LIST && originsNode.elements().isEmpty()) {
            originsNode.problem("at least one origin is required (a cors block without origins allows nothing)");
        }
        boolean any = origins.contains(CorsSettings.ANY_ORIGIN);
        if (any && origins.size() > 1) {
            originsNode.problem("\"*\" must be the only entry when present");
        }
        SettingsNode credentialsNode = node.child("allow-credentials");
        boolean credentials = credentialsNode.bool(false);
        if (any && credentials) {
            credentialsNode.problem("must not be true when allowed-origins is \"*\" (browsers refuse credentials with"
                                            + " a wildcard origin; list the origins instead)");
        }
        Duration maxAge = node.child("max-age").positiveDuration(DEFAULT_MAX_AGE);
        List<String> methods = list(node.child("allowed-methods"), DEFAULT_METHODS, text -> {
            if (!METHOD.matcher(text).matches()) {
                throw new IllegalArgumentException("must be an upper-case method name such as GET");
            }
            return text;
        });
        List<String> allowedHeaders = list(node.child("allowed-headers"), List.of(),
                                           text -> headerName(text).toLowerCase(Locale.ROOT));
        List<String> exposedHeaders = list(node.child("exposed-headers"), List.of(), CorsReader::headerName);
        return Optional.of(new CorsSettings(origins, credentials, maxAge, methods, allowedHeaders, exposedHeaders));
    }

    private static String origin(String text) {
        return text.strip().equals(CorsSettings.ANY_ORIGIN) ? CorsSettings.ANY_ORIGIN : Origins.normalize(text);
    }

    private static String headerName(String text) {
        if (!TOKEN.matcher(text).matches() || text.equals("*")) {
            throw new IllegalArgumentException("must be a header name (no wildcard)");
        }
        return text;
    }

    /** A list of values, each checked and converted; a bad element is recorded at its own path. */
    private static List<String> list(SettingsNode node, List<String> defaults, UnaryOperator<String> check) {
        if (!node.exists()) {
            return defaults;
        }
        List<String> values = new ArrayList<>();
        for (SettingsNode element : node.elements()) {
            element.value().ifPresent(text -> {
                try {
                    String value = check.apply(text);
                    if (!values.contains(value)) {
                        values.add(value);
                    }
                } catch (IllegalArgumentException e) {
                    element.problem(e.getMessage());
                }
            });
        }
        return values;
    }
}

package io.ssegateway.plugin.auth.apikey;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.auth.AuthenticatorFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes the {@code api-key} authenticator. Config keys:
 * <ul>
 *     <li>{@code keys}: a list of {@code "key"} or {@code "key:identity"} entries</li>
 *     <li>{@code keys-file}: a file of such entries, one a line, {@code #} comments; relative to the gateway home;
 *     looked at for changes at most once a second; a failed reload keeps the last good set</li>
 *     <li>{@code header} (default {@code X-API-Key}), {@code query-param} (default {@code api_key}),
 *     {@code cookie} (default {@code api_key}): where a key is looked for, in this order; {@code ""} turns a
 *     source off; at least one must stay on</li>
 *     <li>{@code realm} (default {@code sse-gateway}): the realm of the 401 challenge</li>
 * </ul>
 * At least one of {@code keys} and {@code keys-file} is required.
 */
public final class ApiKeyAuthenticatorFactory implements AuthenticatorFactory {
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);
    private static final CredentialParser PARSER = new CredentialParser("key");
    private static final String TCHAR_PUNCTUATION = "!#$%&'*+-.^_`|~";

    /** The factory the ServiceLoader instantiates. */
    public ApiKeyAuthenticatorFactory() {
    }

    @Override
    public String name() {
        return "api-key";
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    public Authenticator create(PluginConfig config) {
        List<String> entries = config.stringList("keys");
        Optional<String> file = config.string("keys-file");
        KeySources sources = new KeySources(name(config, "header", "X-API-Key"),
                                            name(config, "query-param", "api_key"),
                                            name(config, "cookie", "api_key"));
        String realm = Realm.read(config, "realm");
        if (sources.header().isEmpty() && sources.queryParam().isEmpty() && sources.cookie().isEmpty()) {
            throw config.problem("header", "turn on at least one of header, query-param and cookie", "all empty");
        }
        if (entries.isEmpty() && file.isEmpty()) {
            throw config.problem("keys", "set keys or keys-file (or both)", "nothing");
        }
        CredentialSet inline = inlineKeys(config, entries);
        Supplier<CredentialSet> keys = file.isPresent() ? fileKeys(config, file.get(), inline) : () -> inline;
        return new ApiKeyAuthenticator(keys, sources, realm);
    }

    /** A header, parameter or cookie name: the default when absent, empty when {@code ""}; an HTTP token. */
    private static Optional<String> name(PluginConfig config, String key, String defaultName) {
        String name = config.string(key).orElse(defaultName).strip();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        boolean token = name.chars().allMatch(c -> c < 0x7f && (Character.isLetterOrDigit(c)
                                                                 || TCHAR_PUNCTUATION.indexOf(c) >= 0));
        if (!token) {
            throw config.problem(key, "a name of letters, digits and !#$%&'*+-.^_`|~ (or \"\" to turn it off)", name);
        }
        return Optional.of(name);
    }

    private static CredentialSet inlineKeys(PluginConfig config, List<String> entries) {
        List<Credential> credentials = new ArrayList<>();
        try {
            for (int i = 0; i < entries.size(); i++) {
                credentials.add(PARSER.parse(entries.get(i), "entry " + (i + 1)));
            }
            return CredentialSet.of(credentials);
        } catch (InvalidCredentialException e) {
            throw config.problem("keys", e.getMessage(), "value hidden");
        }
    }

    private static Supplier<CredentialSet> fileKeys(PluginConfig config, String value, CredentialSet inline) {
        Path path = config.resolvePath(value);
        if (!Files.exists(path)) {
            throw config.problem("keys-file", "file not found", value);
        }
        if (!Files.isRegularFile(path)) {
            throw config.problem("keys-file", "not a regular file", value);
        }
        try {
            return ReloadingCredentials.load(path, inline, PARSER, RELOAD_INTERVAL, System::nanoTime)::current;
        } catch (IOException e) {
            throw config.problem("keys-file", "cannot read file: " + e, value);
        } catch (InvalidCredentialException e) {
            throw config.problem("keys-file", e.getMessage(), value);
        }
    }
}

package io.ssegateway.plugin.auth.apikey;

import io.ssegateway.plugin.auth.support.credential.ConfiguredCredentials;
import io.ssegateway.plugin.auth.support.credential.CredentialSet;
import io.ssegateway.plugin.auth.support.http.HttpToken;
import io.ssegateway.plugin.auth.support.http.Realm;
import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.auth.AuthenticatorFactory;

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
    /** The factory the ServiceLoader instantiates. */
    public ApiKeyAuthenticatorFactory() {
    }

    @Override
    public String name() {
        return "api-key";
    }

    @Override
    public int spiVersion() {
        return Spi.MAJOR;
    }

    @Override
    public int spiMinorVersion() {
        return Spi.MINOR;
    }

    @Override
    public Authenticator create(PluginConfig config) {
        KeySources sources = new KeySources(name(config, "header", "X-API-Key"),
                                            name(config, "query-param", "api_key"),
                                            name(config, "cookie", "api_key"));
        String realm = Realm.read(config, "realm");
        if (sources.header().isEmpty() && sources.queryParam().isEmpty() && sources.cookie().isEmpty()) {
            throw config.problem("header", "turn on at least one of header, query-param and cookie", "all empty");
        }
        Supplier<CredentialSet> keys = ConfiguredCredentials.read(config, "keys", "keys-file", "key");
        return new ApiKeyAuthenticator(keys, sources, realm);
    }

    /** A header, parameter or cookie name: the default when absent, empty when {@code ""}; an HTTP token. */
    private static Optional<String> name(PluginConfig config, String key, String defaultName) {
        String name = config.string(key).orElse(defaultName).strip();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (!HttpToken.isToken(name)) {
            throw config.problem(key, "a name of letters, digits and " + HttpToken.PUNCTUATION
                                      + " (or \"\" to turn it off)", name);
        }
        return Optional.of(name);
    }
}

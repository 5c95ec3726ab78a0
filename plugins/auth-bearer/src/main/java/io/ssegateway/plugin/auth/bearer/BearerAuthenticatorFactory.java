package io.ssegateway.plugin.auth.bearer;

import io.ssegateway.plugin.auth.support.credential.ConfiguredCredentials;
import io.ssegateway.plugin.auth.support.credential.CredentialSet;
import io.ssegateway.plugin.auth.support.http.Realm;
import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.auth.AuthenticatorFactory;

import java.util.function.Supplier;

/**
 * Makes the {@code bearer} authenticator. Config keys:
 * <ul>
 *     <li>{@code tokens}: a list of {@code "token"} or {@code "token:identity"} entries</li>
 *     <li>{@code tokens-file}: a file of such entries, one a line, {@code #} comments; relative to the gateway home;
 *     looked at for changes at most once a second; a failed reload keeps the last good set</li>
 *     <li>{@code forward-token} (default false): whether the {@code Authorization} header goes upstream</li>
 *     <li>{@code realm} (default {@code sse-gateway}): the realm of the 401 challenge</li>
 * </ul>
 * At least one of {@code tokens} and {@code tokens-file} is required.
 */
public final class BearerAuthenticatorFactory implements AuthenticatorFactory {
    /** The factory the ServiceLoader instantiates. */
    public BearerAuthenticatorFactory() {
    }

    @Override
    public String name() {
        return "bearer";
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
        boolean forwardToken = config.bool("forward-token").orElse(false);
        String realm = Realm.read(config, "realm");
        Supplier<CredentialSet> tokens = ConfiguredCredentials.read(config, "tokens", "tokens-file", "token");
        return new BearerAuthenticator(tokens, realm, forwardToken);
    }
}

package io.ssegateway.plugin.auth.bearer;

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
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);
    private static final CredentialParser PARSER = new CredentialParser("token");

    /** The factory the ServiceLoader instantiates. */
    public BearerAuthenticatorFactory() {
    }

    @Override
    public String name() {
        return "bearer";
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    public Authenticator create(PluginConfig config) {
        List<String> entries = config.stringList("tokens");
        Optional<String> file = config.string("tokens-file");
        boolean forwardToken = config.bool("forward-token").orElse(false);
        String realm = Realm.read(config, "realm");
        if (entries.isEmpty() && file.isEmpty()) {
            throw config.problem("tokens", "set tokens or tokens-file (or both)", "nothing");
        }
        CredentialSet inline = inlineTokens(config, entries);
        Supplier<CredentialSet> tokens = file.isPresent() ? fileTokens(config, file.get(), inline) : () -> inline;
        return new BearerAuthenticator(tokens, realm, forwardToken);
    }

    private static CredentialSet inlineTokens(PluginConfig config, List<String> entries) {
        List<Credential> credentials = new ArrayList<>();
        try {
            for (int i = 0; i < entries.size(); i++) {
                credentials.add(PARSER.parse(entries.get(i), "entry " + (i + 1)));
            }
            return CredentialSet.of(credentials);
        } catch (InvalidCredentialException e) {
            throw config.problem("tokens", e.getMessage(), "value hidden");
        }
    }

    private static Supplier<CredentialSet> fileTokens(PluginConfig config, String value, CredentialSet inline) {
        Path path = config.resolvePath(value);
        if (!Files.exists(path)) {
            throw config.problem("tokens-file", "file not found", value);
        }
        if (!Files.isRegularFile(path)) {
            throw config.problem("tokens-file", "not a regular file", value);
        }
        try {
            return ReloadingCredentials.load(path, inline, PARSER, RELOAD_INTERVAL, System::nanoTime)::current;
        } catch (IOException e) {
            throw config.problem("tokens-file", "cannot read file: " + e, value);
        } catch (InvalidCredentialException e) {
            throw config.problem("tokens-file", e.getMessage(), value);
        }
    }
}

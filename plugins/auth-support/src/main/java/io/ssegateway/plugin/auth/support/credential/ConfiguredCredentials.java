package io.ssegateway.plugin.auth.support.credential;

import io.ssegateway.spi.PluginConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The credentials an auth plugin's config names: a list of {@code "secret"} or {@code "secret:identity"} entries
 * under one key, and a file of such entries, one a line, under another, relative to the gateway home, looked at for
 * changes at most once a second; a failed reload keeps the last good set. Config problems name
 * the key and never hold a secret.
 */
public final class ConfiguredCredentials {
    private static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);

    private ConfiguredCredentials() {
    }

    /**
     * Reads the credentials; at least one of the two keys must be set.
     *
     * @param config  the plugin's config
     * @param listKey the key of the inline entries, such as {@code tokens}
     * @param fileKey the key of the file, such as {@code tokens-file}
     * @param noun    what a secret is called in messages and anonymous identities, such as {@code token}
     * @return the set in use, to ask on every request (it changes when the file does)
     */
    public static Supplier<CredentialSet> read(PluginConfig config, String listKey, String fileKey, String noun) {
        List<String> entries = config.stringList(listKey);
        Optional<String> file = config.string(fileKey);
        if (entries.isEmpty() && file.isEmpty()) {
            throw config.problem(listKey, "set " + listKey + " or " + fileKey + " (or both)", "nothing");
        }
        CredentialParser parser = new CredentialParser(noun);
        CredentialSet inline = inline(config, listKey, entries, parser);
        return file.isPresent() ? fromFile(config, fileKey, file.get(), inline, parser) : () -> inline;
    }

    private static CredentialSet inline(PluginConfig config, String key, List<String> entries,
                                        CredentialParser parser) {
        List<Credential> credentials = new ArrayList<>();
        try {
            for (int i = 0; i < entries.size(); i++) {
                credentials.add(parser.parse(entries.get(i), "entry " + (i + 1)));
            }
            return CredentialSet.of(credentials);
        } catch (InvalidCredentialException e) {
            throw config.problem(key, e.getMessage(), "value hidden");
        }
    }

    private static Supplier<CredentialSet> fromFile(PluginConfig config, String key, String value,
                                                    CredentialSet inline, CredentialParser parser) {
        Path path = config.resolvePath(value);
        if (!Files.exists(path)) {
            throw config.problem(key, "file not found", value);
        }
        if (!Files.isRegularFile(path)) {
            throw config.problem(key, "not a regular file", value);
        }
        try {
            return ReloadingCredentials.load(path, inline, parser, RELOAD_INTERVAL, System::nanoTime)::current;
        } catch (IOException e) {
            throw config.problem(key, "cannot read file: " + e, value);
        } catch (InvalidCredentialException e) {
            throw config.problem(key, e.getMessage(), value);
        }
    }
}

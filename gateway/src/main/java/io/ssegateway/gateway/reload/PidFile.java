package io.ssegateway.gateway.reload;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * {@code <home>/run/sse-gateway.pid}: how {@code bin/sse-gateway reload} finds the gateway running from that home.
 * It holds {@code pid=}, {@code admin=} (the admin listener's base URL, when it runs) and {@code config=}; the
 * gateway writes it once it listens and deletes it when it stops.
 *
 * @param pid    the gateway's process id
 * @param admin  the admin listener's base URL, e.g. {@code http://127.0.0.1:9090}
 * @param config the config file it runs
 */
public record PidFile(long pid, Optional<String> admin, String config) {
    private static final Logger LOGGER = Logger.getLogger(PidFile.class.getName());

    /** Where the file of a home is. */
    public static Path of(Path home) {
        return home.resolve("run").resolve("sse-gateway.pid");
    }

    /** Writes it (replacing a stale one); a home that is not writable is logged and skipped. */
    public void write(Path home) {
        Path file = of(home);
        StringBuilder text = new StringBuilder("pid=" + pid + "\n");
        admin.ifPresent(url -> text.append("admin=").append(url).append('\n'));
        text.append("config=").append(config.replace("\\", "\\\\")).append('\n');
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp" + pid);
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOGGER.warning("cannot write " + file + " (" + e.getMessage() + "); bin/sse-gateway reload will look for"
                           + " the admin port in the config instead");
        }
    }

    /** Deletes the home's file if it is this process's. */
    public static void delete(Path home, long pid) {
        Path file = of(home);
        if (read(home).map(p -> p.pid() == pid).orElse(false)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover file is found stale by the next reload command
            }
        }
    }

    /** The home's file, if there is one that can be read. */
    public static Optional<PidFile> read(Path home) {
        Path file = of(home);
        try (Reader in = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
            Properties values = new Properties();
            values.load(in);
            return Optional.of(new PidFile(Long.parseLong(values.getProperty("pid", "").trim()),
                                           Optional.ofNullable(values.getProperty("admin")),
                                           values.getProperty("config", "")));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}

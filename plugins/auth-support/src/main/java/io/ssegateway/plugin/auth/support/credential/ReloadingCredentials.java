package io.ssegateway.plugin.auth.support.credential;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Inline credentials plus those of a file that is read again when it changes. The file is looked at on use, at most
 * once per interval, by one caller at a time while others go on with the current set. A reload that fails (the file
 * is gone, unreadable or holds a bad entry) keeps the last good set and is logged once per file version.
 */
final class ReloadingCredentials {
    private static final System.Logger LOG = System.getLogger(ReloadingCredentials.class.getName());

    private final Path file;
    private final CredentialSet inline;
    private final CredentialParser parser;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile CredentialSet current;
    private volatile long nextCheck;
    /** The stamp of the file version last tried; null once the file went missing. Guarded by {@link #lock}. */
    private FileStamp lastStamp;

    private ReloadingCredentials(Path file, CredentialSet inline, CredentialParser parser, Duration interval,
                                 LongSupplier nanoTime, FileStamp stamp, CredentialSet current) {
        this.file = file;
        this.inline = inline;
        this.parser = parser;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.lastStamp = stamp;
        this.current = current;
        this.nextCheck = nanoTime.getAsLong() + intervalNanos;
    }

    /**
     * Reads the file once; throws when it cannot be read or holds a bad entry.
     *
     * @param file     the credential file
     * @param inline   credentials from the config, always part of the set
     * @param parser   reads the file's lines
     * @param interval how often at most the file is looked at
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     */
    static ReloadingCredentials load(Path file, CredentialSet inline, CredentialParser parser, Duration interval,
                                     LongSupplier nanoTime) throws IOException, InvalidCredentialException {
        FileStamp stamp = FileStamp.of(file);
        CredentialSet set = inline.plus(parser.parseLines(Files.readAllLines(file)));
        return new ReloadingCredentials(file, inline, parser, interval, nanoTime, stamp, set);
    }

    /** The current set, after reloading the file if its interval has passed and it changed. */
    CredentialSet current() {
        long now = nanoTime.getAsLong();
        if (now - nextCheck >= 0 && lock.tryLock()) {
            try {
                if (now - nextCheck >= 0) {
                    nextCheck = now + intervalNanos;
                    reloadIfChanged();
                }
            } finally {
                lock.unlock();
            }
        }
        return current;
    }

    private void reloadIfChanged() {
        FileStamp stamp;
        try {
            stamp = FileStamp.of(file);
        } catch (IOException e) {
            if (lastStamp != null) {
                LOG.log(Level.WARNING, "Cannot read {0} ({1}); keeping the previous {2} entries",
                        file, e.toString(), current.size());
                lastStamp = null;
            }
            return;
        }
        if (stamp.equals(lastStamp)) {
            return;
        }
        lastStamp = stamp;
        try {
            current = inline.plus(parser.parseLines(Files.readAllLines(file)));
            LOG.log(Level.INFO, "Reloaded {0}: {1} entries in use", file, current.size());
        } catch (IOException | InvalidCredentialException e) {
            LOG.log(Level.WARNING, "Cannot reload {0} ({1}); keeping the previous {2} entries",
                    file, e.getMessage(), current.size());
        }
    }
}

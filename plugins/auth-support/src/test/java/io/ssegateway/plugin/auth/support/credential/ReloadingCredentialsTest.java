package io.ssegateway.plugin.auth.support.credential;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(20)
class ReloadingCredentialsTest {
    private static final CredentialParser PARSER = new CredentialParser("token");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path home;
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void theFileIsLookedAtAtMostOncePerInterval() throws Exception {
        Path file = Files.writeString(home.resolve("tokens.txt"), "s3cret-a:a\n");
        ReloadingCredentials credentials = load(file);
        Files.writeString(file, "s3cret-bb:b\n");

        nanos.addAndGet(INTERVAL.toNanos() - 1);
        assertEquals(Optional.of("a"), credentials.current().identityOf("s3cret-a"));
        nanos.addAndGet(1);
        assertEquals(Optional.empty(), credentials.current().identityOf("s3cret-a"));
        assertEquals(Optional.of("b"), credentials.current().identityOf("s3cret-bb"));
    }

    @Test
    void aFailedReloadKeepsTheLastGoodSetUntilTheFileIsFixed() throws Exception {
        Path file = Files.writeString(home.resolve("tokens.txt"), "s3cret-a:a\n");
        ReloadingCredentials credentials = load(file);

        rewriteAndWaitAnInterval(file, "s3cret-a:a\ns3cret b:broken\n");
        assertEquals(Optional.of("a"), credentials.current().identityOf("s3cret-a"));

        Files.delete(file);
        nanos.addAndGet(INTERVAL.toNanos());
        assertEquals(Optional.of("a"), credentials.current().identityOf("s3cret-a"));

        rewriteAndWaitAnInterval(file, "s3cret-fixed:fixed\n");
        assertEquals(Optional.of("fixed"), credentials.current().identityOf("s3cret-fixed"));
        assertEquals(Optional.empty(), credentials.current().identityOf("s3cret-a"));
    }

    @Test
    void aReloadThatRepeatsASecretKeepsTheLastGoodSet() throws Exception {
        Path file = Files.writeString(home.resolve("keys.txt"), "s3cret-a:a\n");
        ReloadingCredentials credentials = load(file);

        rewriteAndWaitAnInterval(file, "s3cret-a:a\ns3cret-a:again\n");
        assertEquals(Optional.of("a"), credentials.current().identityOf("s3cret-a"));
    }

    @Test
    void inlineEntriesStayWhenTheFileChanges() throws Exception {
        Path file = Files.writeString(home.resolve("tokens.txt"), "s3cret-a:a\n");
        CredentialSet inline = CredentialSet.of(List.of(PARSER.parse("s3cret-i:inline", "entry 1")));
        ReloadingCredentials credentials = ReloadingCredentials.load(file, inline, PARSER, INTERVAL, nanos::get);

        rewriteAndWaitAnInterval(file, "s3cret-bb:b\n");
        assertEquals(Optional.of("inline"), credentials.current().identityOf("s3cret-i"));
        assertEquals(Optional.of("b"), credentials.current().identityOf("s3cret-bb"));
    }

    private ReloadingCredentials load(Path file) throws Exception {
        return ReloadingCredentials.load(file, CredentialSet.of(List.of()), PARSER, INTERVAL, nanos::get);
    }

    /** Writes {@code content} to {@code file} and lets one reload interval pass on the test's clock. */
    private void rewriteAndWaitAnInterval(Path file, String content) throws IOException {
        Files.writeString(file, content);
        nanos.addAndGet(INTERVAL.toNanos());
    }
}

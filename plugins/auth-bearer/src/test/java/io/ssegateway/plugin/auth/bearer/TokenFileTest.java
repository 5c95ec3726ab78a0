package io.ssegateway.plugin.auth.bearer;

import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeRequest;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class TokenFileTest {
    private static final CredentialParser PARSER = new CredentialParser("token");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path home;
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void readsTokensAndIdentitiesAndSkipsCommentsAndBlankLines() throws Exception {
        Files.writeString(home.resolve("tokens.txt"), "# ops team\n\n  s3cret-a : Alice Smith \ns3cret-b\n#s3cret-c\n");
        Authenticator auth = new BearerAuthenticatorFactory().create(FakePluginConfig.auth(
                home, Map.of("tokens-file", "tokens.txt", "tokens", List.of("s3cret-i:inline"))));
        assertEquals("Alice Smith", identity(auth, "s3cret-a"));
        assertTrue(identity(auth, "s3cret-b").startsWith("token-"));
        assertEquals("inline", identity(auth, "s3cret-i"));
        assertEquals(403, status(auth, "s3cret-c"));
    }

    @Test
    void aChangedFileIsPickedUpWhileTheGatewayRuns() throws Exception {
        Path file = Files.writeString(home.resolve("tokens.txt"), "s3cret-old:old\n");
        Authenticator auth = new BearerAuthenticatorFactory().create(FakePluginConfig.auth(
                home, Map.of("tokens-file", "tokens.txt")));
        assertEquals("old", identity(auth, "s3cret-old"));

        Path next = Files.writeString(home.resolve("tokens.txt.new"), "s3cret-new:new\n");
        Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        awaitTrue(() -> status(auth, "s3cret-new") == 200, Duration.ofSeconds(10));
        assertEquals("new", identity(auth, "s3cret-new"));
        assertEquals(403, status(auth, "s3cret-old"));
    }

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

        Files.writeString(file, "s3cret-a:a\ns3cret b:broken\n");
        nanos.addAndGet(INTERVAL.toNanos());
        assertEquals(Optional.of("a"), credentials.current().identityOf("s3cret-a"));

        Files.delete(file);
        nanos.addAndGet(INTERVAL.toNanos());
        assertEquals(Optional.of("a"), credentials.current().identityOf("s3cret-a"));

        Files.writeString(file, "s3cret-fixed:fixed\n");
        nanos.addAndGet(INTERVAL.toNanos());
        assertEquals(Optional.of("fixed"), credentials.current().identityOf("s3cret-fixed"));
        assertEquals(Optional.empty(), credentials.current().identityOf("s3cret-a"));
    }

    @Test
    void inlineTokensStayWhenTheFileChanges() throws Exception {
        Path file = Files.writeString(home.resolve("tokens.txt"), "s3cret-a:a\n");
        CredentialSet inline = CredentialSet.of(List.of(PARSER.parse("s3cret-i:inline", "entry 1")));
        ReloadingCredentials credentials = ReloadingCredentials.load(file, inline, PARSER, INTERVAL, nanos::get);

        Files.writeString(file, "s3cret-bb:b\n");
        nanos.addAndGet(INTERVAL.toNanos());
        assertEquals(Optional.of("inline"), credentials.current().identityOf("s3cret-i"));
        assertEquals(Optional.of("b"), credentials.current().identityOf("s3cret-bb"));
    }

    private ReloadingCredentials load(Path file) throws Exception {
        return ReloadingCredentials.load(file, CredentialSet.of(List.of()), PARSER, INTERVAL, nanos::get);
    }

    private static String identity(Authenticator auth, String token) throws Exception {
        return assertInstanceOf(AuthDecision.Allow.class, auth.authenticate(request(token))).identity();
    }

    private static int status(Authenticator auth, String token) {
        try {
            return auth.authenticate(request(token)) instanceof AuthDecision.Deny deny ? deny.status() : 200;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static FakeRequest request(String token) {
        return new FakeRequest().withHeader("Authorization", "Bearer " + token);
    }

    private static void awaitTrue(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + limit);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}

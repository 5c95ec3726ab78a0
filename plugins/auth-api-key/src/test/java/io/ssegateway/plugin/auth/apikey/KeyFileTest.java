package io.ssegateway.plugin.auth.apikey;

import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeRequest;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

@Timeout(20)
class KeyFileTest {
    private static final CredentialParser PARSER = new CredentialParser("key");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path home;

    @Test
    void aChangedFileIsPickedUpWhileTheGatewayRuns() throws Exception {
        Path file = Files.writeString(home.resolve("keys.txt"), "# clients\ns3cret-old:old\n");
        Authenticator auth = new ApiKeyAuthenticatorFactory().create(FakePluginConfig.auth(
                home, Map.of("keys-file", "keys.txt", "keys", List.of("s3cret-i:inline"))));
        assertEquals("old", identity(auth, "s3cret-old"));

        Path next = Files.writeString(home.resolve("keys.txt.new"), "s3cret-new:new\n");
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);

        awaitTrue(() -> status(auth, "s3cret-new") == 200, Duration.ofSeconds(10));
        assertEquals(403, status(auth, "s3cret-old"));
        assertEquals("inline", identity(auth, "s3cret-i"));
    }

    @Test
    void aFailedReloadKeepsTheLastGoodSet() throws Exception {
        AtomicLong nanos = new AtomicLong();
        Path file = Files.writeString(home.resolve("keys.txt"), "s3cret-a:a\n");
        ReloadingCredentials keys = ReloadingCredentials.load(file, CredentialSet.of(List.of()), PARSER, INTERVAL,
                                                              nanos::get);
        Files.writeString(file, "s3cret-a:a\ns3cret-a:again\n");
        nanos.addAndGet(INTERVAL.toNanos());
        assertEquals(Optional.of("a"), keys.current().identityOf("s3cret-a"));
    }

    private static String identity(Authenticator auth, String key) throws Exception {
        return assertInstanceOf(AuthDecision.Allow.class, auth.authenticate(request(key))).identity();
    }

    private static int status(Authenticator auth, String key) {
        try {
            return auth.authenticate(request(key)) instanceof AuthDecision.Deny deny ? deny.status() : 200;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static FakeRequest request(String key) {
        return new FakeRequest().withQueryParam("api_key", key);
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

package io.ssegateway.plugin.auth.apikey;

import io.ssegateway.plugin.testkit.Await;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The keys file through the plugin; auth-support's ReloadingCredentialsTest covers the reloading itself. */
@Timeout(20)
class KeyFileTest {
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

        Await.until(() -> status(auth, "s3cret-new") == 200, Duration.ofSeconds(10));
        assertEquals(403, status(auth, "s3cret-old"));
        assertEquals("inline", identity(auth, "s3cret-i"));
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
}

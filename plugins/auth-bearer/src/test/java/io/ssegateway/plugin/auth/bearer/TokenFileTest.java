package io.ssegateway.plugin.auth.bearer;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tokens file through the plugin; auth-support's ReloadingCredentialsTest covers the reloading itself. */
@Timeout(20)
class TokenFileTest {
    @TempDir
    Path home;

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
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);

        Await.until(() -> status(auth, "s3cret-new") == 200, Duration.ofSeconds(10));
        assertEquals("new", identity(auth, "s3cret-new"));
        assertEquals(403, status(auth, "s3cret-old"));
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
}

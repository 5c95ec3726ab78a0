package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.demo.DemoUpstream;
import io.ssegateway.gateway.observe.ReloadState;
import io.ssegateway.gateway.testing.EventStreamReader;
import io.ssegateway.gateway.testing.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.ssegateway.gateway.reload.ReloadStreamsTest.assertConsecutive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A certificate rotated by a reload: new connections get it, open ones keep streaming on theirs. */
class ReloadTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aNewCertificateServesNewConnectionsWhileAnOpenConnectionKeepsStreaming() throws Exception {
        TestCertificate first = TestCertificate.create(Files.createDirectories(dir.resolve("first")));
        TestCertificate second = TestCertificate.create(Files.createDirectories(dir.resolve("second")));
        try (DemoUpstream a = DemoUpstream.start(0); ReloadHome home = new ReloadHome(dir.resolve("home"))) {
            Path tls = Files.createDirectories(home.home.resolve("conf/tls"));
            install(first.certPem(), first.keyPem(), tls);
            String hocon = ReloadHome.config("""
                    server.tls { cert-chain = "conf/tls/cert.pem", private-key = "conf/tls/key.pem" }
                    routes = [
                    """ + ReloadHome.route("stable", "/stable", "http://127.0.0.1:" + a.port(), "") + "]\n");
            Gateway gateway = home.start(hocon);
            int port = gateway.port();
            EventStreamReader old = EventStreamReader.over(connect(first.clientContext(), port), port,
                                                           "/stable/events?interval=50").start();
            old.awaitId("2", WAIT);

            install(second.certPem(), second.keyPem(), tls);
            ReloadState state = gateway.reload("test");
            assertEquals("applied", state.last().orElseThrow().outcome(), state.describe());
            // a new connection meets the new certificate: a client that trusts only the old one fails
            assertThrows(SSLHandshakeException.class, () -> connect(first.clientContext(), port));
            try (SSLSocket socket = connect(second.clientContext(), port)) {
                X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                assertEquals(second.certificate(), served);
                EventStreamReader fresh = EventStreamReader.over(socket, port, "/stable/events?interval=50").start();
                fresh.awaitId("2", WAIT);
            }
            // the open connection goes on with its own session
            int seen = old.ids().size();
            old.awaitId(String.valueOf(seen + 3), WAIT);
            assertFalse(old.ended());
            assertConsecutive(old.ids());

            // a key that does not belong to the certificate: refused, the listener keeps the second pair
            Files.copy(first.keyPem(), tls.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
            state = gateway.reload("test");
            assertEquals("failed", state.last().orElseThrow().outcome());
            assertEquals(2, state.generation());
            String problem = state.last().get().problems().getFirst();
            assertTrue(problem.startsWith("server.tls: the private key does not belong to the first certificate"),
                       problem);
            assertTrue(problem.endsWith("(the listener keeps its current certificate)"), problem);
            try (SSLSocket socket = connect(second.clientContext(), port)) {
                assertEquals(second.certificate(), socket.getSession().getPeerCertificates()[0]);
            }
            old.close();
        }
    }

    private static void install(Path cert, Path key, Path tls) throws Exception {
        // the key first, as a renewal tool may: a reload between the two would see a pair that does not match
        Files.copy(key, tls.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(cert, tls.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static SSLSocket connect(SSLContext context, int port) throws Exception {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.startHandshake();
        return socket;
    }
}

package io.ssegateway.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost made by the JDK's keytool in a test folder: as a PKCS#12
 * keystore, and the same key and certificate as PEM files; plus an SSLContext that trusts it (and nothing else).
 */
public final class TestCertificate {
    /** The keystore password. */
    public static final String PASSWORD = "test-keystore-pw";
    /** The key entry's alias. */
    public static final String ALIAS = "gateway";

    private final Path keystore;
    private final Path certPem;
    private final Path keyPem;
    private final X509Certificate certificate;

    private TestCertificate(Path keystore, Path certPem, Path keyPem, X509Certificate certificate) {
        this.keystore = keystore;
        this.certPem = certPem;
        this.keyPem = keyPem;
        this.certificate = certificate;
    }

    /** Generates the key pair and certificate into {@code dir}. */
    public static TestCertificate create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve("gateway.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                                             "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                                             "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                                             "-keystore", keystore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey(ALIAS, PASSWORD.toCharArray());
        Certificate cert = store.getCertificate(ALIAS);
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        return new TestCertificate(keystore, certPem, keyPem, (X509Certificate) cert);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The PKCS#12 keystore. */
    public Path keystore() {
        return keystore;
    }

    /** The certificate as PEM. */
    public Path certPem() {
        return certPem;
    }

    /** The private key as unencrypted PKCS#8 PEM. */
    public Path keyPem() {
        return keyPem;
    }

    /** A client context that trusts only this certificate. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}

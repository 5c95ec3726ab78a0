package io.ssegateway.gateway.edge;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.ssegateway.gateway.config.TlsSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Loads the listener's private key and certificate chain from PEM files or a PKCS#12 keystore. */
public final class ServerTls {
    private ServerTls() {
    }

    /**
     * The server-side TLS setup for these settings.
     *
     * @throws IllegalArgumentException naming the file and the problem when the key or chain cannot be loaded
     */
    public static Tls load(TlsSettings settings) {
        Keys keys;
        String source;
        try {
            keys = switch (settings) {
            case TlsSettings.Pem pem -> Keys.builder().pem(p -> {
                p.key(Resource.create(pem.privateKey())).certChain(Resource.create(pem.certChain()));
                pem.privateKeyPassword().ifPresent(password -> p.keyPassphrase(password.toCharArray()));
            }).build();
            case TlsSettings.Keystore store -> Keys.builder().keystore(k -> k
                    .keystore(Resource.create(store.keystore())).type("PKCS12")
                    .passphrase(store.keystorePassword().toCharArray())
                    .keyAlias(store.keyAlias().orElseGet(() -> onlyKeyAlias(store)))).build();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("server.tls: cannot load the key and certificate from " + files(settings)
                                                       + ": " + rootMessage(e), e);
        }
        source = files(settings);
        PrivateKey key = keys.privateKey().orElseThrow(
                () -> new IllegalArgumentException("server.tls: no private key found in " + files(settings)));
        List<X509Certificate> chain = keys.certChain();
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("server.tls: no certificate chain found in " + source);
        }
        if (!belongTogether(key, chain.getFirst())) {
            throw new IllegalArgumentException("server.tls: the private key does not belong to the first certificate"
                                               + " of the chain (" + chain.getFirst().getSubjectX500Principal()
                                               + ") in " + source);
        }
        return Tls.builder()
                .privateKey(key)
                .privateKeyCertChain(chain)
                .build();
    }

    /**
     * Whether the key signs what the certificate's public key verifies (RSA, EC, Ed25519 and Ed448; other kinds are
     * let through and fail at the first handshake as before).
     */
    static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
        case "RSA" -> "SHA256withRSA";
        case "EC" -> "SHA256withECDSA";
        case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
        default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "sse-gateway key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The alias of the keystore's only private key entry. */
    private static String onlyKeyAlias(TlsSettings.Keystore store) {
        List<String> aliases = new ArrayList<>();
        try (InputStream in = Files.newInputStream(store.keystore())) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(in, store.keystorePassword().toCharArray());
            for (String alias : Collections.list(keystore.aliases())) {
                if (keystore.isKeyEntry(alias)) {
                    aliases.add(alias);
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (aliases.size() != 1) {
            throw new IllegalArgumentException(aliases.size() + " private key entries " + aliases
                                                       + "; name the one to use with server.tls.key-alias");
        }
        return aliases.getFirst();
    }

    private static String files(TlsSettings settings) {
        return switch (settings) {
        case TlsSettings.Pem pem -> pem.certChain() + " and " + pem.privateKey();
        case TlsSettings.Keystore store -> store.keystore().toString();
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}

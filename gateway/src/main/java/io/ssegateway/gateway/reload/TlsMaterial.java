package io.ssegateway.gateway.reload;

import io.helidon.common.tls.Tls;
import io.ssegateway.gateway.config.TlsSettings;
import io.ssegateway.gateway.edge.ServerTls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The listener's key and certificate chain as loaded from their files, with a digest of both so a reload can tell
 * whether the files changed.
 *
 * @param tls    the TLS setup for Helidon
 * @param digest SHA-256 over the key and every certificate of the chain
 */
record TlsMaterial(Tls tls, String digest) {
    /**
     * Loads and checks the key and chain (the key must belong to the first certificate).
     *
     * @throws IllegalArgumentException naming the files and the problem
     */
    static TlsMaterial load(TlsSettings settings) {
        Tls tls = ServerTls.load(settings);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            tls.prototype().privateKey().ifPresent(key -> sha.update(key.getEncoded()));
            for (X509Certificate certificate : tls.prototype().privateKeyCertChain()) {
                sha.update(certificate.getEncoded());
            }
            return new TlsMaterial(tls, HexFormat.of().formatHex(sha.digest()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalArgumentException("server.tls: cannot read the certificate chain: " + e.getMessage(), e);
        }
    }

    /** The first certificate's subject and expiry, for the log. */
    String describe() {
        X509Certificate first = tls.prototype().privateKeyCertChain().getFirst();
        return first.getSubjectX500Principal() + ", valid until " + first.getNotAfter().toInstant();
    }
}

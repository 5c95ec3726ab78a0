package io.ssegateway.gateway.config;

import java.nio.file.Path;
import java.util.Optional;

/** Where the public listener's TLS key and certificate chain come from: PEM files or a PKCS#12 keystore. */
public sealed interface TlsSettings {
    /**
     * A PEM certificate chain (server certificate first) and a PEM private key (PKCS#8, or PKCS#1 RSA).
     *
     * @param certChain          the certificate chain file
     * @param privateKey         the private key file
     * @param privateKeyPassword the key's password when it is encrypted
     */
    record Pem(Path certChain, Path privateKey, Optional<String> privateKeyPassword) implements TlsSettings {
        @Override
        public String toString() {
            return "Pem[certChain=" + certChain + ", privateKey=" + privateKey + ", privateKeyPassword="
                    + privateKeyPassword.map(p -> "***") + "]";
        }
    }

    /**
     * A PKCS#12 keystore holding the private key and its certificate chain.
     *
     * @param keystore         the keystore file
     * @param keystorePassword its password (also the key's)
     * @param keyAlias         the entry to use; empty: the only key entry
     */
    record Keystore(Path keystore, String keystorePassword, Optional<String> keyAlias) implements TlsSettings {
        @Override
        public String toString() {
            return "Keystore[keystore=" + keystore + ", keystorePassword=***, keyAlias=" + keyAlias + "]";
        }
    }
}

package io.ssegateway.plugin.auth.jwt;

/** Key material that cannot be used; the message says what to fix and never holds a secret. */
final class BadKeyException extends Exception {
    /** A problem such as {@code key 2: an RSA key needs at least 2048 bits}. */
    BadKeyException(String message) {
        super(message);
    }
}

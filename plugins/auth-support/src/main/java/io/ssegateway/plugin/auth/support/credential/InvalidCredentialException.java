package io.ssegateway.plugin.auth.support.credential;

/** A credential entry that cannot be used; the message names where it is and never holds the secret. */
final class InvalidCredentialException extends Exception {
    /** A problem with one entry, such as {@code line 3: a token must not contain spaces}. */
    InvalidCredentialException(String message) {
        super(message);
    }
}

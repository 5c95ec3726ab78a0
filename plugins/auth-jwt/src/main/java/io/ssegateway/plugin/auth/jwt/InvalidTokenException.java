package io.ssegateway.plugin.auth.jwt;

/** A token that is refused; the message is a short reason for the client and never holds the token. */
final class InvalidTokenException extends Exception {
    /** A refusal with this reason, such as {@code token expired}. */
    InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}

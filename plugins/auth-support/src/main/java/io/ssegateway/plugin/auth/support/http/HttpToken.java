package io.ssegateway.plugin.auth.support.http;

/** The HTTP token syntax (RFC 9110 {@code token}) that header, query parameter and cookie names must follow. */
public final class HttpToken {
    /** The characters a token may hold besides ASCII letters and digits, as a config message names them. */
    public static final String PUNCTUATION = "!#$%&'*+-.^_`|~";

    private HttpToken() {
    }

    /** Whether {@code name} is a non-empty HTTP token. */
    public static boolean isToken(String name) {
        return !name.isEmpty() && name.chars().allMatch(
                c -> c < 0x7f && (Character.isLetterOrDigit(c) || PUNCTUATION.indexOf(c) >= 0));
    }
}

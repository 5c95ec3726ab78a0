package io.ssegateway.spi.auth;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The outcome of authentication: {@link Allow} or {@link Deny}. */
public sealed interface AuthDecision {

    /** Allows with an identity; no credentials are stripped and no headers are added. */
    static AuthDecision allow(String identity) {
        return new Allow(identity, Map.of(), Set.of(), Set.of(), Set.of());
    }

    /** Denies with a status, a message for the client and extra response headers (e.g. WWW-Authenticate). */
    static AuthDecision deny(int status, String message, Map<String, String> responseHeaders) {
        return new Deny(status, message, responseHeaders);
    }

    /**
     * The request may go on.
     *
     * @param identity          who the client is; used by limits, hash balancing and the access log
     * @param addHeaders        headers set on the upstream request
     * @param removeHeaders     request headers not forwarded upstream (credentials)
     * @param removeQueryParams query parameters not forwarded upstream (credentials)
     * @param removeCookies     cookies not forwarded upstream (credentials)
     */
    record Allow(String identity, Map<String, String> addHeaders, Set<String> removeHeaders,
                 Set<String> removeQueryParams, Set<String> removeCookies) implements AuthDecision {
        /** Copies the collections. */
        public Allow {
            Objects.requireNonNull(identity, "identity");
            addHeaders = Map.copyOf(addHeaders);
            removeHeaders = Set.copyOf(removeHeaders);
            removeQueryParams = Set.copyOf(removeQueryParams);
            removeCookies = Set.copyOf(removeCookies);
        }
    }

    /**
     * The request is refused with this status (401 without credentials, 403 with bad ones).
     *
     * @param status          HTTP status
     * @param message         a short reason for the client; never a credential
     * @param responseHeaders headers for the answer, such as {@code WWW-Authenticate}
     */
    record Deny(int status, String message, Map<String, String> responseHeaders) implements AuthDecision {
        /** Copies the headers. */
        public Deny {
            Objects.requireNonNull(message, "message");
            responseHeaders = Map.copyOf(responseHeaders);
        }
    }
}

package io.ssegateway.spi.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The outcome of authentication: {@link Allow} or {@link Deny}. */
public sealed interface AuthDecision {

    /** Allows with an identity; no credentials are stripped and no headers are added. */
    static AuthDecision allow(String identity) {
        return new Allow(identity, Map.of(), Set.of(), Set.of(), Set.of());
    }

    /**
     * Allows with an identity until {@code expiresAt}; no credentials are stripped and no headers are added.
     *
     * @param identity  who the client is
     * @param expiresAt when the credential stops being valid; see {@link Allow#expiresAt()}
     * @return the decision
     */
    static AuthDecision allowUntil(String identity, Instant expiresAt) {
        return new Allow(identity, Map.of(), Set.of(), Set.of(), Set.of(), Optional.of(expiresAt));
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
     * @param expiresAt         when the credential stops being valid (a JWT's {@code exp}, the end of an API key's
     *                          validity), or empty when it does not expire. An event stream still open then is
     *                          closed by the gateway between two events, after a {@code retry:} line, so the client
     *                          reconnects and authenticates again with a fresh credential; the close is reported
     *                          to monitors as {@link io.ssegateway.spi.monitor.CloseReason#AUTH_EXPIRED}. An
     *                          expiry already past when the request arrives is answered 401.
     */
    record Allow(String identity, Map<String, String> addHeaders, Set<String> removeHeaders,
                 Set<String> removeQueryParams, Set<String> removeCookies, Optional<Instant> expiresAt)
            implements AuthDecision {
        /** Copies the collections. */
        public Allow {
            Objects.requireNonNull(identity, "identity");
            addHeaders = Map.copyOf(addHeaders);
            removeHeaders = Set.copyOf(removeHeaders);
            removeQueryParams = Set.copyOf(removeQueryParams);
            removeCookies = Set.copyOf(removeCookies);
            Objects.requireNonNull(expiresAt, "expiresAt (Optional.empty() when the credential does not expire)");
        }

        /**
         * An allow whose credential does not expire (the constructor of SPI version 1 before expiries, kept for
         * the plugins built against it).
         *
         * @param identity          who the client is
         * @param addHeaders        headers set on the upstream request
         * @param removeHeaders     request headers not forwarded upstream
         * @param removeQueryParams query parameters not forwarded upstream
         * @param removeCookies     cookies not forwarded upstream
         */
        public Allow(String identity, Map<String, String> addHeaders, Set<String> removeHeaders,
                     Set<String> removeQueryParams, Set<String> removeCookies) {
            this(identity, addHeaders, removeHeaders, removeQueryParams, removeCookies, Optional.empty());
        }

        /**
         * This decision with an expiry; see {@link #expiresAt()}.
         *
         * @param expiry when the credential stops being valid
         * @return a copy that expires then
         */
        public Allow expiringAt(Instant expiry) {
            return new Allow(identity, addHeaders, removeHeaders, removeQueryParams, removeCookies,
                             Optional.of(expiry));
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

package io.ssegateway.spi.auth;

import io.ssegateway.spi.Plugin;
import io.ssegateway.spi.RequestView;

/**
 * Decides whether a request may open a stream. An exception thrown here denies the request (fails closed). The
 * gateway {@linkplain Plugin#close() closes} it once when done with it.
 */
public interface Authenticator extends Plugin {
    /** Allows or denies the request; called once per request, before any upstream is contacted. */
    AuthDecision authenticate(RequestView request) throws Exception;
}

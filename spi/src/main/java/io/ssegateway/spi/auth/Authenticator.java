package io.ssegateway.spi.auth;

import io.ssegateway.spi.RequestView;

/** Decides whether a request may open a stream. An exception thrown here denies the request (fails closed). */
public interface Authenticator {
    /** Allows or denies the request; called once per request, before any upstream is contacted. */
    AuthDecision authenticate(RequestView request) throws Exception;
}

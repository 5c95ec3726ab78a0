/**
 * The public listener's edge: TLS, HTTP/2, request-head limits and timeout, security headers, Helidon-level error
 * answers, the gateway's own answers (ErrorAnswers: JSON errors and the {@code retry:} answer) and the listener
 * settings the relay is measured with (ListenerTuning).
 */
package io.ssegateway.gateway.edge;

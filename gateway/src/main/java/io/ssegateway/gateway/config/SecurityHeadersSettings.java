package io.ssegateway.gateway.config;

/**
 * Security headers on the responses the gateway makes itself. An empty value leaves that header out.
 *
 * @param enabled                 whether any are sent
 * @param contentTypeOptions      {@code X-Content-Type-Options}
 * @param referrerPolicy          {@code Referrer-Policy}
 * @param strictTransportSecurity {@code Strict-Transport-Security}, sent on every response, only when TLS is on
 */
public record SecurityHeadersSettings(boolean enabled, String contentTypeOptions, String referrerPolicy,
                                      String strictTransportSecurity) {
    /** nosniff, no-referrer, one year of HSTS. */
    public static final SecurityHeadersSettings DEFAULT = new SecurityHeadersSettings(true, "nosniff", "no-referrer",
                                                                                      "max-age=31536000");
}

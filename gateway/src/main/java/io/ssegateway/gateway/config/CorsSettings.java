package io.ssegateway.gateway.config;

import java.time.Duration;
import java.util.List;

/**
 * A route's CORS policy: which browser origins may read its responses, and how preflights are answered.
 *
 * @param allowedOrigins   normalised origins ({@code scheme://host[:port]}, lower case, default port left out), or
 *                         the single entry {@code *} for any origin
 * @param allowCredentials whether cross-origin requests may carry cookies or HTTP auth ({@code withCredentials})
 * @param maxAge           how long a browser may cache a preflight answer
 * @param allowedMethods   methods a preflight may ask for, upper case
 * @param allowedHeaders   request headers a preflight may ask for, lower case (CORS-safelisted ones need no entry)
 * @param exposedHeaders   response headers a page's script may read beyond the CORS-safelisted ones
 */
public record CorsSettings(List<String> allowedOrigins, boolean allowCredentials, Duration maxAge,
                           List<String> allowedMethods, List<String> allowedHeaders, List<String> exposedHeaders) {
    /** The wildcard origin. */
    public static final String ANY_ORIGIN = "*";

    /** Copies the lists. */
    public CorsSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedMethods = List.copyOf(allowedMethods);
        allowedHeaders = List.copyOf(allowedHeaders);
        exposedHeaders = List.copyOf(exposedHeaders);
    }

    /** Whether any origin is allowed. */
    public boolean anyOrigin() {
        return allowedOrigins.contains(ANY_ORIGIN);
    }
}

package io.ssegateway.plugin.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a verified token's claims must satisfy: {@code exp} not passed and {@code nbf} reached, both give or take the
 * leeway; {@code iss} equal to the issuer and {@code aud} (a string or an array) naming the audience, when those are
 * configured.
 *
 * @param issuer     the required {@code iss}, if any
 * @param audience   the audience that {@code aud} must name, if any
 * @param leeway     the clock skew allowed on {@code exp} and {@code nbf}
 * @param requireExp whether a token without {@code exp} is refused
 * @param clock      the clock
 */
record ClaimRules(Optional<String> issuer, Optional<String> audience, Duration leeway, boolean requireExp,
                  Clock clock) {
    /** Far beyond any real date, yet far from overflowing when the leeway is added. */
    private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(Long.MAX_VALUE / 4);

    /**
     * Throws with a short reason when the claims break a rule; else returns when the token stops being accepted
     * ({@code exp} plus the leeway), or empty for a token without {@code exp}.
     */
    Optional<Instant> check(JsonNode claims) throws InvalidTokenException {
        Instant now = clock.instant();
        Optional<Instant> expiry = time(claims, "exp");
        if (expiry.isEmpty() && requireExp) {
            throw new InvalidTokenException("token has no expiry (exp)");
        }
        if (expiry.isPresent() && !now.isBefore(expiry.get().plus(leeway))) {
            throw new InvalidTokenException("token expired");
        }
        Optional<Instant> notBefore = time(claims, "nbf");
        if (notBefore.isPresent() && now.isBefore(notBefore.get().minus(leeway))) {
            throw new InvalidTokenException("token not yet valid");
        }
        if (issuer.isPresent() && !issuer.get().equals(text(claims.get("iss")))) {
            throw new InvalidTokenException("token issuer not accepted");
        }
        if (audience.isPresent() && !names(claims.get("aud"), audience.get())) {
            throw new InvalidTokenException("token audience not accepted");
        }
        return expiry.map(exp -> exp.plus(leeway));
    }

    /** A NumericDate claim (seconds since the epoch, fractions allowed). */
    private static Optional<Instant> time(JsonNode claims, String name) throws InvalidTokenException {
        JsonNode value = claims.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw new InvalidTokenException("malformed token: " + name + " is not a number");
        }
        long millis = value.decimalValue().movePointRight(3).setScale(0, RoundingMode.FLOOR)
                .min(MAX_MILLIS).max(MAX_MILLIS.negate()).longValue();
        return Optional.of(Instant.ofEpochMilli(millis));
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static boolean names(JsonNode aud, String audience) {
        if (aud == null) {
            return false;
        }
        if (aud.isArray()) {
            for (JsonNode item : aud) {
                if (audience.equals(text(item))) {
                    return true;
                }
            }
            return false;
        }
        return audience.equals(text(aud));
    }
}

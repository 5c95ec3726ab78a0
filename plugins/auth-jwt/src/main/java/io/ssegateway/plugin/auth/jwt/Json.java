package io.ssegateway.plugin.auth.jwt;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON reader: refuses duplicate member names (no two readings of one token) and trailing content. */
final class Json {
    /** A thread-safe mapper for JWT headers, claims and JWK Sets. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }
}

package io.ssegateway.plugin.auth.jwt;

import io.ssegateway.plugin.testkit.Registration;
import io.ssegateway.spi.auth.AuthenticatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class JwtRegistrationTest {
    @Test
    void theServiceLoaderFindsTheFactoryAsJwt() {
        Registration.assertRegistered(AuthenticatorFactory.class, "jwt", JwtAuthenticatorFactory.class);
    }
}

package io.ssegateway.plugin.auth.bearer;

import io.ssegateway.plugin.testkit.Registration;
import io.ssegateway.spi.auth.AuthenticatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BearerRegistrationTest {
    @Test
    void theServiceLoaderFindsTheFactoryAsBearer() {
        Registration.assertRegistered(AuthenticatorFactory.class, "bearer", BearerAuthenticatorFactory.class);
    }
}

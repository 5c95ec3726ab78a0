package io.ssegateway.plugin.auth.apikey;

import io.ssegateway.plugin.testkit.Registration;
import io.ssegateway.spi.auth.AuthenticatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ApiKeyRegistrationTest {
    @Test
    void theServiceLoaderFindsTheFactoryAsApiKey() {
        Registration.assertRegistered(AuthenticatorFactory.class, "api-key", ApiKeyAuthenticatorFactory.class);
    }
}

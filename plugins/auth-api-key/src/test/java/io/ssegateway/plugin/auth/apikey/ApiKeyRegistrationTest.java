package io.ssegateway.plugin.auth.apikey;

import io.ssegateway.spi.Spi;
import io.ssegateway.spi.auth.AuthenticatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class ApiKeyRegistrationTest {
    @Test
    void theServiceLoaderFindsTheFactoryAsApiKey() {
        AuthenticatorFactory factory = ServiceLoader.load(AuthenticatorFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("api-key"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no factory named api-key is registered"));
        assertEquals(ApiKeyAuthenticatorFactory.class, factory.getClass());
        assertEquals(Spi.MAJOR, factory.spiVersion());
        assertEquals(Spi.MINOR, factory.spiMinorVersion());
    }
}

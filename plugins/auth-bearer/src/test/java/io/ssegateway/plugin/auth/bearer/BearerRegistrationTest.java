package io.ssegateway.plugin.auth.bearer;

import io.ssegateway.spi.Spi;
import io.ssegateway.spi.auth.AuthenticatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class BearerRegistrationTest {
    @Test
    void theServiceLoaderFindsTheFactoryAsBearer() {
        AuthenticatorFactory factory = ServiceLoader.load(AuthenticatorFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("bearer"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no factory named bearer is registered"));
        assertEquals(BearerAuthenticatorFactory.class, factory.getClass());
        assertEquals(Spi.MAJOR, factory.spiVersion());
        assertEquals(Spi.MINOR, factory.spiMinorVersion());
    }
}

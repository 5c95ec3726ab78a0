package io.ssegateway.plugin.auth.jwt;

import io.ssegateway.spi.Spi;
import io.ssegateway.spi.auth.AuthenticatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class JwtRegistrationTest {
    @Test
    void theServiceLoaderFindsTheFactoryAsJwt() {
        AuthenticatorFactory factory = ServiceLoader.load(AuthenticatorFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("jwt"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no factory named jwt is registered"));
        assertEquals(JwtAuthenticatorFactory.class, factory.getClass());
        assertEquals(Spi.MAJOR, factory.spiVersion());
        assertEquals(Spi.MINOR, factory.spiMinorVersion());
    }
}

package io.ssegateway.gateway.config;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class UpstreamUrlsTest {
    @ParameterizedTest(name = "{0} becomes {1}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:8081          | http://127.0.0.1:8081",
            "https://origin.example         | https://origin.example",
            "http://origin.example/         | http://origin.example",
            "http://origin.example:9000/api/ | http://origin.example:9000/api",
            "HTTP://origin.example/base     | http://origin.example/base",
            "http://[::1]:8081              | http://[::1]:8081"})
    void acceptsHttpAndHttpsBaseUrls(String text, String expected) {
        assertEquals(URI.create(expected), UpstreamUrls.parse(text));
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "htp:/x                      | not an http(s) URL",
            "ftp://origin.example        | not an http(s) URL",
            "origin.example:8081         | not an http(s) URL",
            "/relative                   | not an http(s) URL",
            "'http://a b'                | not an http(s) URL",
            "http:///events              | URL has no host",
            "http:origin                 | URL has no host",
            "http://origin.example/?a=1  | must not have a query or fragment",
            "http://origin.example/#top  | must not have a query or fragment",
            "http://origin.example:0     | port must be 1-65535",
            "http://origin.example:70000 | port must be 1-65535",
            "http://user:pw@origin.example | must not contain credentials (configure them in an auth plugin)"})
    void rejectsWhatIsNotAnHttpBaseUrl(String text, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpstreamUrls.parse(text));
        assertEquals(problem, e.getMessage());
    }

    @Test
    void credentialsAreHiddenWhenTheUrlIsShown() {
        assertEquals("http://***@origin.example/x", UpstreamUrls.shown("http://user:pw@origin.example/x"));
        assertEquals("http://origin.example/x@y", UpstreamUrls.shown("http://origin.example/x@y"));
    }
}

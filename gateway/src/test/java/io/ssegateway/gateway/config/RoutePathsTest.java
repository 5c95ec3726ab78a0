package io.ssegateway.gateway.config;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class RoutePathsTest {
    @ParameterizedTest(name = "{0} becomes {1}")
    @CsvSource(delimiter = '|', value = {
            "/          | /",
            "//         | /",
            "/events    | /events",
            "/events/   | /events",
            "/a//b///   | /a/b",
            "/a.b/c_d-e | /a.b/c_d-e"})
    void normalisesSlashes(String path, String expected) {
        assertEquals(expected, RoutePaths.normalize(path));
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "events     | must start with /",
            "''         | must start with /",
            "/a?b=1     | must not contain ? or #",
            "/a#top     | must not contain ? or #",
            "/a/../b    | must not contain ..",
            "/..        | must not contain ..",
            "'/a b'     | must not contain whitespace"})
    void rejectsUnsafePaths(String path, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoutePaths.normalize(path));
        assertEquals(problem, e.getMessage());
    }
}

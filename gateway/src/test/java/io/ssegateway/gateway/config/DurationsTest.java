package io.ssegateway.gateway.config;

import java.time.Duration;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class DurationsTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "500ms        | PT0.5S",
            "15s          | PT15S",
            "2m           | PT2M",
            "1h           | PT1H",
            "1d           | PT24H",
            "1500         | PT1.5S",
            "0            | PT0S",
            "'15 seconds' | PT15S",
            "1.5s         | PT1.5S",
            "250 millis   | PT0.25S",
            "3 minutes    | PT3M",
            "2 hours      | PT2H",
            "7 days       | PT168H",
            "10us         | PT0.00001S",
            "100ns        | PT0.0000001S",
            "15S          | PT15S",
            "PT15S        | PT15S",
            "pt1m30s      | PT1M30S",
            "P1DT2H       | PT26H",
            "' 5s '       | PT5S"})
    void parsesHoconIsoAndBareMilliseconds(String text, String expected) {
        assertEquals(Duration.parse(expected), Durations.parse(text));
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "soon        | " + Durations.NOT_A_DURATION,
            "15 fortnights | " + Durations.NOT_A_DURATION,
            "''          | " + Durations.NOT_A_DURATION,
            "s           | " + Durations.NOT_A_DURATION,
            "1.5.2s      | " + Durations.NOT_A_DURATION,
            "PT          | " + Durations.NOT_A_DURATION,
            "P1Y         | " + Durations.NOT_A_DURATION,
            "-1s         | must not be negative",
            "PT-5S       | must not be negative",
            "-PT5S       | must not be negative",
            "999999999d  | too large (at most about 292 years)"})
    void rejectsWhatIsNotANonNegativeDuration(String text, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals(problem, e.getMessage());
    }
}

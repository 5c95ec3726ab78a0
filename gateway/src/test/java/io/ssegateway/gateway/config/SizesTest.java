package io.ssegateway.gateway.config;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class SizesTest {
    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource(delimiter = '|', value = {
            "0          | 0",
            "1048576    | 1048576",
            "100b       | 100",
            "100 bytes  | 100",
            "512k       | 524288",
            "512K       | 524288",
            "512Ki      | 524288",
            "512KiB     | 524288",
            "'512 KiB'  | 524288",
            "1m         | 1048576",
            "1M         | 1048576",
            "1MiB       | 1048576",
            "1 mebibyte | 1048576",
            "1g         | 1073741824",
            "1GiB       | 1073741824",
            "2t         | 2199023255552",
            "1.5k       | 1536",
            "0.5m       | 524288"})
    void parsesByteCountsAndBinaryUnits(String text, long expected) {
        assertEquals(expected, Sizes.parse(text));
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "big        | " + Sizes.NOT_A_SIZE,
            "''         | " + Sizes.NOT_A_SIZE,
            "1MB        | " + Sizes.NOT_A_SIZE,
            "1kB        | " + Sizes.NOT_A_SIZE,
            "1 megabyte | " + Sizes.NOT_A_SIZE,
            "k          | " + Sizes.NOT_A_SIZE,
            "-1k        | must not be negative",
            "9999999999t | too large"})
    void rejectsWhatIsNotASize(String text, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
        assertEquals(problem, e.getMessage());
    }
}

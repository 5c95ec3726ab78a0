package io.ssegateway.plugin.transform.jsonenrich;

import io.ssegateway.plugin.testkit.Registration;
import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeStream;
import io.ssegateway.plugin.testkit.TransformChecks;
import io.ssegateway.spi.PluginConfigException;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.EventTransformFactory;
import io.ssegateway.spi.transform.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class JsonEnrichTransformTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678901Z"), ZoneOffset.UTC);
    private static final String NOW = "2026-01-02T03:04:05.678Z";
    private static final FakePluginConfig SOURCE_AND_TIME =
            FakePluginConfig.of("add", Map.of("source", "gateway"), "timestamp-field", "timestamp");

    static Stream<Arguments> enrichedData() {
        return Stream.of(
                Arguments.of("an object gets the fixed field and the time", "{\"a\":1}",
                        "{\"a\":1,\"source\":\"gateway\",\"timestamp\":\"" + NOW + "\"}"),
                Arguments.of("an empty object gets both fields", "{}",
                        "{\"source\":\"gateway\",\"timestamp\":\"" + NOW + "\"}"),
                Arguments.of("an object over several data lines comes out on one line", "{\n  \"a\": [1, 2]\n}",
                        "{\"a\":[1,2],\"source\":\"gateway\",\"timestamp\":\"" + NOW + "\"}"),
                Arguments.of("a field of the same name is replaced", "{\"source\":\"upstream\",\"b\":true}",
                        "{\"source\":\"gateway\",\"b\":true,\"timestamp\":\"" + NOW + "\"}"),
                Arguments.of("numbers keep their exact digits",
                        "{\"price\":0.10,\"big\":123456789012345678901234567890,\"e\":1.5e3,\"n\":-0}",
                        "{\"price\":0.10,\"big\":123456789012345678901234567890,\"e\":1.5E+3,\"n\":0,"
                                + "\"source\":\"gateway\",\"timestamp\":\"" + NOW + "\"}"),
                Arguments.of("escaped text stays valid JSON", "{\"msg\":\"line\\nbreak \\\"q\\\" \\u00e9\"}",
                        "{\"msg\":\"line\\nbreak \\\"q\\\" é\",\"source\":\"gateway\",\"timestamp\":\"" + NOW
                                + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enrichedData")
    void jsonObjectDataIsEnriched(String name, String data, String expected) throws Exception {
        TransformChecks.assertOnlyDataBecomes(transform(SOURCE_AND_TIME), "update", data, expected);
    }

    static Stream<Arguments> untouchedData() {
        return Stream.of(
                Arguments.of("plain text", "hello"),
                Arguments.of("empty data", ""),
                Arguments.of("a JSON array", "[{\"a\":1}]"),
                Arguments.of("a JSON number", "42"),
                Arguments.of("a JSON string", "\"{}\""),
                Arguments.of("broken JSON", "{\"a\":"),
                Arguments.of("an object followed by more text", "{\"a\":1} {\"b\":2}"),
                Arguments.of("an object nested too deep to read", "{\"a\":".repeat(2000) + "1" + "}".repeat(2000)));
    }

    @ParameterizedTest(name = "{0} passes as the same instance")
    @MethodSource("untouchedData")
    void dataThatIsNotOneJsonObjectPassesUnchanged(String name, String data) throws Exception {
        TransformChecks.assertPassesAsTheSameInstance(transform(SOURCE_AND_TIME), SseEvent.of(data));
    }

    @Test
    void anObjectThatAlreadyCarriesEveryFixedFieldPassesAsTheSameInstance() throws Exception {
        SseEvent event = SseEvent.of("{\"source\":\"gateway\", \"a\": 1}");
        List<SseEvent> out = transform(FakePluginConfig.of("add", Map.of("source", "gateway")))
                .apply(event, FakeStream.simple());
        assertSame(event, out.get(0));
    }

    @Test
    void onlyATimestampCanBeAdded() throws Exception {
        List<SseEvent> out = transform(FakePluginConfig.of("timestamp-field", "at"))
                .apply(SseEvent.of("{\"a\":1}"), FakeStream.simple());
        assertEquals("{\"a\":1,\"at\":\"" + NOW + "\"}", out.get(0).data());
    }

    @Test
    void numbersAndBooleansInAddAreAddedAsStrings() throws Exception {
        List<SseEvent> out = transform(FakePluginConfig.of("add", Map.of("version", 2)))
                .apply(SseEvent.of("{}"), FakeStream.simple());
        assertEquals("{\"version\":\"2\"}", out.get(0).data());
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("nothing to add", FakePluginConfig.of(),
                        "routes[0].plugin.add: json-enrich needs fields in add, a timestamp-field, or both"
                                + " (got: nothing)"),
                Arguments.of("an empty add block", FakePluginConfig.of("add", Map.of()),
                        "routes[0].plugin.add: json-enrich needs fields in add, a timestamp-field, or both"
                                + " (got: nothing)"),
                Arguments.of("a blank timestamp field", FakePluginConfig.of("timestamp-field", " "),
                        "routes[0].plugin.timestamp-field: must name a field (got: \" \")"),
                Arguments.of("a timestamp field that add also sets",
                        FakePluginConfig.of("add", Map.of("ts", "x"), "timestamp-field", "ts"),
                        "routes[0].plugin.timestamp-field: is also a field of add; name another field (got: ts)"));
    }

    @ParameterizedTest(name = "{0} is refused at startup")
    @MethodSource("badConfigs")
    void badConfigIsRefusedWithThePath(String name, FakePluginConfig config, String message) {
        PluginConfigException e = assertThrows(PluginConfigException.class,
                () -> new JsonEnrichTransformFactory(CLOCK).create(config));
        assertEquals(message, e.getMessage());
    }

    @Test
    void serviceLoaderFindsTheFactoryByItsTypeName() {
        Registration.assertRegistered(EventTransformFactory.class, "json-enrich", JsonEnrichTransformFactory.class);
    }

    private static EventTransform transform(FakePluginConfig config) {
        return new JsonEnrichTransformFactory(CLOCK).create(config);
    }
}

package io.ssegateway.plugin.transform.filter;

import io.ssegateway.plugin.testkit.Registration;
import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeStream;
import io.ssegateway.plugin.testkit.TransformChecks;
import io.ssegateway.spi.PluginConfigException;
import io.ssegateway.spi.transform.EventTransformFactory;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class FilterTransformTest {
    private static final FakePluginConfig KEEP_UPDATES =
            FakePluginConfig.of("keep-types", List.of("update", "message"));
    private static final FakePluginConfig DROP_PINGS = FakePluginConfig.of("drop-types", List.of("ping"));
    private static final FakePluginConfig KEEP_PROBLEMS =
            FakePluginConfig.of("field", "level", "values", List.of("error", "warn"));
    private static final FakePluginConfig DROP_PROBLEMS =
            FakePluginConfig.of("field", "level", "values", List.of("error", "warn"), "mode", "drop");
    private static final FakePluginConfig KEEP_PROBLEMS_DROP_TEXT =
            FakePluginConfig.of("field", "level", "values", List.of("error"), "non-json", "drop");

    static Stream<Arguments> events() {
        return Stream.of(
                row("keep-types keeps a listed type", KEEP_UPDATES, typed("update", "x"), true),
                row("keep-types drops an unlisted type", KEEP_UPDATES, typed("ping", "x"), false),
                row("keep-types = message keeps events without a type", KEEP_UPDATES, SseEvent.of("x"), true),
                row("an empty event field counts as message", KEEP_UPDATES, typed("", "x"), true),
                row("drop-types drops a listed type", DROP_PINGS, typed("ping", ""), false),
                row("drop-types keeps an unlisted type", DROP_PINGS, typed("update", "x"), true),
                row("drop-types keeps events without a type", DROP_PINGS, SseEvent.of("x"), true),
                row("field keep: a listed value is kept", KEEP_PROBLEMS, SseEvent.of("{\"level\":\"warn\"}"), true),
                row("field keep: another value is dropped", KEEP_PROBLEMS, SseEvent.of("{\"level\":\"info\"}"), false),
                row("field keep: an object without the field is dropped", KEEP_PROBLEMS, SseEvent.of("{}"), false),
                row("field keep: null matches nothing", KEEP_PROBLEMS, SseEvent.of("{\"level\":null}"), false),
                row("field keep: an array value matches nothing", KEEP_PROBLEMS,
                        SseEvent.of("{\"level\":[\"error\"]}"), false),
                row("field keep: a nested field of the same name does not count", KEEP_PROBLEMS,
                        SseEvent.of("{\"x\":{\"level\":\"error\"}}"), false),
                row("field keep: plain text is kept by default", KEEP_PROBLEMS, SseEvent.of("error"), true),
                row("field keep: a JSON array is not an object and is kept by default", KEEP_PROBLEMS,
                        SseEvent.of("[{\"level\":\"info\"}]"), true),
                row("field keep: non-json = drop drops plain text", KEEP_PROBLEMS_DROP_TEXT, SseEvent.of("error"),
                        false),
                row("field keep: non-json = drop still keeps a match", KEEP_PROBLEMS_DROP_TEXT,
                        SseEvent.of("{\"level\":\"error\"}"), true),
                row("field drop: a listed value is dropped", DROP_PROBLEMS, SseEvent.of("{\"level\":\"error\"}"),
                        false),
                row("field drop: another value is kept", DROP_PROBLEMS, SseEvent.of("{\"level\":\"debug\"}"), true),
                row("field drop: an object without the field is kept", DROP_PROBLEMS, SseEvent.of("{\"a\":1}"), true),
                row("field drop: plain text is kept by default", DROP_PROBLEMS, SseEvent.of("warn"), true),
                row("numbers match by their text", FakePluginConfig.of("field", "code", "values", List.of("1", "0.50")),
                        SseEvent.of("{\"code\":0.50}"), true),
                row("booleans match by their text", FakePluginConfig.of("field", "ok", "values", List.of("true")),
                        SseEvent.of("{\"ok\":true}"), true),
                row("a JSON Pointer reaches a nested field",
                        FakePluginConfig.of("field", "/meta/level", "values", List.of("error")),
                        SseEvent.of("{\"meta\":{\"level\":\"error\"}}"), true),
                row("a plain name with a slash is one top-level field",
                        FakePluginConfig.of("field", "a/b", "values", List.of("y")),
                        SseEvent.of("{\"a/b\":\"y\",\"a\":{\"b\":\"n\"}}"), true),
                row("type and field together: both must pass",
                        FakePluginConfig.of("keep-types", List.of("log"), "field", "level", "values",
                                List.of("error")),
                        typed("log", "{\"level\":\"info\"}"), false),
                row("type and field together: an event passing both is kept",
                        FakePluginConfig.of("keep-types", List.of("log"), "field", "level", "values",
                                List.of("error")),
                        typed("log", "{\"level\":\"error\"}"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void keepsTheSameInstanceOrDrops(String name, FakePluginConfig config, SseEvent event, boolean kept)
            throws Exception {
        EventTransform filter = new FilterTransformFactory().create(config);
        if (kept) {
            TransformChecks.assertPassesAsTheSameInstance(filter, event);
        } else {
            assertTrue(filter.apply(event, FakeStream.simple()).isEmpty(), "expected the event to be dropped");
        }
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("no test at all", FakePluginConfig.of(),
                        "routes[0].plugin.keep-types: filter needs keep-types, drop-types or field (got: nothing)"),
                Arguments.of("keep-types and drop-types together",
                        FakePluginConfig.of("keep-types", List.of("a"), "drop-types", List.of("b")),
                        "routes[0].plugin.drop-types: use keep-types or drop-types, not both (got: [b])"),
                Arguments.of("an empty keep-types", FakePluginConfig.of("keep-types", List.of()),
                        "routes[0].plugin.keep-types: must list at least one event type (got: [])"),
                Arguments.of("a field without values", FakePluginConfig.of("field", "level"),
                        "routes[0].plugin.values: must list at least one value of level (got: nothing)"),
                Arguments.of("a mode that is neither keep nor drop",
                        FakePluginConfig.of("field", "level", "values", List.of("x"), "mode", "only"),
                        "routes[0].plugin.mode: must be keep or drop (got: only)"),
                Arguments.of("a non-json policy that is neither keep nor drop",
                        FakePluginConfig.of("field", "level", "values", List.of("x"), "non-json", "pass"),
                        "routes[0].plugin.non-json: must be keep or drop (got: pass)"),
                Arguments.of("values without a field",
                        FakePluginConfig.of("keep-types", List.of("a"), "values", List.of("x")),
                        "routes[0].plugin.values: only used with field (got: no field)"),
                Arguments.of("an empty field", FakePluginConfig.of("field", "", "values", List.of("x")),
                        "routes[0].plugin.field: must name a field (got: \"\")"));
    }

    @ParameterizedTest(name = "{0} is refused at startup")
    @MethodSource("badConfigs")
    void badConfigIsRefusedWithThePath(String name, FakePluginConfig config, String message) {
        PluginConfigException e = assertThrows(PluginConfigException.class,
                () -> new FilterTransformFactory().create(config));
        assertEquals(message, e.getMessage());
    }

    @Test
    void serviceLoaderFindsTheFactoryByItsTypeName() {
        Registration.assertRegistered(EventTransformFactory.class, "filter", FilterTransformFactory.class);
    }

    private static Arguments row(String name, FakePluginConfig config, SseEvent event, boolean kept) {
        return Arguments.of(name, config, event, kept);
    }

    private static SseEvent typed(String type, String data) {
        return SseEvent.of(data).withType(type);
    }
}

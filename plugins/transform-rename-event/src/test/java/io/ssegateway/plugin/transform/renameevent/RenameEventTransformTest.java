package io.ssegateway.plugin.transform.renameevent;

import io.ssegateway.plugin.testkit.Registration;
import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeStream;
import io.ssegateway.spi.PluginConfigException;
import io.ssegateway.spi.transform.EventTransformFactory;
import io.ssegateway.spi.transform.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class RenameEventTransformTest {
    private static final FakePluginConfig PAIR = FakePluginConfig.of("from", "tick", "to", "price");
    private static final FakePluginConfig MAP =
            FakePluginConfig.of("map", Map.of("tick", "price", "message", "update", "old", "tick"));

    /** An event of type "tick" with every other field set, to show they are kept. */
    private static final SseEvent TICK = new SseEvent("42", "tick", "{\"p\":1}", 5000L, List.of("c"));

    static Stream<Arguments> renamed() {
        return Stream.of(
                Arguments.of("from/to renames the type and keeps id, data, retry and comments", PAIR, TICK,
                        new SseEvent("42", "price", "{\"p\":1}", 5000L, List.of("c"))),
                Arguments.of("a map renames each listed type", MAP, SseEvent.of("x").withType("tick"),
                        SseEvent.of("x").withType("price")),
                Arguments.of("a map entry for message renames events without a type", MAP, SseEvent.of("x"),
                        SseEvent.of("x").withType("update")),
                Arguments.of("a map entry for message renames an empty event field", MAP,
                        SseEvent.of("x").withType(""), SseEvent.of("x").withType("update")),
                Arguments.of("renames are not chained: old becomes tick, not price", MAP,
                        SseEvent.of("x").withType("old"), SseEvent.of("x").withType("tick")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renamed")
    void listedTypesAreRenamed(String name, FakePluginConfig config, SseEvent in, SseEvent expected)
            throws Exception {
        List<SseEvent> out = new RenameEventTransformFactory().create(config).apply(in, FakeStream.simple());
        assertEquals(List.of(expected), out);
    }

    static Stream<Arguments> unchanged() {
        return Stream.of(
                Arguments.of("from/to leaves other types alone", PAIR, SseEvent.of("x").withType("news")),
                Arguments.of("from/to leaves untyped events alone", PAIR, SseEvent.of("x")),
                Arguments.of("type matching is case-sensitive", PAIR, SseEvent.of("x").withType("Tick")),
                Arguments.of("a map leaves unlisted types alone", MAP, SseEvent.of("x").withType("price")),
                Arguments.of("a rename to the same type changes nothing",
                        FakePluginConfig.of("from", "a", "to", "a"), SseEvent.of("x").withType("a")),
                Arguments.of("renaming message to message leaves an untyped event untyped",
                        FakePluginConfig.of("from", "message", "to", "message"), SseEvent.of("x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unchanged")
    void otherEventsPassAsTheSameInstance(String name, FakePluginConfig config, SseEvent in) throws Exception {
        List<SseEvent> out = new RenameEventTransformFactory().create(config).apply(in, FakeStream.simple());
        assertEquals(1, out.size());
        assertSame(in, out.get(0));
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("nothing to rename", FakePluginConfig.of(),
                        "routes[0].plugin.from: rename-event needs from and to, or a map (got: nothing)"),
                Arguments.of("from without to", FakePluginConfig.of("from", "a"),
                        "routes[0].plugin.to: required with from (got: nothing)"),
                Arguments.of("to without from", FakePluginConfig.of("to", "b"),
                        "routes[0].plugin.from: required with to (got: nothing)"),
                Arguments.of("from/to and map together",
                        FakePluginConfig.of("from", "a", "to", "b", "map", Map.of("c", "d")),
                        "routes[0].plugin.map: use from/to or map, not both (got: both)"),
                Arguments.of("an empty map", FakePluginConfig.of("map", Map.of()),
                        "routes[0].plugin.map: must rename at least one event type (got: {})"),
                Arguments.of("a target with LF", FakePluginConfig.of("from", "a", "to", "b\ndata: injected"),
                        "routes[0].plugin.to: an event type must not contain CR or LF (got: b\\ndata: injected)"),
                Arguments.of("a target with CR", FakePluginConfig.of("from", "a", "to", "b\r"),
                        "routes[0].plugin.to: an event type must not contain CR or LF (got: b\\r)"),
                Arguments.of("a map target with CR LF", FakePluginConfig.of("map", Map.of("a", "b\r\nid: 9")),
                        "routes[0].plugin.map.a: an event type must not contain CR or LF (got: b\\r\\nid: 9)"),
                Arguments.of("an empty target", FakePluginConfig.of("from", "a", "to", ""),
                        "routes[0].plugin.to: an event type must not be empty (use \"message\" for the default"
                                + " type) (got: \"\")"));
    }

    @ParameterizedTest(name = "{0} is refused at startup")
    @MethodSource("badConfigs")
    void badConfigIsRefusedWithThePath(String name, FakePluginConfig config, String message) {
        PluginConfigException e = assertThrows(PluginConfigException.class,
                () -> new RenameEventTransformFactory().create(config));
        assertEquals(message, e.getMessage());
    }

    @Test
    void serviceLoaderFindsTheFactoryByItsTypeName() {
        Registration.assertRegistered(EventTransformFactory.class, "rename-event", RenameEventTransformFactory.class);
    }
}

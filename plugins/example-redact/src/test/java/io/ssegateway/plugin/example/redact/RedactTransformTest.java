package io.ssegateway.plugin.example.redact;

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

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class RedactTransformTest {
    private static final FakePluginConfig PASSWORD_AND_SSN =
            FakePluginConfig.of("fields", List.of("password", "ssn"));

    static Stream<Arguments> redactedData() {
        return Stream.of(
                Arguments.of("a chosen field's value is replaced", "{\"user\":\"ann\",\"password\":\"hunter2\"}",
                        "{\"user\":\"ann\",\"password\":\"***\"}"),
                Arguments.of("every chosen field is replaced", "{\"ssn\":\"078-05-1120\",\"password\":\"pw\"}",
                        "{\"ssn\":\"***\",\"password\":\"***\"}"),
                Arguments.of("numbers, objects and nulls are replaced too",
                        "{\"ssn\":78051120,\"password\":{\"old\":\"a\"},\"x\":null}",
                        "{\"ssn\":\"***\",\"password\":\"***\",\"x\":null}"),
                Arguments.of("fields in nested objects and arrays are replaced",
                        "{\"users\":[{\"name\":\"ann\",\"password\":\"a\"},{\"name\":\"bob\"}],"
                                + "\"meta\":{\"ssn\":\"1\"}}",
                        "{\"users\":[{\"name\":\"ann\",\"password\":\"***\"},{\"name\":\"bob\"}],"
                                + "\"meta\":{\"ssn\":\"***\"}}"),
                Arguments.of("an array of objects is redacted", "[{\"password\":\"a\"},{\"password\":\"b\"}]",
                        "[{\"password\":\"***\"},{\"password\":\"***\"}]"),
                Arguments.of("data over several lines comes out on one line", "{\n  \"password\": \"a\",\n  \"n\": 1\n}",
                        "{\"password\":\"***\",\"n\":1}"),
                Arguments.of("other numbers keep their exact digits", "{\"price\":0.10,\"password\":\"a\"}",
                        "{\"price\":0.10,\"password\":\"***\"}"),
                Arguments.of("names match exactly, case included", "{\"Password\":\"a\",\"password\":\"b\"}",
                        "{\"Password\":\"a\",\"password\":\"***\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redactedData")
    void chosenFieldsAreRedacted(String name, String data, String expected) throws Exception {
        TransformChecks.assertOnlyDataBecomes(transform(PASSWORD_AND_SSN), "login", data, expected);
    }

    static Stream<Arguments> untouchedData() {
        return Stream.of(
                Arguments.of("plain text that mentions a password", "password=hunter2"),
                Arguments.of("empty data", ""),
                Arguments.of("an object without the fields", "{\"user\":\"ann\",\"n\":1}"),
                Arguments.of("an object whose fields are already redacted", "{\"password\":\"***\",\"ssn\":\"***\"}"),
                Arguments.of("a field name only inside a string value", "{\"msg\":\"\\\"password\\\":\\\"x\\\"\"}"),
                Arguments.of("a JSON string", "\"password\""),
                Arguments.of("a JSON number", "42"),
                Arguments.of("broken JSON", "{\"password\":"),
                Arguments.of("an object followed by more text", "{\"password\":\"a\"} trailing"));
    }

    @ParameterizedTest(name = "{0} passes as the same instance")
    @MethodSource("untouchedData")
    void eventsWithNothingToRedactPassAsTheSameInstance(String name, String data) throws Exception {
        TransformChecks.assertPassesAsTheSameInstance(transform(PASSWORD_AND_SSN), SseEvent.of(data));
    }

    @Test
    void theReplacementCanBeChosen() throws Exception {
        List<SseEvent> out = transform(FakePluginConfig.of("fields", List.of("token"), "replacement", "[hidden]"))
                .apply(SseEvent.of("{\"token\":\"abc\"}"), FakeStream.simple());
        assertEquals("{\"token\":\"[hidden]\"}", out.get(0).data());
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("no fields", FakePluginConfig.of(),
                        "routes[0].plugin.fields: redact needs at least one field name (got: nothing)"),
                Arguments.of("an empty field list", FakePluginConfig.of("fields", List.of()),
                        "routes[0].plugin.fields: redact needs at least one field name (got: nothing)"),
                Arguments.of("a blank field name", FakePluginConfig.of("fields", List.of("password", " ")),
                        "routes[0].plugin.fields: a field name must not be blank (got: [password,  ])"));
    }

    @ParameterizedTest(name = "{0} is refused at startup")
    @MethodSource("badConfigs")
    void badConfigIsRefusedWithThePath(String name, FakePluginConfig config, String message) {
        PluginConfigException e = assertThrows(PluginConfigException.class,
                () -> new RedactTransformFactory().create(config));
        assertEquals(message, e.getMessage());
    }

    @Test
    void serviceLoaderFindsTheFactoryByItsTypeName() {
        Registration.assertRegistered(EventTransformFactory.class, "redact", RedactTransformFactory.class);
    }

    private static EventTransform transform(FakePluginConfig config) {
        return new RedactTransformFactory().create(config);
    }
}

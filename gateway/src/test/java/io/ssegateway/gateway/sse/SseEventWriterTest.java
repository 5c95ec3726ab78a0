package io.ssegateway.gateway.sse;

import io.ssegateway.spi.transform.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(60)
class SseEventWriterTest {
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ParsedEvent parseOne(byte[] block) {
        Recorder r = Recorder.run(Chunks.whole(block), Long.MAX_VALUE);
        assertThat("one block from " + text(block), r.blocks.size(), is(1));
        return r.blocks.getFirst();
    }

    @Test
    void writesCommentsIdTypeRetryAndDataLinesThenABlankLine() {
        SseEvent e = new SseEvent("7", "add", "a\nb", 3000L, List.of("c1", " c2"));
        assertThat(text(SseEventWriter.write(e)),
                   is(":c1\n: c2\nid: 7\nevent: add\nretry: 3000\ndata: a\ndata: b\n\n"));
    }

    @Test
    void writesADataOnlyEvent() {
        assertThat(text(SseEventWriter.write(SseEvent.of("x"))), is("data: x\n\n"));
    }

    @Test
    void writesEmptyDataAsOneEmptyDataLineSoTheEventStillDispatches() {
        assertThat(text(SseEventWriter.write(SseEvent.of(""))), is("data:\n\n"));
        assertThat(parseOne(SseEventWriter.write(SseEvent.of(""))).dispatches(), is(true));
    }

    @Test
    void writesABlockThatDoesNotDispatchWithoutDataLines() {
        SseEvent e = new SseEvent("5", null, "", 10L, List.of("hb"));
        byte[] block = SseEventWriter.write(e, false);
        assertThat(text(block), is(":hb\nid: 5\nretry: 10\n\n"));
        ParsedEvent parsed = parseOne(block);
        assertThat(parsed.dispatches(), is(false));
        assertThat(parsed.event(), is(e));
    }

    @Test
    void refusesDataInABlockThatDoesNotDispatch() {
        assertThrows(IllegalArgumentException.class, () -> SseEventWriter.write(SseEvent.of("x"), false));
    }

    static Stream<Arguments> dataLines() {
        return Stream.of(
                Arguments.of(Shown.text("a\nb"), "data: a\ndata: b\n\n"),
                Arguments.of(Shown.text("a\rb"), "data: a\ndata: b\n\n"),
                Arguments.of(Shown.text("a\r\nb"), "data: a\ndata: b\n\n"),
                Arguments.of(Shown.text("a\n"), "data: a\ndata:\n\n"),
                Arguments.of(Shown.text("\n"), "data:\ndata:\n\n"),
                Arguments.of(Shown.text("a\r\n\r\nb"), "data: a\ndata:\ndata: b\n\n"),
                Arguments.of(Shown.text("a\n\rb"), "data: a\ndata:\ndata: b\n\n"),
                Arguments.of(Shown.text(" x"), "data:  x\n\n"),
                Arguments.of(Shown.text("k: v"), "data: k: v\n\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataLines")
    void splitsDataOnEveryKindOfLineEnd(String data, String expected) {
        assertThat(text(SseEventWriter.write(SseEvent.of(data))), is(expected));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("an id with LF", new SseEvent("1\ndata: x", null, "", null, List.of()), "id"),
                Arguments.of("an id with CR", new SseEvent("1\r", null, "", null, List.of()), "id"),
                Arguments.of("an id with NUL", new SseEvent("1\0", null, "", null, List.of()), "NUL"),
                Arguments.of("a type with LF", new SseEvent(null, "a\n\ndata: evil", "", null, List.of()), "type"),
                Arguments.of("a type with CR", new SseEvent(null, "a\r", "", null, List.of()), "type"),
                Arguments.of("a comment with LF", new SseEvent(null, null, "", null, List.of("x\ndata: y")),
                             "comment"),
                Arguments.of("a negative retry", new SseEvent(null, null, "", -1L, List.of()), "retry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesValuesThatWouldInjectLinesOrThatClientsIgnore(String what, SseEvent event, String mentioned) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SseEventWriter.write(event));
        assertThat(e.getMessage(), containsString(mentioned));
    }

    @Test
    void writesUtf8() {
        assertThat(SseEventWriter.write(SseEvent.of("é€😀")), is("data: é€😀\n\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dataWithCrComesBackWithLf() {
        ParsedEvent parsed = parseOne(SseEventWriter.write(SseEvent.of("a\r\nb\rc")));
        assertThat(parsed.event().data(), is("a\nb\nc"));
    }

    @Test
    void parsingWhatWasWrittenGivesBackTheSameEvent() {
        Random random = new Random(99);
        for (int k = 0; k < 2000; k++) {
            SseEvent e = randomEvent(random);
            ParsedEvent parsed = parseOne(SseEventWriter.write(e));
            assertThat(e.toString(), parsed.event(), is(e));
            assertThat(parsed.dispatches(), is(true));
            SseEvent noData = e.withData("");
            ParsedEvent block = parseOne(SseEventWriter.write(noData, false));
            assertThat(noData.toString(), block.event(), is(noData));
            assertThat(block.dispatches(), is(false));
        }
    }

    private static SseEvent randomEvent(Random random) {
        List<String> comments = new ArrayList<>();
        for (int c = random.nextInt(3); c > 0; c--) {
            comments.add(randomText(random, false));
        }
        String data = randomText(random, true);
        return new SseEvent(random.nextBoolean() ? randomText(random, false).replace("\0", "") : null,
                            random.nextBoolean() ? randomText(random, false) : null,
                            data,
                            random.nextBoolean() ? (long) random.nextInt(Integer.MAX_VALUE) : null,
                            comments);
    }

    private static String randomText(Random random, boolean withLf) {
        String[] pieces = {"a", " ", ":", "data", "é", "😀", "\0", "\t", "id: 1", "\uFEFF"};
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(6); n > 0; n--) {
            out.append(withLf && random.nextInt(5) == 0 ? "\n" : pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }
}

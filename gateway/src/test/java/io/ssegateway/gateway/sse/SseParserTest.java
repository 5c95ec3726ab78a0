package io.ssegateway.gateway.sse;

import io.ssegateway.gateway.testing.ParseVector;
import io.ssegateway.spi.transform.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(60)
class SseParserTest {
    private static final long MAX = 1 << 16;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = (byte) values[k];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static Recorder parse(byte[] input) {
        return Recorder.run(Chunks.whole(input), MAX);
    }

    private static List<String> raws(Recorder r) {
        return r.blocks.stream().map(b -> new String(b.raw(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void aCrlfCutBetweenCrAndLfIsOneLineEnd() {
        Recorder r = new Recorder(MAX);
        r.feed(utf8("data: a\r"));
        r.feed(utf8("\ndata: b\r"));
        r.feed(utf8("\n\r"));
        r.feed(utf8("\n"));
        r.feed(utf8("data: c\n\n"));
        assertThat(r.dispatched(), is(List.of(new ParseVector.Dispatched("message", "a\nb", ""),
                                              new ParseVector.Dispatched("message", "c", ""))));
        assertThat("no empty block from the LF after the blank line's CR", r.blocks.size(), is(2));
        assertThat(raws(r), is(List.of("data: a\r\ndata: b\r\n\r", "data: c\n\n")));
        assertThat(r.readEndedBlock, is(List.of(false, false, true, false, true)));
    }

    @Test
    void aBlankLineOfCrAtTheEndOfAReadDispatchesAtOnce() {
        Recorder r = new Recorder(MAX);
        r.feed(utf8("data: a\r\r"));
        assertThat(r.dispatched(), is(List.of(new ParseVector.Dispatched("message", "a", ""))));
    }

    @Test
    void aCrFollowedByCrInTheNextReadIsTwoLineEnds() {
        Recorder r = new Recorder(MAX);
        r.feed(utf8("data: a\r"));
        r.feed(utf8("\r\n"));
        assertThat(r.dispatched().size(), is(1));
        assertThat(raws(r), is(List.of("data: a\r\r\n")));
    }

    @Test
    void aBomIsStrippedOnlyAtTheStartOfTheStream() {
        byte[] bom = bytes(0xEF, 0xBB, 0xBF);
        assertThat(parse(concat(bom, utf8("data: x\n\n"))).dispatched().size(), is(1));
        assertThat("a second BOM is part of the field name", parse(concat(bom, bom, utf8("data: x\n\n"))).dispatched(),
                   is(empty()));
        Recorder later = parse(concat(utf8("\n"), bom, utf8("data: x\n\n")));
        assertThat("a BOM after the first byte is not stripped", later.dispatched(), is(empty()));
    }

    @Test
    void aBomCutAcrossReadsIsStrippedAndNotPartOfAnyBlock() {
        Recorder r = new Recorder(MAX);
        r.feed(bytes(0xEF));
        r.feed(bytes(0xBB));
        r.feed(concat(bytes(0xBF), utf8("data: x\n\n")));
        assertThat(r.dispatched(), is(List.of(new ParseVector.Dispatched("message", "x", ""))));
        assertThat(raws(r), is(List.of("data: x\n\n")));
    }

    @Test
    void aPartialBomIsKeptAsTheStartOfTheFirstLine() {
        Recorder r = new Recorder(MAX);
        r.feed(bytes(0xEF, 0xBB));
        r.feed(utf8("data: x\n\ndata: y\n\n"));
        assertThat("the first line's field is U+FFFD + data", r.dispatched(),
                   is(List.of(new ParseVector.Dispatched("message", "y", ""))));
        assertThat(r.blocks.getFirst().raw(), is(concat(bytes(0xEF, 0xBB), utf8("data: x\n\n"))));
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("a byte that never starts a sequence", bytes(0xFF), "\uFFFD"),
                Arguments.of("a lone continuation byte", bytes(0x80), "\uFFFD"),
                Arguments.of("an overlong two-byte form", bytes(0xC0, 0xAF), "\uFFFD\uFFFD"),
                Arguments.of("an overlong three-byte form", bytes(0xE0, 0x80, 0x80), "\uFFFD\uFFFD\uFFFD"),
                Arguments.of("an encoded surrogate", bytes(0xED, 0xA0, 0x80), "\uFFFD\uFFFD\uFFFD"),
                Arguments.of("a code point above U+10FFFF", bytes(0xF4, 0x90, 0x80, 0x80),
                             "\uFFFD\uFFFD\uFFFD\uFFFD"),
                Arguments.of("a sequence cut by the line end", bytes(0xE2, 0x82), "\uFFFD"),
                Arguments.of("a four-byte sequence cut short", bytes(0xF0, 0x9F, 0x98), "\uFFFD"),
                Arguments.of("a cut sequence before ASCII", bytes(0xE2, 0x82, 'A'), "\uFFFDA"),
                Arguments.of("bad bytes between good ones", bytes('a', 0xFF, 'b', 0xE2, 0x82, 0xAC), "a\uFFFDb€"),
                Arguments.of("a valid four-byte character", bytes(0xF0, 0x9F, 0x98, 0x80), "😀"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void invalidUtf8BecomesReplacementCharactersHoweverTheInputIsCut(String what, byte[] value, String expected) {
        byte[] input = concat(utf8(":"), value, utf8("\nevent: "), value, utf8("\nid: "), value,
                              utf8("\ndata: "), value, utf8("\n\n"));
        Chunks.all(input, 3, 50).forEach(reads -> {
            Recorder r = Recorder.run(reads, MAX);
            SseEvent e = r.blocks.getFirst().event();
            assertThat(e, is(new SseEvent(expected, expected, expected, null, List.of(expected))));
        });
    }

    static Stream<Arguments> blocks() {
        return Stream.of(
                Arguments.of(Shown.text("data: x\n\n"), true, new SseEvent(null, null, "x", null, List.of())),
                Arguments.of(Shown.text("data\n\n"), true, new SseEvent(null, null, "", null, List.of())),
                Arguments.of(Shown.text("data:\n\n"), true, new SseEvent(null, null, "", null, List.of())),
                Arguments.of(Shown.text("data:\ndata:\n\n"), true, new SseEvent(null, null, "\n", null, List.of())),
                Arguments.of(Shown.text("data: x\n\n\n"), true, new SseEvent(null, null, "x", null, List.of())),
                Arguments.of(Shown.text(": ping\n\n"), false, new SseEvent(null, null, "", null, List.of(" ping"))),
                Arguments.of(Shown.text(":\n\n"), false, new SseEvent(null, null, "", null, List.of(""))),
                Arguments.of(Shown.text("\n"), false, new SseEvent(null, null, "", null, List.of())),
                Arguments.of(Shown.text("id: 5\n\n"), false, new SseEvent("5", null, "", null, List.of())),
                Arguments.of(Shown.text("id\n\n"), false, new SseEvent("", null, "", null, List.of())),
                Arguments.of(Shown.text("id: a\0b\ndata: x\n\n"), true, new SseEvent(null, null, "x", null, List.of())),
                Arguments.of(Shown.text("id: 1\nid: 2\ndata\n\n"), true, new SseEvent("2", null, "", null, List.of())),
                Arguments.of(Shown.text("retry: 10\n\n"), false, new SseEvent(null, null, "", 10L, List.of())),
                Arguments.of(Shown.text("retry: 1a\ndata: x\n\n"), true, new SseEvent(null, null, "x", null, List.of())),
                Arguments.of(Shown.text("retry:\ndata: x\n\n"), true, new SseEvent(null, null, "x", null, List.of())),
                Arguments.of(Shown.text("retry: -1\ndata: x\n\n"), true, new SseEvent(null, null, "x", null, List.of())),
                Arguments.of(Shown.text("retry:  5\ndata: x\n\n"), true, new SseEvent(null, null, "x", null, List.of())),
                Arguments.of(Shown.text("retry: 99999999999999999999\n\n"), false, new SseEvent(null, null, "", null, List.of())),
                Arguments.of(Shown.text("retry: 5\nretry: x\n\n"), false, new SseEvent(null, null, "", 5L, List.of())),
                Arguments.of(Shown.text("event\ndata: x\n\n"), true, new SseEvent(null, "", "x", null, List.of())),
                Arguments.of(Shown.text("event: a\nevent: b\ndata\n\n"), true, new SseEvent(null, "b", "", null, List.of())),
                Arguments.of(Shown.text("DATA: x\n\n"), false, new SseEvent(null, null, "", null, List.of())),
                Arguments.of(Shown.text("data : x\n\n"), false, new SseEvent(null, null, "", null, List.of())),
                Arguments.of(Shown.text(" data: x\n\n"), false, new SseEvent(null, null, "", null, List.of())),
                Arguments.of(Shown.text("data: x\r\n:c1\r\n: c2\r\n\r\n"), true,
                             new SseEvent(null, null, "x", null, List.of("c1", " c2"))),
                Arguments.of(Shown.text("data: a\0b\n\n"), true, new SseEvent(null, null, "a\0b", null, List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void eachBlockIsReportedWithItsFieldsAndWhetherItDispatches(String input, boolean dispatches, SseEvent event) {
        ParsedEvent first = parse(utf8(input)).blocks.getFirst();
        assertThat(first.event(), is(event));
        assertThat(first.dispatches(), is(dispatches));
    }

    @Test
    void theLastEventIdPersistsAndAnUnfinishedBlockDoesNotSetIt() {
        Recorder r = parse(utf8("id: 1\ndata: a\n\nid: 2\n\ndata: b\n\nid\ndata: c\n\nid: 4\n\nid: 9\ndata: d"));
        assertThat(r.blocks.stream().map(ParsedEvent::lastEventId).toList(), is(List.of("1", "2", "2", "", "4")));
        assertThat(r.blocks.get(2).event().id(), is(nullValue()));
        assertThat(r.parser.lastEventId(), is("4"));
    }

    @Test
    void theReconnectionTimeIsTheLastValidRetry() {
        Recorder r = parse(utf8("retry: 100\n\nretry: 200\ndata: x\n\nretry: nope\n\n"));
        assertThat(r.parser.reconnectionTime(), is(200L));
        assertThat(r.blocks.get(2).event().retry(), is(nullValue()));
    }

    @Test
    void eachBlockKeepsItsExactBytes() {
        Recorder r = parse(utf8(":c\n\nid: 1\r\ndata: x\r\n\r\n\nevent: e\rdata: y\r\rdata: unfinished"));
        assertThat(raws(r), is(List.of(":c\n\n", "id: 1\r\ndata: x\r\n\r\n", "\n", "event: e\rdata: y\r\r")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ParsedEvent b : r.blocks) {
            try {
                b.writeRawTo(out);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertThat(b.rawLength(), is(b.raw().length));
        }
        assertThat(out.toString(StandardCharsets.UTF_8), is(String.join("", raws(r))));
    }

    @Test
    void aBlockOfExactlyTheLimitPassesAndOneByteMoreFails() throws IOException {
        byte[] exact = utf8("data: " + "x".repeat(92) + "\n\n");
        assertThat(exact.length, is(100));
        Recorder ok = Recorder.run(Chunks.byteByByte(exact), 100);
        assertThat(ok.dispatched().size(), is(1));

        SseParser parser = new SseParser(100, e -> { });
        byte[] over = utf8("data: " + "x".repeat(93) + "\n\n");
        EventTooLargeException e = assertThrows(EventTooLargeException.class, () -> parser.feed(over));
        assertThat(e.limit(), is(100L));
        assertThat(e.getMessage(), containsString("max-event-size of 100 bytes"));
        assertThrows(IllegalStateException.class, () -> parser.feed(utf8("\n")));
    }

    @Test
    void aLineThatNeverEndsFailsAsSoonAsItPassesTheLimit() throws IOException {
        SseParser parser = new SseParser(1000, e -> { });
        byte[] read = utf8("x".repeat(100));
        for (int k = 0; k < 10; k++) {
            parser.feed(read);
        }
        assertThrows(EventTooLargeException.class, () -> parser.feed(utf8("x")));
    }

    @Test
    void aHugeCommentBlockCountsTowardsTheLimit() {
        SseParser parser = new SseParser(50, e -> { });
        assertThrows(EventTooLargeException.class, () -> parser.feed(utf8(":" + "c".repeat(60) + "\n\n")));
    }

    @Test
    void manySmallEventsMayTogetherExceedTheLimit() {
        byte[] input = utf8("data: 123456789\n\n".repeat(100));
        assertThat(Recorder.run(Chunks.whole(input), 20).dispatched().size(), is(100));
    }

    @Test
    void aBlockThatOnceGrewLargeDoesNotLimitLaterOnes() {
        byte[] input = utf8("data: " + "y".repeat(200_000) + "\n\ndata: small\n\n" + "data: " + "z".repeat(100_000)
                                    + "\n\n");
        Recorder r = Recorder.run(Chunks.random(input, new Random(5), 5000), 300_000);
        assertThat(r.dispatched().stream().map(d -> d.data().length()).toList(), is(List.of(200_000, 5, 100_000)));
    }

    @Test
    void endDiscardsAnUnfinishedBlockAndRefusesMoreInput() throws IOException {
        Recorder r = new Recorder(MAX);
        r.feed(utf8("data: a\n"));
        r.parser.end();
        assertThat(r.blocks, is(empty()));
        assertThrows(IllegalStateException.class, () -> r.parser.feed(utf8("\n")));
    }

    @Test
    void aListenerFailureComesOutOfFeedAndStopsTheParser() {
        SseParser parser = new SseParser(MAX, e -> {
            throw new IOException("client gone");
        });
        IOException e = assertThrows(IOException.class, () -> parser.feed(utf8("data: x\n\n")));
        assertThat(e.getMessage(), is("client gone"));
        assertThrows(IllegalStateException.class, () -> parser.feed(utf8("data: y\n\n")));
    }

    @Test
    void aNonPositiveLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SseParser(0, e -> { }));
    }

    @Test
    void randomStreamsGiveTheSameBlocksHoweverTheyAreCut() {
        for (byte[] input : RandomStreams.make(2024, 300)) {
            Recorder whole = parse(input);
            String name = Arrays.toString(input);
            Chunks.all(input, input.length, 20).forEach(reads -> SseParserVectorTest.assertSameBlocks(
                    name + " " + SseParserVectorTest.describe(reads), Recorder.run(reads, MAX).blocks, whole.blocks));
            assertThat(name, Recorder.run(Chunks.byteByByte(input), MAX).parser.reconnectionTime(),
                       is(whole.parser.reconnectionTime()));
        }
    }

    @Test
    void randomStreamsAreTheirBlocksByteForByte() {
        for (byte[] input : RandomStreams.make(77, 300)) {
            Recorder r = parse(input);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            r.blocks.forEach(b -> joined.writeBytes(b.raw()));
            int from = input.length >= 3 && (input[0] & 0xFF) == 0xEF && (input[1] & 0xFF) == 0xBB
                    && (input[2] & 0xFF) == 0xBF ? 3 : 0;
            assertThat(Arrays.toString(input), joined.toByteArray(),
                       is(Arrays.copyOfRange(input, from, from + joined.size())));
        }
    }
}

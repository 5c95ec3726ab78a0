package io.ssegateway.gateway.upstream;

import io.helidon.common.buffers.DataReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ChunkedBodyReaderTest {
    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("one chunk", "5\r\nhello\r\n0\r\n\r\n", "hello"),
                Arguments.of("several chunks", "3\r\nabc\r\n1\r\nd\r\n2\r\nef\r\n0\r\n\r\n", "abcdef"),
                Arguments.of("upper and lower case hex", "A\r\n0123456789\r\nb\r\n0123456789a\r\n0\r\n\r\n",
                             "01234567890123456789a"),
                Arguments.of("chunk extensions", "3;name=value\r\nabc\r\n2 ; x\r\nde\r\n0;last\r\n\r\n", "abcde"),
                Arguments.of("bare LF line ends", "3\nabc\n2\nde\n0\n\n", "abcde"),
                Arguments.of("trailers after the last chunk are not read", "2\r\nok\r\n0\r\nX-Trailer: 1\r\n\r\n", "ok"),
                Arguments.of("framing bytes inside the data pass as data", "6\r\n1\r\n2\r\n\r\n0\r\n\r\n", "1\r\n2\r\n"),
                Arguments.of("an event stream", "f\r\nid: 1\ndata: a\n\n\r\n10\r\nid: 2\ndata: bc\n\n\r\n0\r\n\r\n",
                             "id: 1\ndata: a\n\nid: 2\ndata: bc\n\n"));
    }

    @ParameterizedTest(name = "{0}, received whole")
    @MethodSource("bodies")
    void decodesABodyReceivedInOnePiece(String name, String wire, String body) throws IOException {
        assertEquals(body, readAll(new ChunkedBodyReader(reader(List.of(wire))), 8192));
    }

    @ParameterizedTest(name = "{0}, received byte by byte")
    @MethodSource("bodies")
    void decodesABodyReceivedByteByByte(String name, String wire, String body) throws IOException {
        List<String> pieces = new ArrayList<>();
        for (char c : wire.toCharArray()) {
            pieces.add(String.valueOf(c));
        }
        assertEquals(body, readAll(new ChunkedBodyReader(reader(pieces)), 8192));
    }

    @ParameterizedTest(name = "{0}, read 3 bytes at a time")
    @MethodSource("bodies")
    void decodesABodyIntoASmallBuffer(String name, String wire, String body) throws IOException {
        assertEquals(body, readAll(new ChunkedBodyReader(reader(List.of(wire))), 3));
    }

    @Test
    void oneReadReturnsEveryChunkAlreadyReceived() throws IOException {
        ChunkedBodyReader body = new ChunkedBodyReader(
                reader(List.of("3\r\nabc\r\n3\r\ndef\r\n", "3\r\nghi\r\n0\r\n\r\n")));
        byte[] buffer = new byte[100];
        assertEquals(6, body.read(buffer, 0, buffer.length));
        assertEquals("abcdef", new String(buffer, 0, 6, StandardCharsets.US_ASCII));
        assertEquals(3, body.read(buffer, 0, buffer.length));
        assertEquals(-1, body.read(buffer, 0, buffer.length));
    }

    @Test
    void availableCountsOnlyChunkBytesAlreadyReceived() throws IOException {
        ChunkedBodyReader body = new ChunkedBodyReader(reader(List.of("3\r\nabc\r\n2\r", "\nde\r\n0\r\n\r\n")));
        assertEquals(0, body.available(), "nothing received yet");
        byte[] buffer = new byte[2];
        assertEquals(2, body.read(buffer, 0, 2));
        assertEquals(1, body.available(), "the rest of the first chunk");
        assertEquals(1, body.read(buffer, 0, 2));
        assertEquals(0, body.available(), "only the next size line, without its LF, is here");
        assertEquals(2, body.read(buffer, 0, 2));
        assertEquals(0, body.available(), "only the last chunk's framing is left");
        assertEquals(-1, body.read(buffer, 0, 2));
    }

    @Test
    void aConnectionThatEndsBeforeTheLastChunkFails() {
        ChunkedBodyReader body = new ChunkedBodyReader(reader(List.of("5\r\nhel")));
        byte[] buffer = new byte[10];
        assertThrows(RuntimeException.class, () -> {
            while (body.read(buffer, 0, buffer.length) >= 0) {
                // read until the end of the connection
            }
        });
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a size that is not hex", "x\r\n"),
                Arguments.of("an empty size line", "\r\n"),
                Arguments.of("an extension without a size", ";ext\r\n"),
                Arguments.of("CR without LF after the size", "3\rX"),
                Arguments.of("more data than the size", "3\r\nabcd\r\n"),
                Arguments.of("no CRLF after the data", "3\r\nabcXY"),
                Arguments.of("a size over 2 GiB", "11111111111111111\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFramingFailsTheReadNotAvailable(String name, String wire) {
        ChunkedBodyReader body = new ChunkedBodyReader(reader(List.of(wire, "0\r\n\r\n")));
        byte[] buffer = new byte[10];
        body.available();
        assertThrows(IOException.class, () -> {
            while (body.read(buffer, 0, buffer.length) >= 0) {
                // read until the framing breaks
            }
        });
        assertEquals(0, body.available());
    }

    @Test
    void aClientsBodyWithExtensionsIsDecodedAndItsErrorsNameTheClient() throws IOException {
        assertEquals("hello", readAll(ChunkedBodyReader.ofClient(reader(List.of("5;a=b\r\nhello\r\n0\r\n\r\n"))), 16));
        IOException e = assertThrows(IOException.class, () -> readAll(ChunkedBodyReader.ofClient(
                reader(List.of("5\nSEVERE: forged\r\n"))), 16));
        assertEquals("client sent more chunk data than the chunk size", e.getMessage(),
                     "a constant message: none of the client's bytes in it");
    }

    @Test
    void aSizeLineLongerThanTheBoundFails() {
        String endless = "1;" + "x".repeat(ChunkedBodyReader.MAX_SIZE_LINE);
        IOException e = assertThrows(IOException.class, () -> readAll(ChunkedBodyReader.ofClient(
                reader(List.of(endless, "\r\na\r\n0\r\n\r\n"))), 16));
        assertEquals("client sent a chunk size line over " + ChunkedBodyReader.MAX_SIZE_LINE + " bytes",
                     e.getMessage());
    }

    @Test
    void aReadNeverReturnsZeroForANonEmptyBuffer() throws IOException {
        ChunkedBodyReader body = new ChunkedBodyReader(
                reader(List.of("1\r\na", "\r\n", "1\r\n", "b\r\n", "0\r\n\r\n")));
        byte[] buffer = new byte[10];
        int n;
        StringBuilder seen = new StringBuilder();
        while ((n = body.read(buffer, 0, buffer.length)) != -1) {
            assertTrue(n > 0);
            seen.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        }
        assertEquals("ab", seen.toString());
    }

    private static String readAll(ChunkedBodyReader body, int bufferSize) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[bufferSize];
        int n;
        while ((n = body.read(buffer, 0, buffer.length)) != -1) {
            assertTrue(n > 0, "a read returned 0");
            all.write(buffer, 0, n);
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** A reader that receives these pieces, one per socket read, then the end of the connection. */
    private static DataReader reader(List<String> pieces) {
        Deque<byte[]> left = new ArrayDeque<>();
        pieces.forEach(p -> left.add(p.getBytes(StandardCharsets.UTF_8)));
        return DataReader.create(left::poll);
    }
}

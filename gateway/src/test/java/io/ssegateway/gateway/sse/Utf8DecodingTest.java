package io.ssegateway.gateway.sse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class Utf8DecodingTest {
    private static final String A40 = "a".repeat(40);
    private static final String B20 = "b".repeat(20);

    static Stream<Arguments> mixed() {
        return Stream.of(
                Arguments.of("a long ASCII run, a bad byte, another run", bytes(A40, 0xFF, B20), A40 + "\uFFFD" + B20),
                Arguments.of("a short run before a two-byte letter", bytes("ab", 0xC3, 0xA9, B20), "abé" + B20),
                Arguments.of("a truncated sequence between long runs", bytes(A40, 0xE2, 0x82, B20), A40 + "\uFFFD" + B20),
                Arguments.of("a truncated sequence at the end", bytes(A40, 0xF0, 0x9F, 0x98), A40 + "\uFFFD"),
                Arguments.of("a four-byte letter after a long run", bytes(A40, 0xF0, 0x9F, 0x98, 0x80), A40 + "😀"),
                Arguments.of("only a short ASCII run", bytes("data"), "data"),
                Arguments.of("nothing", bytes(), ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mixed")
    void decodesLongAsciiRunsAndBadSequencesAsTheStandardSays(String name, byte[] input, String expected) {
        StringBuilder out = new StringBuilder();
        Utf8Decoding.decode(input, 0, input.length, out);
        assertEquals(expected, out.toString());
    }

    @Test
    void decodesValidTextLikeTheJdkWhateverTheMixOfRunLengths() {
        Random random = new Random(42);
        String[] pieces = {"x", "é", "€", "😀", "ascii run of some length ", "a".repeat(15), "b".repeat(16), "c".repeat(17)};
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] input = ("pre" + text).getBytes(StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder();
            Utf8Decoding.decode(input, 3, input.length - 3, out);
            assertEquals(text.toString(), out.toString());
        }
    }

    @Test
    void aStringDecodesExactlyAsTheStandardSaysEvenWhereTheJdksDecoderReplacesBadBytesDifferently() {
        Random random = new Random(7);
        byte[] alphabet = {'a', 'z', (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC3, (byte) 0xA9, (byte) 0xE0,
            (byte) 0xED, (byte) 0xA0, (byte) 0xEF, (byte) 0xBB, (byte) 0xBD, (byte) 0xF0, (byte) 0x90, (byte) 0xF4,
            (byte) 0x8F, (byte) 0xF5, (byte) 0xFF};
        StringBuilder scratch = new StringBuilder();
        int differs = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] input = new byte[1 + random.nextInt(12)];
            for (int k = 0; k < input.length; k++) {
                input[k] = alphabet[random.nextInt(alphabet.length)];
            }
            StringBuilder expected = new StringBuilder();
            Utf8Decoding.decode(input, 0, input.length, expected);
            assertEquals(expected.toString(), Utf8Decoding.string(input, 0, input.length, scratch));
            if (!expected.toString().equals(new String(input, StandardCharsets.UTF_8))) {
                differs++;
            }
        }
        // the JDK alone would not do: for some of these inputs it gives another number of U+FFFD
        assertTrue(differs > 0, "no input where the JDK's decoding differs from the standard's");
    }

    @Test
    void aStringOfValidTextOrALiteralReplacementCharacterIsTheTextItself() {
        StringBuilder scratch = new StringBuilder();
        for (String text : new String[] {"", "plain ascii", "caf\u00e9 \u20ac \ud83d\ude00", "\uFFFD literal", A40 + "\uFFFD"}) {
            byte[] input = ("x" + text + "y").getBytes(StandardCharsets.UTF_8);
            assertEquals(text, Utf8Decoding.string(input, 1, input.length - 2, scratch));
        }
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}

package dev.ticktape.adapters.ndjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void acceptsAsciiAndMultiByteCharacters() {
        byte[] b = "plain é € 𝄞 中".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.isValid(b, 0, b.length)).isTrue();
    }

    @Test
    void rejectsMalformedSequences() {
        assertThat(valid(0xC3, 0x28)).isFalse(); // bad continuation
        assertThat(valid(0x80)).isFalse(); // lone continuation
        assertThat(valid(0xC0, 0xAF)).isFalse(); // overlong '/'
        assertThat(valid(0xE0, 0x80, 0xAF)).isFalse(); // overlong
        assertThat(valid(0xED, 0xA0, 0x80)).isFalse(); // surrogate
        assertThat(valid(0xF4, 0x90, 0x80, 0x80)).isFalse(); // above U+10FFFF
        assertThat(valid(0xE2, 0x82)).isFalse(); // truncated
        assertThat(valid(0xFF)).isFalse();
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[1 + random.nextInt(6)];
            for (int k = 0; k < b.length; k++) {
                // Bias towards the interesting range: lead and continuation bytes.
                b[k] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(0x100));
            }
            assertThat(Utf8.isValid(b, 0, b.length)).as("bytes %s", hex(b)).isEqualTo(jdkValid(b));
        }
    }

    private static boolean valid(int... bytes) {
        byte[] b = new byte[bytes.length + 2];
        b[0] = 'a'; // also checks offsets are honoured
        for (int i = 0; i < bytes.length; i++) b[i + 1] = (byte) bytes[i];
        return Utf8.isValid(b, 1, bytes.length);
    }

    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x ", x & 0xFF));
        return sb.toString();
    }
}

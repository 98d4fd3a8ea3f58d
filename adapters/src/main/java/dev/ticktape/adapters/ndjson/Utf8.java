package dev.ticktape.adapters.ndjson;

/**
 * Strict UTF-8 validation (RFC 3629): rejects stray continuation bytes, truncated sequences, overlong forms,
 * UTF-16 surrogates and code points above U+10FFFF. Checked before JSON parsing so that every malformed line is
 * classified {@code invalid_utf8} regardless of where the bad byte sits (inside a string, a key, or whitespace).
 */
final class Utf8 {
    private Utf8() {}

    static boolean isValid(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int b = buf[i];
            if (b >= 0) { // ASCII: by far the common case
                i++;
                continue;
            }
            b &= 0xFF;
            int need;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                if (b == 0xE0) min2 = 0xA0; // overlong
                if (b == 0xED) max2 = 0x9F; // surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                if (b == 0xF0) min2 = 0x90; // overlong
                if (b == 0xF4) max2 = 0x8F; // above U+10FFFF
            } else {
                return false; // continuation byte as lead, C0/C1 overlong leads, F5..FF
            }
            if (end - i <= need) return false;
            int b2 = buf[i + 1] & 0xFF;
            if (b2 < min2 || b2 > max2) return false;
            for (int k = 2; k <= need; k++) {
                if ((buf[i + k] & 0xC0) != 0x80) return false;
            }
            i += need + 1;
        }
        return true;
    }
}

package io.aeredis.scripting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one encoding between Redis byte strings and JS strings (see README "Conversions"): a
 * byte becomes the char with the same code (ISO-8859-1), so any value round-trips unchanged;
 * a JS string whose chars all fit in a byte goes back the same way, and one holding a char
 * above U+00FF (only an escape like "\u20ac" or String.fromCharCode can make one, since
 * script sources are read byte per char too) is sent as its UTF-8 encoding.
 */
public final class ByteStrings {
    private ByteStrings() {}

    /** Redis bytes to a JS string: one char per byte. */
    public static String toJs(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A JS string to Redis bytes: ISO-8859-1 when every char fits in a byte, else UTF-8. */
    public static byte[] fromJs(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) > 0xff) return s.getBytes(StandardCharsets.UTF_8);
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** sha1hex (eval.c): the SHA1 of the bytes in lower-case hex, 40 chars. */
    public static String sha1hex(byte[] b) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from this JDK", e);
        }
        byte[] d = md.digest(b);
        char[] out = new char[40];
        for (int i = 0; i < 20; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(out);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}

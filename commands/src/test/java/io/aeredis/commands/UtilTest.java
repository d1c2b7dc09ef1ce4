package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UtilTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void string2llAcceptsOnlyCanonicalIntegers() {
        for (String s : new String[] {"0", "1", "-1", "9223372036854775807", "-9223372036854775808", "123", "-45"}) {
            assertTrue(Util.isLongLong(b(s)), s);
            assertEquals(Long.parseLong(s), Util.string2ll(b(s)), s);
        }
        for (String s : new String[] {"", "-", "-0", "+1", "01", "00", " 1", "1 ", "1.0", "1e3", "9223372036854775808",
                "-9223372036854775809", "18446744073709551616", "99999999999999999999", "123456789012345678901", "1\u00002", "abc"}) {
            assertFalse(Util.isLongLong(b(s)), s);
        }
    }

    @Test
    void ll2bytesPrintsBase10() {
        for (long v : new long[] {0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, 1234567890123L}) {
            assertArrayEquals(b(Long.toString(v)), Util.ll2bytes(v));
            assertEquals(Long.toString(v).length(), Util.digits10(v));
        }
    }

    @Test
    void strcasecmpStopsAtNulLikeC() {
        assertTrue(Util.strcasecmp(b("nX"), "nx"));
        assertTrue(Util.strcasecmp(b("nx\u0000junk"), "NX"));
        assertFalse(Util.strcasecmp(b("nxx"), "nx"));
        assertFalse(Util.strcasecmp(b("n"), "nx"));
    }

    @Test
    void scanCursorFollowsStrtoul() {
        assertTrue(Util.isValidScanCursor(b("")));
        assertEquals(0, Util.strtoul(b("")));
        assertTrue(Util.isValidScanCursor(b("-1")));
        assertEquals(-1L, Util.strtoul(b("-1")));
        assertTrue(Util.isValidScanCursor(b("18446744073709551615")));
        assertEquals(-1L, Util.strtoul(b("18446744073709551615")));
        assertTrue(Util.isValidScanCursor(b("+3")));
        assertTrue(Util.isValidScanCursor(b("1\u0000x")));
        assertEquals(1, Util.strtoul(b("1\u0000x")));
        assertFalse(Util.isValidScanCursor(b("18446744073709551616")));
        assertFalse(Util.isValidScanCursor(b(" 1")));
        assertFalse(Util.isValidScanCursor(b("3x")));
        assertFalse(Util.isValidScanCursor(b("-")));
    }
}

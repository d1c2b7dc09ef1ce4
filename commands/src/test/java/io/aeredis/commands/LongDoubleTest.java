package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected strings are INCRBYFLOAT replies of redis-server 7.0.15 on x86-64. */
class LongDoubleTest {
    private static LongDouble p(String s) {
        return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String sum(String a, String b) {
        LongDouble x = p(a);
        LongDouble y = p(b);
        assertNotNull(x, a);
        assertNotNull(y, b);
        return x.add(y).toHumanString();
    }

    @Test
    void addsWithExtendedPrecisionLikeX87() {
        assertEquals("10.6", sum("10.5", "0.1"));
        assertEquals("0.3", sum("0.1", "0.2"));
        assertEquals("3.3", sum("1.1", "2.2"));
        assertEquals("6.6", sum("3.3", "3.3"));
        assertEquals("5200", sum("5.0e3", "2.0e2"));
        assertEquals("3000.00150000000000006", sum("3.0e3", "1.5e-3"));
        assertEquals("-1.5", sum("3000.00150000000000006", "-3001.5015"));
        assertEquals("2.5", sum("0", "2.50"));
        assertEquals("9007199254740994", sum("9007199254740993", "1"));
        assertEquals("18446744073709551616", sum("18446744073709551615", "1"));
        assertEquals("123456789012345678.5", sum("123456789012345678", "0.5"));
        assertEquals("1.23456789012345679", sum("0", "1.23456789012345678901234567890"));
    }

    @Test
    void printsSeventeenDecimalsRoundedHalfEven() {
        // 2^-18 has 18 decimals ending in 5: an exact tie, rounded to the even digit.
        assertEquals("0.00000381469726562", sum("0", "0.000003814697265625"));
        assertEquals("-0.00000000000000002", sum("-0.000000000000000015", "0"));
        // Negative values that print as -0 become 0.
        assertEquals("0", sum("-1e-20", "0"));
        assertEquals("0", sum("-0.000000000000000005", "0"));
        assertEquals("0", sum("1", "-1"));
        assertEquals("1", sum("1.000000000000000000001", "0"));
    }

    @Test
    void acceptsWhatStrtoldAccepts() {
        assertEquals("17", sum("1", "0x10"));
        assertEquals("0.425", sum("0.3", "0x1p-3"));
        assertEquals("0.925", sum("0.425", ".5"));
        assertEquals("5.925", sum("0.925", "5."));
        assertEquals("10.925", sum("5.925", "+5"));
        assertEquals("17", sum("17", "0e-5000"));
        // A subnormal is fine (strtold's ERANGE with a non-zero value).
        assertEquals("17", sum("17", "1e-4940"));
        assertEquals("0", sum("3.6451995318824746025e-4951", "0"));
        assertTrue(p("inf").isInfinite());
        assertTrue(p("-Infinity").isInfinite());
        assertTrue(p("INF").isInfinite());
    }

    @Test
    void rejectsWhatString2ldRejects() {
        for (String s : new String[] {"", " 1", "1 ", "nan", "NaN", "-nan", "1e", "0x", "abc", "1.5\u0000abc", "infinit", "1e5000",
                "1e-5000", "1.19e4932", "--1", "+", ".", "e5", "0x1p", "1,5"}) {
            assertNull(p(s), "should reject '" + s + "'");
        }
        assertNull(p("1".repeat(LongDouble.MAX_LONG_DOUBLE_CHARS)));
        assertNotNull(p("1".repeat(LongDouble.MAX_LONG_DOUBLE_CHARS - 1 - 4000) + "e-3000"));
    }

    @Test
    void overflowingSumIsInfinite() {
        LongDouble max = p("1.18973149535723176502e+4932");
        assertNotNull(max);
        assertTrue(max.add(max).isInfinite());
        assertNull(p("inf").add(p("-inf")), "inf + -inf is NaN");
    }

    private static List<String[]> cases(String resource) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = LongDoubleTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                out.add(line.split("\t"));
            }
        }
        return out;
    }

    @Test
    void matchesRedisOnRandomOperands() throws IOException {
        List<String[]> cases = cases("incrbyfloat-cases.txt");
        assertTrue(cases.size() > 500);
        for (String[] c : cases) {
            assertEquals(c[2], sum(c[0], c[1]), "INCRBYFLOAT of " + c[0] + " by " + c[1]);
        }
    }

    @Test
    void matchesRedisOnHugeValues() throws IOException {
        List<String[]> cases = cases("incrbyfloat-big.txt");
        assertEquals(4, cases.size());
        for (String[] c : cases) {
            assertEquals(c[2], sum(c[0], c[1]), "INCRBYFLOAT of " + c[0] + " by " + c[1]);
        }
    }
}

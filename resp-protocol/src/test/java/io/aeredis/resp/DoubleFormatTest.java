package io.aeredis.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DoubleFormatTest {
    private static void g17(String expected, double d) {
        assertEquals(expected, DoubleFormat.formatG(d, 17), "%.17g of " + d);
    }

    @Test
    void formatsLikeGlibcPercent17g() {
        g17("1.5", 1.5);
        g17("0.10000000000000001", 0.1);
        g17("1e+20", 1e20);
        g17("1.2345678901234568e+17", 123456789012345678.0);
        g17("3", 3.0);
        g17("-3", -3.0);
        g17("-0", -0.0);
        g17("0", 0.0);
        g17("1.0000000000000001e-05", 1e-5);
        g17("0.0001", 0.0001);
        g17("0.33333333333333331", 1 / 3.0);
        g17("2.5e-300", 2.5e-300);
        g17("4.9406564584124654e-324", Double.MIN_VALUE);
        g17("1.7976931348623157e+308", Double.MAX_VALUE);
        g17("inf", Double.POSITIVE_INFINITY);
        g17("-inf", Double.NEGATIVE_INFINITY);
        g17("nan", Double.NaN);
        g17("3.1400000000000001", 3.14);
        g17("-2.5", -2.5);
        g17("10.5", 10.5);
        g17("10000000000000000", 1e16);
        g17("12345678901234568", 12345678901234568.0);
        g17("1e+17", 1e17);
        g17("9007199254740992", 9007199254740992.0);
        g17("0.00012344999999999999", 0.00012345);
        g17("1.2345e-05", 0.000012345);
        g17("9.9900000000000002", 9.99);
        g17("0.14999999999999999", 0.15);
        g17("100", 100.0);
        g17("1.0000000000000002", 1.0000000000000002);
    }

    @Test
    void otherPrecisionsRoundHalfEvenOnTheExactValue() {
        assertEquals("2", DoubleFormat.formatG(2.5, 1));   // exact tie: to even
        assertEquals("4", DoubleFormat.formatG(3.5, 1));
        assertEquals("0.1", DoubleFormat.formatG(0.15, 1)); // 0.1499999... below the tie
        assertEquals("1e+02", DoubleFormat.formatG(100.0, 1));
        assertEquals("1.2e+02", DoubleFormat.formatG(123.0, 2));
        assertEquals("123457", DoubleFormat.formatG(123456.7, 6));
        assertEquals("1.23457e+06", DoubleFormat.formatG(1234567.0, 6));
        assertEquals("1e+01", DoubleFormat.formatG(9.99, 1)); // rounding carries into the exponent
        assertEquals("0.0001", DoubleFormat.formatG(0.0001, 6));
        assertEquals("1e-05", DoubleFormat.formatG(0.00001, 6));
        assertEquals("1", DoubleFormat.formatG(1.0, 0));
        // Exact binary ties and carries (the long-arithmetic path).
        assertEquals("0.12", DoubleFormat.formatG(0.125, 2));
        assertEquals("0.38", DoubleFormat.formatG(0.375, 2));
        assertEquals("100", DoubleFormat.formatG(99.99, 3));
        assertEquals("1", DoubleFormat.formatG(0.99999, 2));
        assertEquals("-2", DoubleFormat.formatG(-1.5, 1));
        assertEquals("2.67", DoubleFormat.formatG(2.675, 3)); // 2.67499999... in binary
        assertEquals("1234.5678", DoubleFormat.formatG(1234.5678, 17));
        assertEquals("-0.0078125", DoubleFormat.formatG(-0.0078125, 17));
    }

    /**
     * The byte form (addReplyDouble's allocation-free path, with its scratch reused across calls)
     * against an independent reference: the exact value rounded half-even by BigDecimal, laid out
     * by %g's rules, for random doubles of every magnitude and sign at several precisions.
     */
    @Test
    void byteFormMatchesAnExactReferenceOnRandomDoubles() {
        java.util.Random rnd = new java.util.Random(20261122);
        for (int precision : new int[] {1, 6, 15, 17}) {
            byte[] out = new byte[precision + 8];
            byte[] scratch = new byte[DoubleFormat.scratchSize(precision)];
            for (int i = 0; i < 20_000; i++) {
                double d = switch (i % 4) {
                    case 0 -> Double.longBitsToDouble(rnd.nextLong());                 // any magnitude
                    case 1 -> (rnd.nextInt(2_000_000) - 1_000_000) / 1000.0;           // scores like 12.345
                    case 2 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20);    // 1e-20 .. 1e20
                    default -> (double) (rnd.nextLong() >> rnd.nextInt(64));           // integers
                };
                if (Double.isNaN(d) || Double.isInfinite(d)) continue;
                int n = DoubleFormat.formatG(d, precision, out, scratch);
                String got = new String(out, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertEquals(reference(d, precision), got, "%." + precision + "g of " + d);
            }
        }
    }

    private static String reference(double d, int p) {
        if (d == 0) return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        java.math.BigDecimal r = new java.math.BigDecimal(d).round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().abs().toString();
        int x = digits.length() - 1 - r.scale();
        digits = digits.replaceAll("0+$", "");
        if (digits.isEmpty()) digits = "0";
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        if (x >= -4 && x < p) {
            java.math.BigDecimal plain = new java.math.BigDecimal(new java.math.BigInteger(digits), digits.length() - 1 - x);
            String s = plain.toPlainString();
            if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            sb.append(s);
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
            sb.append('e').append(x < 0 ? '-' : '+');
            if (Math.abs(x) < 10) sb.append('0');
            sb.append(Math.abs(x));
        }
        return sb.toString();
    }
}

package io.aeredis.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C's {@code printf("%.<p>g", d)} as glibc prints it, which is what Redis uses for doubles
 * ({@code "%.17g"} in addReplyDouble, {@code "%.17g"} in d2string...).
 *
 * <p>glibc prints the exact binary value of the double rounded to nearest (ties to even) at
 * {@code p} significant digits; {@code new BigDecimal(double)} is exact, so rounding it with
 * {@link RoundingMode#HALF_EVEN} gives the same digits. Then %g picks the notation: with X the
 * decimal exponent of the rounded value, fixed notation when {@code -4 <= X < p}, else
 * {@code d.ddde±XX}; trailing zeros (and a trailing '.') are removed since there is no '#' flag.
 *
 * <p>Fast paths, giving the same digits: integral values below 10^p print as the long; values
 * {@code m * 2^e} with {@code -59 <= e < 0} (roughly 0.008 to 2^53 non-integral: typical
 * scores) get their exact digits with long arithmetic. Others go through BigDecimal.
 */
public final class DoubleFormat {
    private DoubleFormat() {}

    private static final long[] POW10 = new long[19];
    static {
        long v = 1;
        for (int i = 0; i < POW10.length; i++) { POW10[i] = v; v *= 10; }
    }

    /** {@code "%.17g"}: the precision Redis uses to reply doubles (round-trips every double). */
    public static String formatG17(double d) {
        return formatG(d, 17);
    }

    /** {@code "%.<precision>g"} of {@code d}, exactly as glibc's printf. */
    public static String formatG(double d, int precision) {
        if (precision == 0) precision = 1;
        if (precision < 0) precision = 6;
        byte[] out = new byte[precision + 8];
        int n = formatG(d, precision, out, new byte[scratchSize(precision)]);
        return new String(out, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** How big the {@code scratch} of {@link #formatG(double, int, byte[], byte[])} must be. */
    public static int scratchSize(int precision) {
        return Math.max(precision, 20) + 22;
    }

    /**
     * {@code "%.<precision>g"} of {@code d} as ASCII into {@code out} (at least
     * {@code precision + 8} bytes: the longest %g text), returning its length. With a
     * {@code scratch} of {@link #scratchSize} bytes it allocates nothing for infinities, NaN,
     * integral values and the typical scores of the long-arithmetic fast path: this is
     * addReplyDouble's hot path.
     */
    public static int formatG(double d, int precision, byte[] out, byte[] scratch) {
        if (precision == 0) precision = 1; // C: a precision of 0 is taken as 1 for %g
        if (precision < 0) precision = 6;  // C: a negative precision is as if omitted
        if (Double.isNaN(d)) {
            // glibc prints the sign bit of a NaN too.
            return ascii((Double.doubleToRawLongBits(d) < 0) ? "-nan" : "nan", out);
        }
        if (Double.isInfinite(d)) return ascii(d > 0 ? "inf" : "-inf", out);
        if (d == 0) return ascii((Double.doubleToRawLongBits(d) < 0) ? "-0" : "0", out);

        // Fast path: an integral value with at most 'precision' digits prints as the integer
        // (X < p, so fixed notation, and no digit is rounded away).
        if (precision <= 18 && d == Math.rint(d) && Math.abs(d) < POW10[precision]) {
            return longToAscii((long) d, out);
        }

        byte[] digits = scratch;
        int exp = binaryFractionDigits(d, precision, digits);
        int nd;
        if (exp != NO_FAST_PATH) {
            nd = precision;
        } else {
            BigDecimal r = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
            String s = r.unscaledValue().abs().toString();
            exp = s.length() - 1 - r.scale(); // X: decimal exponent of the rounded value
            nd = s.length();
            if (nd > digits.length) digits = new byte[nd];
            for (int i = 0; i < nd; i++) digits[i] = (byte) s.charAt(i);
        }
        // Trailing zeros never print (no '#' flag).
        while (nd > 1 && digits[nd - 1] == '0') nd--;
        return layout(d < 0, digits, nd, exp, precision, out);
    }

    private static int ascii(String s, byte[] out) {
        for (int i = 0; i < s.length(); i++) out[i] = (byte) s.charAt(i);
        return s.length();
    }

    /** Long.toString into {@code out} without the String. */
    private static int longToAscii(long v, byte[] out) {
        int p = 0;
        if (v < 0) {
            out[p++] = '-';
            v = -v; // |v| < 10^18 here, so no overflow
        }
        int len = 1;
        for (long t = v; t >= 10; t /= 10) len++;
        for (int i = p + len - 1; i >= p; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return p + len;
    }

    private static final int NO_FAST_PATH = Integer.MIN_VALUE;

    /**
     * Exact digits with long arithmetic for |d| = m * 2^e with -59 <= e < 0 (so the fraction
     * times 10 fits in a long): writes {@code precision} significant digits, rounded half-even
     * on the exact value, into {@code out} and returns the decimal exponent X; or NO_FAST_PATH.
     */
    private static int binaryFractionDigits(double d, int precision, byte[] out) {
        long bits = Double.doubleToRawLongBits(d) & Long.MAX_VALUE;
        int be = (int) (bits >>> 52);
        if (be == 0) return NO_FAST_PATH; // subnormal: far below the range
        long m = (bits & ((1L << 52) - 1)) | (1L << 52);
        int shift = 1075 - be; // |d| = m / 2^shift
        if (shift <= 0 || shift > 59) return NO_FAST_PATH;
        long ip = m >>> shift;
        long frac = m & ((1L << shift) - 1);

        // All digits of the integer part (at most 16, kept reversed in the last 20 bytes of
        // out, past the precision + 1 digits written at its start), then fraction digits on demand.
        int base = out.length - 20;
        int ni = 0;
        for (long v = ip; v != 0; v /= 10) out[base + ni++] = (byte) ('0' + v % 10);
        int n = 0;      // significant digits written
        int exp;
        int leadingZeros = 0;
        for (int i = ni - 1; i >= 0 && n < precision + 1; i--) out[n++] = out[base + i];
        boolean sticky = false;
        if (ni > 0) {
            exp = ni - 1;
            // Integer digits beyond precision+1 make the rest sticky.
            for (int i = ni - 1 - n; i >= 0; i--) if (out[base + i] != '0') sticky = true;
        } else {
            // Skip the fraction's leading zeros: they are not significant.
            while (true) {
                frac *= 10;
                int dgt = (int) (frac >>> shift);
                frac &= (1L << shift) - 1;
                if (dgt != 0) { out[n++] = (byte) ('0' + dgt); break; }
                leadingZeros++;
            }
            exp = -leadingZeros - 1;
        }
        while (n < precision + 1) {
            frac *= 10;
            out[n++] = (byte) ('0' + (frac >>> shift));
            frac &= (1L << shift) - 1;
        }
        if (frac != 0) sticky = true;

        // Round to 'precision' digits, half to even on the exact value.
        int rd = out[precision] - '0';
        boolean up = rd > 5 || (rd == 5 && (sticky || ((out[precision - 1] - '0') & 1) == 1));
        if (up) {
            int i = precision - 1;
            while (i >= 0 && out[i] == '9') out[i--] = '0';
            if (i >= 0) {
                out[i]++;
            } else {
                // 99..9 became 100..0: one more integer digit.
                out[0] = '1';
                exp++;
            }
        }
        return exp;
    }

    /** %g's choice between fixed and exponent notation, for digits[0..nd) with exponent X. */
    private static int layout(boolean negative, byte[] digits, int nd, int exp, int precision, byte[] out) {
        int p = 0;
        if (negative) out[p++] = '-';
        if (exp >= -4 && exp < precision) {
            if (exp >= 0) {
                // Integer part: exp+1 digits (padding with zeros the digits stripped above).
                for (int i = 0; i <= exp; i++) out[p++] = i < nd ? digits[i] : (byte) '0';
                if (nd > exp + 1) {
                    out[p++] = '.';
                    for (int i = exp + 1; i < nd; i++) out[p++] = digits[i];
                }
            } else {
                out[p++] = '0';
                out[p++] = '.';
                for (int i = 0; i < -exp - 1; i++) out[p++] = '0';
                for (int i = 0; i < nd; i++) out[p++] = digits[i];
            }
        } else {
            out[p++] = digits[0];
            if (nd > 1) {
                out[p++] = '.';
                for (int i = 1; i < nd; i++) out[p++] = digits[i];
            }
            out[p++] = 'e';
            out[p++] = (byte) (exp < 0 ? '-' : '+');
            int ax = Math.abs(exp);
            if (ax < 10) out[p++] = '0'; // at least two exponent digits
            if (ax >= 100) out[p++] = (byte) ('0' + ax / 100);
            if (ax >= 10) out[p++] = (byte) ('0' + ax / 10 % 10);
            out[p++] = (byte) ('0' + ax % 10);
        }
        return p;
    }
}

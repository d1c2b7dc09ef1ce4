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
        if (precision == 0) precision = 1; // C: a precision of 0 is taken as 1 for %g
        if (precision < 0) precision = 6;  // C: a negative precision is as if omitted
        if (Double.isNaN(d)) {
            // glibc prints the sign bit of a NaN too.
            return (Double.doubleToRawLongBits(d) < 0) ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";

        // Fast path: an integral value with at most 'precision' digits prints as the integer
        // (X < p, so fixed notation, and no digit is rounded away).
        if (precision <= 18 && d == Math.rint(d) && Math.abs(d) < POW10[precision]) {
            return Long.toString((long) d);
        }

        byte[] digits = new byte[Math.max(precision, 20) + 2];
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
        return layout(d < 0, digits, nd, exp, precision);
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

        // All digits of the integer part (at most 16), then fraction digits on demand.
        byte[] intDigits = new byte[20];
        int ni = 0;
        for (long v = ip; v != 0; v /= 10) intDigits[ni++] = (byte) ('0' + v % 10);
        int n = 0;      // significant digits written
        int exp;
        int leadingZeros = 0;
        for (int i = ni - 1; i >= 0 && n < precision + 1; i--) out[n++] = intDigits[i];
        boolean sticky = false;
        if (ni > 0) {
            exp = ni - 1;
            // Integer digits beyond precision+1 make the rest sticky.
            for (int i = ni - 1 - n; i >= 0; i--) if (intDigits[i] != '0') sticky = true;
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
    private static String layout(boolean negative, byte[] digits, int nd, int exp, int precision) {
        StringBuilder sb = new StringBuilder(precision + 8);
        if (negative) sb.append('-');
        if (exp >= -4 && exp < precision) {
            if (exp >= 0) {
                // Integer part: exp+1 digits (padding with zeros the digits stripped above).
                for (int i = 0; i <= exp; i++) sb.append(i < nd ? (char) digits[i] : '0');
                if (nd > exp + 1) {
                    sb.append('.');
                    for (int i = exp + 1; i < nd; i++) sb.append((char) digits[i]);
                }
            } else {
                sb.append("0.");
                for (int i = 0; i < -exp - 1; i++) sb.append('0');
                for (int i = 0; i < nd; i++) sb.append((char) digits[i]);
            }
        } else {
            sb.append((char) digits[0]);
            if (nd > 1) {
                sb.append('.');
                for (int i = 1; i < nd; i++) sb.append((char) digits[i]);
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ax = Math.abs(exp);
            if (ax < 10) sb.append('0'); // at least two exponent digits
            sb.append(ax);
        }
        return sb.toString();
    }
}

package io.aeredis.commands;

import java.math.BigInteger;

/**
 * An x86 80-bit {@code long double} (x87 extended precision: 64-bit mantissa with an explicit
 * integer bit, exponents down to 2^-16445 with subnormals, overflow at 2^16384), emulated
 * exactly with big integers, for INCRBYFLOAT and friends. Java's double would print other
 * digits (10.5 + 0.1 must give "10.6", as redis-server on x86-64 does).
 *
 * <p>Ports {@code string2ld} (strtold with glibc's correct rounding, half-even),
 * the {@code +} of two long doubles (exact sum rounded half-even), and
 * {@code ld2string(LD_STR_HUMAN)} ("%.17Lf": the exact decimal expansion rounded half-even to
 * 17 decimals, then trailing zeros and '.' stripped, "-0" printed as "0").
 *
 * <p>A finite value is {@code mant * 2^exp} with {@code mant} a signed integer of at most 64
 * bits; infinities are flagged. NaN never survives: parsing rejects it.
 */
public final class LongDouble {
    /** Mantissa bits of the x87 extended format (explicit integer bit included). */
    static final int MANT_BITS = 64;
    /** Exponent of the least significant mantissa bit of the smallest subnormal: 2^-16445. */
    static final int MIN_EXP = -16445;
    /** Values of 2^16384 and above overflow. */
    static final int MAX_BINARY_EXP = 16384;
    /** MAX_LONG_DOUBLE_CHARS: string2ld rejects inputs of this length or more. */
    static final int MAX_LONG_DOUBLE_CHARS = 5 * 1024;

    public static final LongDouble ZERO = new LongDouble(BigInteger.ZERO, 0, 0);

    /** Signed mantissa (|mant| &lt; 2^64) of a finite value. */
    private final BigInteger mant;
    private final int exp;
    /** 0 finite, +1 / -1 infinite. */
    private final int inf;

    private LongDouble(BigInteger mant, int exp, int inf) {
        this.mant = mant;
        this.exp = exp;
        this.inf = inf;
    }

    public boolean isInfinite() { return inf != 0; }

    public boolean isZero() { return inf == 0 && mant.signum() == 0; }

    /** The x87 {@code +}: the exact sum rounded to 64 mantissa bits. Infinities propagate (inf + -inf: null, NaN). */
    public LongDouble add(LongDouble o) {
        if (inf != 0 || o.inf != 0) {
            if (inf != 0 && o.inf != 0 && inf != o.inf) return null; // NaN
            return inf != 0 ? this : o;
        }
        if (mant.signum() == 0) return o;
        if (o.mant.signum() == 0) return this;
        int e = Math.min(exp, o.exp);
        BigInteger a = mant.shiftLeft(exp - e);
        BigInteger b = o.mant.shiftLeft(o.exp - e);
        return round(a.add(b), e);
    }

    /** The x87 {@code *} by an integer: the exact product rounded to 64 mantissa bits. Infinities keep their sign (times 0: null, NaN). */
    public LongDouble multiply(long k) {
        if (inf != 0) {
            if (k == 0) return null;
            return new LongDouble(BigInteger.ZERO, 0, k > 0 ? inf : -inf);
        }
        return round(mant.multiply(BigInteger.valueOf(k)), exp);
    }

    /**
     * {@code (long long) ceill(x)} on x86-64: the smallest integer not below the value, or
     * LLONG_MIN (the x87 "integer indefinite") when it does not fit or the value is infinite.
     */
    public long ceilToLong() {
        if (inf != 0) return Long.MIN_VALUE;
        BigInteger v = exp >= 0 ? mant.shiftLeft(exp) : mant.negate().shiftRight(-exp).negate();
        return v.bitLength() > 63 ? Long.MIN_VALUE : v.longValue();
    }

    /**
     * Rounds {@code m * 2^e} (exact) to the extended format: 64 significant bits, half-even,
     * subnormal below 2^-16382, infinity from 2^16384.
     */
    static LongDouble round(BigInteger m, int e) {
        int sign = m.signum();
        if (sign == 0) return ZERO;
        BigInteger a = m.abs();
        int bits = a.bitLength();
        // Keep 64 bits, but never go below the subnormal quantum.
        int shift = bits - MANT_BITS;
        if (e + shift < MIN_EXP) shift = MIN_EXP - e;
        if (shift > 0) {
            BigInteger q = a.shiftRight(shift);
            // Half-even on the dropped bits.
            boolean half = a.testBit(shift - 1);
            boolean sticky = a.getLowestSetBit() < shift - 1;
            if (half && (sticky || q.testBit(0))) q = q.add(BigInteger.ONE);
            a = q;
            e += shift;
            if (a.bitLength() > MANT_BITS) { // rounded up to 2^64
                a = a.shiftRight(1);
                e += 1;
            }
        }
        if (a.signum() == 0) return ZERO;
        if (e + a.bitLength() > MAX_BINARY_EXP) return new LongDouble(BigInteger.ZERO, 0, sign);
        return new LongDouble(sign < 0 ? a.negate() : a, e, 0);
    }

    /**
     * Rounds the positive fraction {@code num / den} to the extended format. {@code num, den > 0}.
     */
    private static LongDouble roundFraction(BigInteger num, BigInteger den, boolean negative) {
        // Choose e so that the quotient num / (den * 2^e) has about 66 bits, then round it.
        int e = num.bitLength() - den.bitLength() - (MANT_BITS + 2);
        // Keep at least two real quotient bits below the subnormal quantum for the rounding.
        if (e < MIN_EXP - 2) e = MIN_EXP - 2;
        BigInteger n = num;
        BigInteger d = den;
        if (e < 0) n = n.shiftLeft(-e);
        else d = d.shiftLeft(e);
        BigInteger[] qr = n.divideAndRemainder(d);
        BigInteger q = qr[0];
        // Fold the remainder into a sticky bit below the quotient so round() sees it.
        q = q.shiftLeft(1);
        if (qr[1].signum() != 0) q = q.setBit(0);
        if (negative) q = q.negate();
        return round(q, e - 1);
    }

    // ------------------------------------------------------------------ string2ld

    /**
     * string2ld: the long double {@code s} denotes, or null when Redis would say "not a valid
     * float": empty, 5 KB or longer, leading space, trailing bytes, NaN, or out of range
     * (overflow, or a non-zero value that rounds to zero). Accepts what glibc's strtold does:
     * sign, decimal with optional exponent, hex floats ("0x1.8p3"), "inf"/"infinity".
     */
    public static LongDouble parse(byte[] s) {
        return parse(s, 0, s.length);
    }

    public static LongDouble parse(byte[] s, int off, int len) {
        if (len == 0 || len >= MAX_LONG_DOUBLE_CHARS) return null;
        if (Util.isspace(s[off])) return null;
        int p = off;
        int end = off + len;
        boolean neg = false;
        if (s[p] == '+' || s[p] == '-') {
            neg = s[p] == '-';
            p++;
        }
        if (p >= end) return null;
        // inf / infinity (case-insensitive); nan is rejected either way.
        if (lower(s[p]) == 'i' || lower(s[p]) == 'n') {
            if (matchWord(s, p, end, "infinity") || matchWord(s, p, end, "inf")) {
                return new LongDouble(BigInteger.ZERO, 0, neg ? -1 : 1);
            }
            return null;
        }
        if (s[p] == '0' && p + 1 < end && lower(s[p + 1]) == 'x') {
            return parseHex(s, p + 2, end, neg);
        }
        return parseDecimal(s, p, end, neg);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static boolean matchWord(byte[] s, int p, int end, String w) {
        if (end - p != w.length()) return false;
        for (int i = 0; i < w.length(); i++) {
            if (lower(s[p + i]) != w.charAt(i)) return false;
        }
        return true;
    }

    private static LongDouble parseDecimal(byte[] s, int p, int end, boolean neg) {
        // digits [. digits] [e [sign] digits]; at least one mantissa digit.
        StringBuilder digits = new StringBuilder();
        long dexp = 0; // decimal exponent adjustment from the fraction
        int ndigits = 0;
        while (p < end && isDigit(s[p])) {
            digits.append((char) s[p++]);
            ndigits++;
        }
        if (p < end && s[p] == '.') {
            p++;
            while (p < end && isDigit(s[p])) {
                digits.append((char) s[p++]);
                ndigits++;
                dexp--;
            }
        }
        if (ndigits == 0) return null;
        if (p < end && lower(s[p]) == 'e') {
            // An exponent needs digits; otherwise strtold stops before the 'e' (trailing junk).
            long ev = exponentRestOfInput(s, p + 1, end);
            if (ev == BAD_EXPONENT) return null;
            dexp += ev;
        } else if (p != end) {
            return null;
        }
        BigInteger m = new BigInteger(digits.toString());
        if (m.signum() == 0) return ZERO; // exact zero: no ERANGE
        // Magnitude guards before doing exact arithmetic with huge powers of ten:
        // the value is m * 10^dexp with m having len(m) digits.
        long mag = dexp + m.toString().length(); // value < 10^mag
        if (mag > 4933 + 1) return null; // >= 10^4933 > LDBL_MAX: overflow
        if (mag < -4951 - 1) return null; // < 10^-4952, below half the smallest subnormal: rounds to 0
        LongDouble r;
        if (dexp >= 0) {
            r = round(neg ? m.multiply(BigInteger.TEN.pow((int) dexp)).negate() : m.multiply(BigInteger.TEN.pow((int) dexp)), 0);
        } else {
            r = roundFraction(m, BigInteger.TEN.pow((int) -dexp), neg);
        }
        return checkRange(r);
    }

    private static final long BAD_EXPONENT = Long.MIN_VALUE;

    /**
     * The signed decimal exponent that must make up all of {@code s[q..end)} (after the 'e' or
     * 'p'), clamped at a billion so huge exponents stay huge; BAD_EXPONENT if there are no digits
     * or anything follows them.
     */
    private static long exponentRestOfInput(byte[] s, int q, int end) {
        boolean eneg = false;
        if (q < end && (s[q] == '+' || s[q] == '-')) {
            eneg = s[q] == '-';
            q++;
        }
        if (q >= end || !isDigit(s[q])) return BAD_EXPONENT;
        long ev = 0;
        while (q < end && isDigit(s[q])) {
            if (ev < 1_000_000_000L) ev = ev * 10 + (s[q] - '0');
            q++;
        }
        if (q != end) return BAD_EXPONENT;
        return eneg ? -ev : ev;
    }

    private static LongDouble parseHex(byte[] s, int p, int end, boolean neg) {
        // hexdigits [. hexdigits] [p [sign] digits]; "0x" alone is "0" followed by junk.
        BigInteger m = BigInteger.ZERO;
        long bexp = 0;
        int ndigits = 0;
        while (p < end && hexVal(s[p]) >= 0) {
            m = m.shiftLeft(4).add(BigInteger.valueOf(hexVal(s[p++])));
            ndigits++;
        }
        if (p < end && s[p] == '.') {
            p++;
            while (p < end && hexVal(s[p]) >= 0) {
                m = m.shiftLeft(4).add(BigInteger.valueOf(hexVal(s[p++])));
                ndigits++;
                bexp -= 4;
            }
        }
        if (ndigits == 0) return null;
        if (p < end && lower(s[p]) == 'p') {
            long ev = exponentRestOfInput(s, p + 1, end);
            if (ev == BAD_EXPONENT) return null;
            bexp += ev;
        } else if (p != end) {
            return null;
        }
        if (m.signum() == 0) return ZERO;
        long top = bexp + m.bitLength();
        if (top > MAX_BINARY_EXP + 1) return null;
        if (top < MIN_EXP - 2) return null;
        return checkRange(round(neg ? m.negate() : m, (int) bexp));
    }

    /** strtold's ERANGE cases that string2ld rejects: overflow to infinity, underflow to zero. */
    private static LongDouble checkRange(LongDouble r) {
        if (r.inf != 0 || r.mant.signum() == 0) return null;
        return r;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hexVal(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }

    // ------------------------------------------------------------------ ld2string

    /** ld2string(LD_STR_HUMAN) as bytes. Infinities print "inf"/"-inf". */
    public byte[] toHumanBytes() {
        return toHumanString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** ld2string(LD_STR_HUMAN): "%.17Lf", trailing zeros and '.' removed, "-0" as "0". */
    public String toHumanString() {
        if (inf != 0) return inf > 0 ? "inf" : "-inf";
        boolean neg = mant.signum() < 0;
        BigInteger a = mant.abs();
        // a * 2^exp * 10^17, rounded half-even to an integer.
        BigInteger scaled = a.multiply(BigInteger.TEN.pow(17));
        BigInteger q;
        if (exp >= 0) {
            q = scaled.shiftLeft(exp);
        } else {
            int sh = -exp;
            q = scaled.shiftRight(sh);
            boolean half = scaled.testBit(sh - 1);
            boolean sticky = scaled.signum() != 0 && scaled.getLowestSetBit() < sh - 1;
            if (half && (sticky || q.testBit(0))) q = q.add(BigInteger.ONE);
        }
        String digits = q.toString();
        StringBuilder sb = new StringBuilder(digits.length() + 3);
        if (neg) sb.append('-');
        if (digits.length() <= 17) {
            sb.append("0.");
            for (int i = digits.length(); i < 17; i++) sb.append('0');
            sb.append(digits);
        } else {
            sb.append(digits, 0, digits.length() - 17).append('.').append(digits, digits.length() - 17, digits.length());
        }
        // Remove trailing zeroes after the '.', then the '.' itself.
        int l = sb.length();
        while (sb.charAt(l - 1) == '0') l--;
        if (sb.charAt(l - 1) == '.') l--;
        sb.setLength(l);
        if (l == 2 && sb.charAt(0) == '-' && sb.charAt(1) == '0') return "0";
        return sb.toString();
    }

    @Override
    public String toString() {
        return toHumanString();
    }
}

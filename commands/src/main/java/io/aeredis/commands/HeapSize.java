package io.aeredis.commands;

/**
 * The object-size model behind MEMORY USAGE: what an object or array costs in the heap of a
 * 64-bit HotSpot JVM with compressed oops and compressed class pointers (the default below a
 * 32 GB heap), where every object has a 12-byte header, a reference takes 4 bytes, an array
 * header takes 16 bytes (length included) and every object is padded to 8 bytes.
 *
 * <p>These are the JVM's counterparts of the {@code sizeof(...)} and {@code zmalloc_size(...)}
 * figures Redis's objectComputeSize adds up. They are estimates: with compressed oops off
 * (heaps of 32 GB and more, or -XX:-UseCompressedOops) references and headers are bigger and
 * every figure here is low.
 */
public final class HeapSize {
    private HeapSize() {}

    /** Object header: mark word + compressed class pointer. */
    public static final int OBJECT_HEADER = 12;
    /** Array header: object header + the int length. */
    public static final int ARRAY_HEADER = 16;
    /** A compressed reference. */
    public static final int REF = 4;

    /** Padding: every object starts on an 8-byte boundary. */
    public static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** An object whose fields take {@code fieldBytes} (references at {@link #REF} each). */
    public static long object(int fieldBytes) {
        return align(OBJECT_HEADER + fieldBytes);
    }

    /** A {@code byte[]} of {@code length} elements. */
    public static long byteArray(long length) {
        return align(ARRAY_HEADER + length);
    }

    /** An array of {@code length} references. */
    public static long refArray(long length) {
        return align(ARRAY_HEADER + REF * length);
    }

    /** A {@code long[]} or {@code double[]} of {@code length} elements. */
    public static long longArray(long length) {
        return align(ARRAY_HEADER + 8 * length);
    }

    /**
     * The extrapolation objectComputeSize does for big collections: the fixed part plus the
     * average of the {@code sampled} elements that took {@code sampledBytes}, times
     * {@code total} elements. Redis computes it in floating point and truncates, so does this.
     */
    static long extrapolate(long fixed, long sampledBytes, long sampled, long total) {
        if (sampled == 0) return fixed;
        return fixed + (long) ((double) sampledBytes / sampled * total);
    }
}

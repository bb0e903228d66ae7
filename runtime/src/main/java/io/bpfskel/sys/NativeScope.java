package io.bpfskel.sys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Native allocations that live for exactly one system call; try-with-resources frees them all.
 * Used for the pointed-to parts of attributes (instructions, strings, logs, arrays) so that no
 * caller ever has to free native memory. Descriptors inside attributes are held for the call the same way.
 */
final class NativeScope implements AutoCloseable {
    private NativeMemory[] memories = new NativeMemory[4];
    private int count;
    private Fd[] held = new Fd[2];
    private int heldCount;

    /**
     * Acquires {@code fd} (see {@link Fd#acquire}) until this scope closes, for descriptors passed inside
     * attributes; returns its number.
     */
    int hold(Fd fd, String command, String context) {
        int raw = fd.acquire(command, context);
        if (heldCount == held.length) {
            held = Arrays.copyOf(held, heldCount * 2);
        }
        held[heldCount++] = fd;
        return raw;
    }

    /** Zeroed memory of the given size; {@code size} must be positive. */
    NativeMemory alloc(long size) {
        NativeMemory m = NativeMemory.allocate(size);
        if (count == memories.length) {
            memories = Arrays.copyOf(memories, count * 2);
        }
        memories[count++] = m;
        return m;
    }

    /** Address of a zeroed buffer of {@code size} bytes, or 0 when size is 0. */
    long buffer(long size) {
        return size == 0 ? 0 : alloc(size).address();
    }

    /** Address of a native copy, or 0 for null or empty input (the kernel ignores the pointer then). */
    long copyOf(byte[] data) {
        if (data == null || data.length == 0) {
            return 0;
        }
        NativeMemory m = alloc(data.length);
        m.write(0, data, 0, data.length);
        return m.address();
    }

    long copyOf(int[] data) {
        if (data == null || data.length == 0) {
            return 0;
        }
        NativeMemory m = alloc(4L * data.length);
        m.write(0, data, 0, data.length);
        return m.address();
    }

    long copyOf(long[] data) {
        if (data == null || data.length == 0) {
            return 0;
        }
        NativeMemory m = alloc(8L * data.length);
        m.write(0, data, 0, data.length);
        return m.address();
    }

    /** NUL-terminated UTF-8 copy, or 0 for null. */
    long cString(String s) {
        if (s == null) {
            return 0;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        NativeMemory m = alloc(bytes.length + 1L);
        m.write(0, bytes, 0, bytes.length);
        return m.address();
    }

    /** NUL-terminated UTF-8 strings followed by an array of pointers to them (for kprobe_multi syms). */
    long cStringArray(String[] strings) {
        if (strings == null || strings.length == 0) {
            return 0;
        }
        long[] pointers = new long[strings.length];
        for (int i = 0; i < strings.length; i++) {
            pointers[i] = cString(strings[i]);
        }
        return copyOf(pointers);
    }

    @Override
    public void close() {
        for (int i = 0; i < count; i++) {
            memories[i].close();
            memories[i] = null;
        }
        count = 0;
        for (int i = 0; i < heldCount; i++) {
            held[i].exit();
            held[i] = null;
        }
        heldCount = 0;
    }
}

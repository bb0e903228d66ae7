package io.bpfskel.sys;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code syscall} bound without {@code throws LastErrorException}, for calls whose failures are
 * routine answers (ENOENT from a map lookup, the end of a key iteration). Building a
 * LastErrorException with its stack trace costs several times the system call itself, so here
 * errno is read from {@link Native#getLastError()}, which JNA's dispatcher records natively right
 * after every call unless {@code jna.preserve_last_error=false}.
 */
final class LibcQuiet {
    static {
        Native.register(LibcQuiet.class, Platform.C_LIBRARY_NAME);
    }

    private LibcQuiet() {}

    static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /** Returns 0 and sets errno when there is no such interface; glibc may touch errno on success too. */
    static native int if_nametoindex(long name);
}

package io.bpfskel.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * JNA direct mappings of the few libc entry points the loader needs.
 *
 * <p>Direct mapping (static natives bound by {@link Native#register}) avoids the reflection and
 * boxing of interface mapping; map lookups go through here on the hot path. Every pointer is passed
 * as a {@code long} address so that JNA does no argument conversion at all. Methods that can fail
 * declare {@link LastErrorException}, which makes JNA clear errno before the call and capture it
 * right after, before the JVM can clobber it.
 *
 * <p>{@code syscall}, {@code open}, {@code ioctl} and {@code fcntl} are variadic in C. Calling them
 * through a fixed prototype is safe on the Linux ABIs we support (x86_64 SysV sets %al for every
 * call made through libffi; AAPCS64 and RISC-V pass integer variadics exactly like named ones).
 */
final class Libc {
    static {
        Native.register(Libc.class, Platform.C_LIBRARY_NAME);
    }

    private Libc() {}

    static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6)
            throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    static native int open(long path, int flags, int mode) throws LastErrorException;

    static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    static native long mmap(long addr, long length, int prot, int flags, int fd, long offset)
            throws LastErrorException;

    static native int munmap(long addr, long length) throws LastErrorException;

    static native long sysconf(int name) throws LastErrorException;

    static native int getpid();

    static native int epoll_create1(int flags) throws LastErrorException;

    static native int epoll_ctl(int epfd, int op, int fd, long event) throws LastErrorException;

    static native int epoll_wait(int epfd, long events, int maxevents, int timeout)
            throws LastErrorException;

    static native long read(int fd, long buf, long count) throws LastErrorException;

    static native int setsockopt(int fd, int level, int optname, long optval, int optlen)
            throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    static native int mount(long source, long target, long fstype, long flags, long data)
            throws LastErrorException;

    static native int statfs(long path, long buf) throws LastErrorException;
}

package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * The JNA backend (Java 17–21). Direct mapping (static natives bound by {@link Native#register}) avoids
 * the reflection and boxing of interface mapping; every pointer is a {@code long} so JNA converts nothing.
 * errno comes from {@link Native#getLastError()}, which JNA's dispatcher records natively right after every
 * call ({@code jna.preserve_last_error}, on by default); declaring {@code LastErrorException} instead would
 * build an exception with a stack trace for routine answers such as ENOENT, several times the cost of the
 * system call.
 *
 * <p>{@code syscall}, {@code open}, {@code ioctl} and {@code fcntl} are variadic in C. Calling them through a
 * fixed prototype is safe on the Linux ABIs we support (x86_64 SysV sets %al for every call made through
 * libffi; AAPCS64 and RISC-V pass integer variadics exactly like named ones).
 */
final class JnaNativeAccess implements NativeAccess {
    @Override
    public String name() {
        return "jna";
    }

    private static long errno(long r) {
        if (r != -1) {
            return r;
        }
        int e = Native.getLastError();
        if (e <= 0) {
            throw new io.bpfskel.error.BpfException("a native call failed but JNA recorded no errno; "
                    + "bpfskel needs JNA's default jna.preserve_last_error=true");
        }
        return -e;
    }

    private static int errno(int r) {
        return (int) errno((long) r);
    }

    @Override
    public long syscall3(long nr, long a1, long a2, long a3) {
        return errno(C.syscall(nr, a1, a2, a3));
    }

    /** JNA keeps errno in its own native thread-local storage (set by its dispatcher after every call). */
    @Override
    public Object newThreadState() {
        return null;
    }

    @Override
    public long syscall3(Object threadState, long nr, long a1, long a2, long a3) {
        return errno(C.syscall(nr, a1, a2, a3));
    }

    @Override
    public long syscall5(long nr, long a1, long a2, long a3, long a4, long a5) {
        return errno(C.syscall(nr, a1, a2, a3, a4, a5));
    }

    @Override
    public int close(int fd) {
        return errno(C.close(fd));
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        return errno(C.fcntl(fd, cmd, arg));
    }

    @Override
    public int open(long path, int flags, int mode) {
        return errno(C.open(path, flags, mode));
    }

    @Override
    public int ioctl(int fd, long request, long arg) {
        return errno(C.ioctl(fd, request, arg));
    }

    @Override
    public long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        return errno(C.mmap(addr, length, prot, flags, fd, offset));
    }

    @Override
    public int munmap(long addr, long length) {
        return errno(C.munmap(addr, length));
    }

    @Override
    public long sysconf(int name) {
        return errno(C.sysconf(name));
    }

    @Override
    public int getpid() {
        return C.getpid();
    }

    @Override
    public int epollCreate1(int flags) {
        return errno(C.epoll_create1(flags));
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, long event) {
        return errno(C.epoll_ctl(epfd, op, fd, event));
    }

    @Override
    public int epollWait(int epfd, long events, int maxEvents, int timeoutMs) {
        return errno(C.epoll_wait(epfd, events, maxEvents, timeoutMs));
    }

    @Override
    public long read(int fd, long buf, long count) {
        return errno(C.read(fd, buf, count));
    }

    @Override
    public int setsockopt(int fd, int level, int option, long value, int length) {
        return errno(C.setsockopt(fd, level, option, value, length));
    }

    @Override
    public int setns(int fd, int nstype) {
        return errno(C.setns(fd, nstype));
    }

    @Override
    public int mount(long source, long target, long fsType, long flags, long data) {
        return errno(C.mount(source, target, fsType, flags, data));
    }

    @Override
    public int statfs(long path, long buf) {
        return errno(C.statfs(path, buf));
    }

    @Override
    public int ifNameToIndex(long name) {
        int index = C.if_nametoindex(name);
        if (index != 0) {
            return index;
        }
        int e = Native.getLastError();
        return -(e > 0 ? e : Errno.ENODEV);
    }

    @Override
    public long malloc(long size) {
        return Native.malloc(size);
    }

    @Override
    public void free(long address) {
        Native.free(address);
    }

    @Override
    public ByteBuffer buffer(long address, int size) {
        return new Pointer(address).getByteBuffer(0, size);
    }

    @Override
    public long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /** The libc entry points, bound once. */
    private static final class C {
        static {
            Native.register(C.class, Platform.C_LIBRARY_NAME);
        }

        private C() {}

        /**
         * bpf(2) takes three arguments; JNA marshals every argument through libffi, so unused ones cost
         * measurable time on the map-lookup path. The kernel ignores registers a call does not use.
         */
        static native long syscall(long number, long a1, long a2, long a3);

        static native long syscall(long number, long a1, long a2, long a3, long a4, long a5);

        static native int close(int fd);

        static native int fcntl(int fd, int cmd, int arg);

        static native int open(long path, int flags, int mode);

        static native int ioctl(int fd, long request, long arg);

        static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

        static native int munmap(long addr, long length);

        static native long sysconf(int name);

        static native int getpid();

        static native int epoll_create1(int flags);

        static native int epoll_ctl(int epfd, int op, int fd, long event);

        static native int epoll_wait(int epfd, long events, int maxevents, int timeout);

        static native long read(int fd, long buf, long count);

        static native int setsockopt(int fd, int level, int optname, long optval, int optlen);

        static native int setns(int fd, int nstype);

        static native int mount(long source, long target, long fstype, long flags, long data);

        static native int statfs(long path, long buf);

        /** Returns 0 and sets errno when there is no such interface; glibc may touch errno on success too. */
        static native int if_nametoindex(long name);
    }
}

package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.bpfskel.error.BpfException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * The {@code java.lang.foreign} backend (Java 22+): downcall handles into libc, errno captured by the linker
 * ({@code captureCallState}) into a per-thread segment. Compiled with {@code --release 22} into
 * {@code META-INF/versions/22}, where it replaces the Java 17 stand-in of the same name.
 *
 * <p>Pointers are passed as {@code long} ({@code JAVA_LONG}, the same register as a C pointer on every
 * 64-bit Linux ABI), so no {@code MemorySegment} is built per call. Variadic C functions ({@code syscall},
 * {@code open}, {@code ioctl}, {@code fcntl}) are described with {@code firstVariadicArg}, which makes the
 * linker follow the variadic calling convention (on x86_64: %al holds the number of vector registers).
 * The handles are constants, so the JIT compiles each call into a direct native call.
 */
final class FfmNativeAccess implements NativeAccess {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    /** One errno slot per thread; auto arena because threads end without telling us. */
    private static final ThreadLocal<MemorySegment> ERRNO_SLOT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static final MethodHandle SYSCALL3 = errnoHandle("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);
    private static final MethodHandle SYSCALL5 = errnoHandle("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);
    private static final MethodHandle CLOSE = errnoHandle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), -1);
    private static final MethodHandle FCNTL =
            errnoHandle("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle OPEN =
            errnoHandle("open", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle IOCTL =
            errnoHandle("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), 2);
    private static final MethodHandle MMAP = errnoHandle("mmap",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), -1);
    private static final MethodHandle MUNMAP =
            errnoHandle("munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), -1);
    private static final MethodHandle SYSCONF = errnoHandle("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT), -1);
    private static final MethodHandle GETPID = handle("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle EPOLL_CREATE1 =
            errnoHandle("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), -1);
    private static final MethodHandle EPOLL_CTL = errnoHandle("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), -1);
    private static final MethodHandle EPOLL_WAIT = errnoHandle("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT), -1);
    private static final MethodHandle READ =
            errnoHandle("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), -1);
    private static final MethodHandle SETSOCKOPT = errnoHandle("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), -1);
    private static final MethodHandle SETNS =
            errnoHandle("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), -1);
    private static final MethodHandle MOUNT = errnoHandle("mount",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), -1);
    private static final MethodHandle STATFS =
            errnoHandle("statfs", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), -1);
    private static final MethodHandle IF_NAMETOINDEX =
            errnoHandle("if_nametoindex", FunctionDescriptor.of(JAVA_INT, JAVA_LONG), -1);
    private static final MethodHandle MALLOC = handle("malloc", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle FREE = handle("free", FunctionDescriptor.ofVoid(JAVA_LONG));

    private FfmNativeAccess() {}

    /** A method, not a constant: javac would copy a constant into the callers, past the versioned class. */
    static boolean available() {
        return true;
    }

    static NativeAccess create() {
        return new FfmNativeAccess();
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new BpfException("libc has no symbol '" + name + "'"));
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd);
    }

    /** A handle whose first argument is the errno capture segment; {@code firstVariadic} -1 for none. */
    private static MethodHandle errnoHandle(String name, FunctionDescriptor fd, int firstVariadic) {
        return firstVariadic < 0
                ? LINKER.downcallHandle(symbol(name), fd, ERRNO_OPTION)
                : LINKER.downcallHandle(symbol(name), fd, ERRNO_OPTION, Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static long errno(long r, MemorySegment slot) {
        if (r != -1) {
            return r;
        }
        return -(int) ERRNO.get(slot, 0L);
    }

    private static int errno(int r, MemorySegment slot) {
        return r != -1 ? r : -(int) ERRNO.get(slot, 0L);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new BpfException("native call failed", t);
    }

    @Override
    public String name() {
        return "ffm";
    }

    @Override
    public long syscall3(long nr, long a1, long a2, long a3) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((long) SYSCALL3.invokeExact(slot, nr, a1, a2, a3), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The errno capture segment of the calling thread, kept by {@link Scratch} next to the attribute memory. */
    @Override
    public Object newThreadState() {
        return Arena.ofAuto().allocate(CAPTURE);
    }

    @Override
    public long syscall3(Object threadState, long nr, long a1, long a2, long a3) {
        MemorySegment slot = (MemorySegment) threadState;
        try {
            return errno((long) SYSCALL3.invokeExact(slot, nr, a1, a2, a3), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long syscall5(long nr, long a1, long a2, long a3, long a4, long a5) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((long) SYSCALL5.invokeExact(slot, nr, a1, a2, a3, a4, a5), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int close(int fd) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) CLOSE.invokeExact(slot, fd), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) FCNTL.invokeExact(slot, fd, cmd, arg), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int open(long path, int flags, int mode) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) OPEN.invokeExact(slot, path, flags, mode), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int ioctl(int fd, long request, long arg) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) IOCTL.invokeExact(slot, fd, request, arg), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((long) MMAP.invokeExact(slot, addr, length, prot, flags, fd, offset), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int munmap(long addr, long length) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) MUNMAP.invokeExact(slot, addr, length), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long sysconf(int name) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((long) SYSCONF.invokeExact(slot, name), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int epollCreate1(int flags) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) EPOLL_CREATE1.invokeExact(slot, flags), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, long event) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) EPOLL_CTL.invokeExact(slot, epfd, op, fd, event), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int epollWait(int epfd, long events, int maxEvents, int timeoutMs) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) EPOLL_WAIT.invokeExact(slot, epfd, events, maxEvents, timeoutMs), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long read(int fd, long buf, long count) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((long) READ.invokeExact(slot, fd, buf, count), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int setsockopt(int fd, int level, int option, long value, int length) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) SETSOCKOPT.invokeExact(slot, fd, level, option, value, length), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int setns(int fd, int nstype) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) SETNS.invokeExact(slot, fd, nstype), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int mount(long source, long target, long fsType, long flags, long data) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) MOUNT.invokeExact(slot, source, target, fsType, flags, data), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int statfs(long path, long buf) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            return errno((int) STATFS.invokeExact(slot, path, buf), slot);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int ifNameToIndex(long name) {
        MemorySegment slot = ERRNO_SLOT.get();
        try {
            int index = (int) IF_NAMETOINDEX.invokeExact(slot, name);
            if (index != 0) {
                return index;
            }
            int e = (int) ERRNO.get(slot, 0L);
            return -(e > 0 ? e : Errno.ENODEV);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long malloc(long size) {
        try {
            return (long) MALLOC.invokeExact(size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void free(long address) {
        try {
            FREE.invokeExact(address);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public ByteBuffer buffer(long address, int size) {
        return MemorySegment.ofAddress(address).reinterpret(size).asByteBuffer();
    }

    @Override
    public long address(ByteBuffer direct) {
        return MemorySegment.ofBuffer(direct).address() - direct.position();
    }
}

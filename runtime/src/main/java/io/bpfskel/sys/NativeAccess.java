package io.bpfskel.sys;

import java.nio.ByteBuffer;

/**
 * The native operations of the runtime, behind one seam with two implementations: JNA (Java 17–21, the
 * default there) and {@code java.lang.foreign} (Java 22+, chosen automatically when the JVM has it; its
 * class lives in {@code META-INF/versions/22} of the multi-release runtime jar). {@code -Dbpfskel.native=jna}
 * or {@code =ffm} forces one; asking for one that cannot work fails at first use with a message saying why.
 *
 * <p>Every call mirrors the kernel's convention instead of C's: the result, or {@code -errno} on failure
 * (errno is captured right after the call, before the JVM can clobber it). Nothing here throws for a
 * failed call, so hot paths pay for no exception and callers decide which errno is an answer. Pointers
 * are plain addresses.
 *
 * <p>The instance is a constant ({@link #INSTANCE}) of one class per JVM, so call sites stay monomorphic
 * and the JIT inlines through the interface.
 */
interface NativeAccess {
    /** The backend of this JVM, chosen once. */
    NativeAccess INSTANCE = Selection.choose();

    /** "jna" or "ffm". */
    String name();

    /** {@code syscall(nr, a1, a2, a3)}, e.g. bpf(2). */
    long syscall3(long nr, long a1, long a2, long a3);

    /**
     * What this backend needs per thread to make a call (on {@code java.lang.foreign}: the memory the linker
     * captures errno into), or null when it needs nothing. The caller keeps it in its own per-thread state
     * ({@link Scratch}), so that the map-operation path looks up one thread-local instead of two.
     */
    Object newThreadState();

    /**
     * {@link #syscall3(long, long, long, long)} with the calling thread's {@link #newThreadState()}: the
     * path of every bpf(2) map command.
     */
    long syscall3(Object threadState, long nr, long a1, long a2, long a3);

    /** {@code syscall(nr, a1 .. a5)}, e.g. perf_event_open(2). */
    long syscall5(long nr, long a1, long a2, long a3, long a4, long a5);

    int close(int fd);

    int fcntl(int fd, int cmd, int arg);

    int open(long path, int flags, int mode);

    int ioctl(int fd, long request, long arg);

    /** The mapping's address, or {@code -errno}. */
    long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    int munmap(long addr, long length);

    long sysconf(int name);

    int getpid();

    int epollCreate1(int flags);

    int epollCtl(int epfd, int op, int fd, long event);

    int epollWait(int epfd, long events, int maxEvents, int timeoutMs);

    long read(int fd, long buf, long count);

    int setsockopt(int fd, int level, int option, long value, int length);

    int setns(int fd, int nstype);

    int mount(long source, long target, long fsType, long flags, long data);

    /** statfs(2) into {@code buf} (a {@code struct statfs}). */
    int statfs(long path, long buf);

    /** The interface index, or {@code -errno} (ENODEV when glibc set none). */
    int ifNameToIndex(long name);

    /** malloc(3); 0 when out of memory. */
    long malloc(long size);

    void free(long address);

    /** A direct buffer over {@code size} bytes at {@code address} (no copy; host byte order not yet set). */
    ByteBuffer buffer(long address, int size);

    /** The address of a direct buffer's first byte (not its position). */
    long address(ByteBuffer direct);

    /** Picks the backend from {@code bpfskel.native} and the JVM's version. */
    final class Selection {
        static final String PROPERTY = "bpfskel.native";

        private Selection() {}

        static NativeAccess choose() {
            String asked = System.getProperty(PROPERTY, "").strip().toLowerCase(java.util.Locale.ROOT);
            int feature = Runtime.version().feature();
            switch (asked) {
                case "":
                    return feature >= 22 && FfmNativeAccess.available() ? FfmNativeAccess.create() : new JnaNativeAccess();
                case "jna":
                    return new JnaNativeAccess();
                case "ffm":
                    if (feature < 22) {
                        return new Unavailable("-D" + PROPERTY + "=ffm needs Java 22 or later (java.lang.foreign), "
                                + "this JVM is Java " + feature + "; use -D" + PROPERTY + "=jna or leave it unset");
                    }
                    if (!FfmNativeAccess.available()) {
                        return new Unavailable("-D" + PROPERTY + "=ffm: the java.lang.foreign backend is not on the "
                                + "class path (it is in META-INF/versions/22 of the bpfskel-runtime jar; a repackaged "
                                + "jar needs the Multi-Release: true manifest attribute)");
                    }
                    return FfmNativeAccess.create();
                default:
                    return new Unavailable("-D" + PROPERTY + "=" + asked + " is not a backend; use jna or ffm");
            }
        }
    }
}

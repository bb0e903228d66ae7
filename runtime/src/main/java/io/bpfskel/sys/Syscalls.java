package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.error.BpfException;
import io.bpfskel.uapi.BpfCommand;
import io.bpfskel.uapi.MapType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The raw system calls of the loader other than the typed bpf() commands in {@link Bpf}:
 * perf_event_open, mmap, ioctl, open, epoll. Every descriptor comes back as an {@link Fd}, every
 * failure as a {@link BpfSyscallException} naming the call and what it was for.
 */
public final class Syscalls {
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    /** Same value on every supported architecture; always added by {@link #open}. */
    public static final int O_CLOEXEC = 0x80000;

    public static final long PERF_EVENT_IOC_ENABLE = 0x2400;
    public static final long PERF_EVENT_IOC_DISABLE = 0x2401;
    /** _IOW('$', 8, __u32): attach a BPF program to a kprobe/uprobe/tracepoint perf event. */
    public static final long PERF_EVENT_IOC_SET_BPF = 0x40042408L;
    /** Always added by {@link #perfEventOpen}. */
    public static final long PERF_FLAG_FD_CLOEXEC = 1L << 3;

    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    private static final int EPOLL_CLOEXEC = 0x80000;

    private static final int SC_PAGESIZE = 30;

    /** SOL_SOCKET and the BPF socket options; these values hold on x86_64, aarch64 and riscv64. */
    public static final int SOL_SOCKET = 1;
    /** Attaches a BPF_PROG_TYPE_SOCKET_FILTER program (the option value is the program fd). */
    public static final int SO_ATTACH_BPF = 50;
    /** Same value as SO_DETACH_FILTER: removes whichever filter is attached. */
    public static final int SO_DETACH_BPF = 27;

    /** setns(2) namespace type of a network namespace. */
    public static final int CLONE_NEWNET = 0x40000000;

    /** The native backend; a static final constant so the JIT sees one implementation. */
    static final NativeAccess NATIVE = NativeAccess.INSTANCE;
    /** The bpf(2) number; resolved once, as it is on every map operation's path. */
    private static final long BPF_NR = SyscallNumbers.CURRENT.bpf();

    private Syscalls() {}

    /** Which native backend this JVM uses: "jna" or "ffm" ({@code -Dbpfskel.native} chooses). */
    public static String nativeBackend() {
        return NATIVE.name();
    }

    /** {@code r} unless it is {@code -errno}, which becomes an exception naming the call. */
    private static long check(long r, String call, String context) {
        if (r < 0) {
            throw new BpfSyscallException(call, (int) -r, context);
        }
        return r;
    }

    /** bpf(2); failures become a {@link BpfSyscallException} naming the command. */
    static long bpf(BpfCommand cmd, NativeMemory attr, int size, String context) {
        return check(bpfOrErrno(cmd, attr, size), cmd.uapiName(), context);
    }

    /**
     * bpf(2) returning {@code -errno} on failure, for calls where an errno is an answer rather than
     * an error (ENOENT from a lookup) or is retried.
     */
    static long bpfOrErrno(BpfCommand cmd, NativeMemory attr, int size) {
        return bpfOrErrno(cmd.number(), attr.address(), size);
    }

    /** bpf(2) over a raw attribute address; {@code -errno} on failure. */
    static long bpfOrErrno(int cmd, long attr, int size) {
        long nr = BPF_NR;
        if (nr < 0) {
            nr = SyscallNumbers.CURRENT.require(nr, "bpf");
        }
        return NATIVE.syscall3(nr, cmd, attr, size);
    }

    /**
     * bpf(2) over the thread's attribute memory ({@link Scratch#attrBuffer()}), with the backend state it
     * carries; {@code -errno} on failure. {@code s} must be the calling thread's.
     */
    static long bpfOrErrno(Scratch s, int cmd, int size) {
        long nr = BPF_NR;
        if (nr < 0) {
            nr = SyscallNumbers.CURRENT.require(nr, "bpf");
        }
        return NATIVE.syscall3(s.nativeState, nr, cmd, s.attrAddress, size);
    }

    /** True when this process can use bpf() (kernel support, privileges, native access). */
    public static boolean isBpfAvailable() {
        return bpfUnavailableReason().isEmpty();
    }

    /**
     * Creates and closes a one-element array map, the cheapest call that needs the same rights as
     * loading; returns why that failed, or empty when it worked.
     */
    public static Optional<String> bpfUnavailableReason() {
        MapCreateAttr probe = MapCreateAttr.builder(MapType.ARRAY).keySize(4).valueSize(4).maxEntries(1).build();
        try (Fd fd = Bpf.mapCreate(probe, "bpf() availability probe")) {
            return Optional.empty();
        } catch (BpfException e) {
            return Optional.of(e.getMessage());
        } catch (LinkageError e) {
            return Optional.of("cannot call into libc through " + NATIVE.name() + ": " + e);
        }
    }

    /**
     * Number of possible CPUs, from /sys/devices/system/cpu/possible. Per-CPU map values hold one
     * {@code round_up(value_size, 8)} slot per possible (not just online) CPU.
     */
    public static int possibleCpus() {
        Path path = Path.of("/sys/devices/system/cpu/possible");
        try {
            return parseCpuRanges(Files.readString(path).strip());
        } catch (IOException | RuntimeException e) {
            throw new BpfException("cannot read the possible CPUs from " + path, e);
        }
    }

    /** Counts the CPUs in a kernel cpulist such as {@code "0-3,8,10-11"}. */
    static int parseCpuRanges(String list) {
        return parseCpuList(list).length;
    }

    /**
     * Online CPU numbers, from /sys/devices/system/cpu/online (per-CPU perf events and perf buffer rings are
     * opened on these, as libbpf does).
     */
    public static int[] onlineCpus() {
        Path path = Path.of("/sys/devices/system/cpu/online");
        try {
            return parseCpuList(Files.readString(path).strip());
        } catch (IOException | RuntimeException e) {
            throw new BpfException("cannot read the online CPUs from " + path, e);
        }
    }

    /** The CPU numbers of a kernel cpulist such as {@code "0-3,8,10-11"}, in order. */
    static int[] parseCpuList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1));
            for (int c = first; c <= last; c++) {
                cpus.add(c);
            }
        }
        return cpus.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The process id from libc (the real system call, unlike the JVM's cached {@code ProcessHandle} value). */
    public static int getpid() {
        return NATIVE.getpid();
    }

    /**
     * read(2) into {@code buf[off..off+len)}; returns the number of bytes read, 0 at end of file. Retries when
     * a signal interrupts it.
     */
    public static int read(Fd fd, byte[] buf, int off, int len, String context) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IndexOutOfBoundsException("read of " + len + " bytes at " + off + " into " + buf.length);
        }
        int raw = fd.acquire("read", context);
        try {
            if (len == 0) {
                return 0;
            }
            try (NativeScope scope = new NativeScope()) {
                NativeMemory m = scope.alloc(len);
                while (true) {
                    long n = NATIVE.read(raw, m.address(), len);
                    if (n >= 0) {
                        m.read(0, buf, off, (int) n);
                        return (int) n;
                    }
                    if (n != -Errno.EINTR) {
                        throw new BpfSyscallException("read", (int) -n, context);
                    }
                }
            }
        } finally {
            fd.exit();
        }
    }

    /** setsockopt(2) with an {@code int} option value, e.g. {@link #SO_ATTACH_BPF} with a program fd. */
    public static void setsockopt(Fd socket, int level, int option, int value, String context) {
        int raw = socket.acquire("setsockopt", context);
        try (NativeScope scope = new NativeScope()) {
            NativeMemory m = scope.alloc(4);
            m.setInt(0, value);
            check(NATIVE.setsockopt(raw, level, option, m.address(), 4), "setsockopt(" + level + ", " + option + ")",
                    context);
        } finally {
            socket.exit();
        }
    }

    /**
     * setns(2): moves the calling thread (only this thread) into the namespace {@code ns} refers to, e.g. a
     * network namespace file under /run/netns with {@link #CLONE_NEWNET}.
     */
    public static void setns(Fd ns, int nstype, String context) {
        int raw = ns.acquire("setns", context);
        try {
            check(NATIVE.setns(raw, nstype), "setns", context);
        } finally {
            ns.exit();
        }
    }

    /** mount(2) without data, e.g. {@code mount("tracefs", "/sys/kernel/tracing", "tracefs", 0)}. */
    public static void mount(String source, String target, String fsType, long flags, String context) {
        try (NativeScope scope = new NativeScope()) {
            int r = NATIVE.mount(scope.cString(source), scope.cString(target), scope.cString(fsType), flags, 0);
            if (r < 0) {
                throw new BpfSyscallException("mount", -r, context, fsType + " at " + target, null);
            }
        }
    }

    /**
     * if_nametoindex(3): the index of a network interface in the calling thread's network namespace.
     *
     * @throws BpfSyscallException with ENODEV when there is no such interface
     */
    public static int ifNameToIndex(String name) {
        try (NativeScope scope = new NativeScope()) {
            int index = NATIVE.ifNameToIndex(scope.cString(name));
            if (index > 0) {
                return index;
            }
            throw new BpfSyscallException("if_nametoindex", -index, "network interface '" + name + "'");
        }
    }

    public static long pageSize() {
        return check(NATIVE.sysconf(SC_PAGESIZE), "sysconf(_SC_PAGESIZE)", null);
    }

    /** open(2) with O_CLOEXEC added, e.g. for a cgroup directory or a namespace file. */
    public static Fd open(String path, int flags, String context) {
        try (NativeScope scope = new NativeScope()) {
            int fd = NATIVE.open(scope.cString(path), flags | O_CLOEXEC, 0);
            if (fd < 0) {
                throw new BpfSyscallException("open", -fd, context, "path " + path, null);
            }
            return Fd.fromKernel(fd, "open", context);
        }
    }

    public static MappedMemory mmap(Fd fd, long length, int prot, int flags, long offset, String context) {
        int raw = fd.acquire("mmap", context);
        try {
            long address = check(NATIVE.mmap(0, length, prot, flags, raw, offset), "mmap", context);
            return new MappedMemory(address, length, context);
        } finally {
            fd.exit();
        }
    }

    /**
     * perf_event_open(2).
     *
     * @param pid process to observe, 0 for the caller, -1 for all (needs cpu >= 0)
     * @param cpu CPU to observe, -1 for any
     * @param group group leader, or null
     */
    public static Fd perfEventOpen(PerfEventAttr attr, int pid, int cpu, Fd group, long flags, String context) {
        long nr = SyscallNumbers.CURRENT.require(SyscallNumbers.CURRENT.perfEventOpen(), "perf_event_open");
        try (NativeScope scope = new NativeScope()) {
            int groupFd = group == null ? -1 : scope.hold(group, "perf_event_open", context);
            NativeMemory m = scope.alloc(PerfEventAttr.SIZE);
            attr.encode(m, scope);
            long fd = check(NATIVE.syscall5(nr, m.address(), pid, cpu, groupFd, flags | PERF_FLAG_FD_CLOEXEC),
                    "perf_event_open", context);
            return Fd.fromKernel((int) fd, "perf_event_open", context);
        }
    }

    public static int ioctl(Fd fd, long request, long arg, String context) {
        String name = "ioctl(0x" + Long.toHexString(request) + ")";
        int raw = fd.acquire(name, context);
        try {
            return (int) check(NATIVE.ioctl(raw, request, arg), name, context);
        } finally {
            fd.exit();
        }
    }

    public static Fd epollCreate(String context) {
        int fd = (int) check(NATIVE.epollCreate1(EPOLL_CLOEXEC), "epoll_create1", context);
        return Fd.fromKernel(fd, "epoll_create1", context);
    }

    /** epoll_ctl(2); {@code data} is returned in {@link EpollEvent#data()} when {@code fd} is ready. */
    public static void epollCtl(Fd epoll, int op, Fd fd, int events, long data, String context) {
        int ep = epoll.acquire("epoll_ctl", context);
        try {
            int target = fd.acquire("epoll_ctl", context);
            try (NativeScope scope = new NativeScope()) {
                NativeMemory m = scope.alloc(EpollEvent.SIZE);
                new EpollEvent(events, data).encode(m);
                check(NATIVE.epollCtl(ep, op, target, m.address()), "epoll_ctl", context);
            } finally {
                fd.exit();
            }
        } finally {
            epoll.exit();
        }
    }

    /**
     * epoll_wait(2) into caller-owned memory of {@code maxEvents * }{@link EpollEvent#SIZE} bytes, for
     * poll loops that must not allocate; read the results with {@link EpollEvent#dataAt}. Returns the
     * number of ready descriptors, 0 on timeout or when a signal interrupted the wait.
     */
    public static int epollWait(Fd epoll, NativeMemory events, int maxEvents, int timeoutMs, String context) {
        if ((long) maxEvents * EpollEvent.SIZE > events.size()) {
            throw new IllegalArgumentException(maxEvents + " events do not fit in " + events);
        }
        int ep = epoll.acquire("epoll_wait", context);
        int n;
        try {
            n = NATIVE.epollWait(ep, events.address(), maxEvents, timeoutMs);
        } finally {
            epoll.exit();
        }
        if (n == -Errno.EINTR) {
            return 0;
        }
        return (int) check(n, "epoll_wait", context);
    }

    /**
     * epoll_wait(2). Returns no events on timeout or when interrupted by a signal.
     *
     * @param timeoutMs -1 to wait forever, 0 to poll
     */
    public static List<EpollEvent> epollWait(Fd epoll, int maxEvents, int timeoutMs, String context) {
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("maxEvents must be positive");
        }
        int ep = epoll.acquire("epoll_wait", context);
        try (NativeScope scope = new NativeScope()) {
            NativeMemory m = scope.alloc((long) EpollEvent.SIZE * maxEvents);
            int n = NATIVE.epollWait(ep, m.address(), maxEvents, timeoutMs);
            if (n == -Errno.EINTR) {
                return List.of();
            }
            check(n, "epoll_wait", context);
            List<EpollEvent> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                events.add(EpollEvent.decode(m, i));
            }
            return events;
        } finally {
            epoll.exit();
        }
    }
}

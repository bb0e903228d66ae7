package io.bpfskel.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.bpfskel.BpfException;
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

    private Syscalls() {}

    /** bpf(2); failures become a {@link BpfSyscallException} naming the command. */
    static long bpf(BpfCommand cmd, Pointer attr, int size, String context) {
        try {
            return Libc.syscall(bpfNumber(), cmd.number(), Pointer.nativeValue(attr), size, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new BpfSyscallException(cmd.uapiName(), e.getErrorCode(), context);
        }
    }

    /**
     * bpf(2) returning {@code -errno} on failure, for calls where an errno is an answer rather than
     * an error (ENOENT from a lookup) or is retried.
     */
    static long bpfOrErrno(BpfCommand cmd, Pointer attr, int size) {
        long r = LibcQuiet.syscall(bpfNumber(), cmd.number(), Pointer.nativeValue(attr), size);
        if (r != -1) {
            return r;
        }
        int errno = Native.getLastError();
        if (errno <= 0) {
            throw new BpfException(cmd.uapiName() + " failed but JNA recorded no errno; "
                    + "bpfskel needs JNA's default jna.preserve_last_error=true");
        }
        return -errno;
    }

    private static long bpfNumber() {
        return SyscallNumbers.CURRENT.require(SyscallNumbers.CURRENT.bpf(), "bpf");
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
            return Optional.of("cannot call into libc through JNA: " + e);
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

    /**
     * The online CPUs, from /sys/devices/system/cpu/online (perf buffers open one ring per online CPU,
     * as libbpf does).
     */
    public static int[] onlineCpus() {
        Path path = Path.of("/sys/devices/system/cpu/online");
        try {
            return listCpuRanges(Files.readString(path).strip());
        } catch (IOException | RuntimeException e) {
            throw new BpfException("cannot read the online CPUs from " + path, e);
        }
    }

    /** The CPU numbers of a kernel cpulist such as {@code "0-3,8"}, ascending. */
    static int[] listCpuRanges(String list) {
        int[] cpus = new int[parseCpuRanges(list)];
        int n = 0;
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            for (int c = from; c <= to; c++) {
                cpus[n++] = c;
            }
        }
        return cpus;
    }

    /** Counts the CPUs in a kernel cpulist such as {@code "0-3,8,10-11"}. */
    static int parseCpuRanges(String list) {
        int count = 0;
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                Integer.parseInt(part);
                count++;
            } else {
                count += Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
            }
        }
        return count;
    }

    public static int getpid() {
        return Libc.getpid();
    }

    public static long pageSize() {
        try {
            return Libc.sysconf(SC_PAGESIZE);
        } catch (LastErrorException e) {
            throw new BpfSyscallException("sysconf(_SC_PAGESIZE)", e.getErrorCode(), null);
        }
    }

    /** open(2) with O_CLOEXEC added, e.g. for a cgroup directory or a namespace file. */
    public static Fd open(String path, int flags, String context) {
        try (NativeScope scope = new NativeScope()) {
            int fd = Libc.open(scope.cString(path), flags | O_CLOEXEC, 0);
            return Fd.fromKernel(fd, "open", context);
        } catch (LastErrorException e) {
            throw new BpfSyscallException("open", e.getErrorCode(), context, "path " + path, null);
        }
    }

    public static MappedMemory mmap(Fd fd, long length, int prot, int flags, long offset, String context) {
        int raw = fd.rawFor("mmap", context);
        try {
            long address = Libc.mmap(0, length, prot, flags, raw, offset);
            return new MappedMemory(address, length);
        } catch (LastErrorException e) {
            throw new BpfSyscallException("mmap", e.getErrorCode(), context);
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
        int groupFd = group == null ? -1 : group.rawFor("perf_event_open", context);
        try (NativeScope scope = new NativeScope()) {
            Memory m = scope.alloc(PerfEventAttr.SIZE);
            attr.encode(m, scope);
            long fd = Libc.syscall(nr, Pointer.nativeValue(m), pid, cpu, groupFd, flags | PERF_FLAG_FD_CLOEXEC, 0);
            return Fd.fromKernel((int) fd, "perf_event_open", context);
        } catch (LastErrorException e) {
            throw new BpfSyscallException("perf_event_open", e.getErrorCode(), context);
        }
    }

    public static int ioctl(Fd fd, long request, long arg, String context) {
        String name = "ioctl(0x" + Long.toHexString(request) + ")";
        int raw = fd.rawFor(name, context);
        try {
            return Libc.ioctl(raw, request, arg);
        } catch (LastErrorException e) {
            throw new BpfSyscallException(name, e.getErrorCode(), context);
        }
    }

    public static Fd epollCreate(String context) {
        try {
            return Fd.fromKernel(Libc.epoll_create1(EPOLL_CLOEXEC), "epoll_create1", context);
        } catch (LastErrorException e) {
            throw new BpfSyscallException("epoll_create1", e.getErrorCode(), context);
        }
    }

    /** epoll_ctl(2); {@code data} is returned in {@link EpollEvent#data()} when {@code fd} is ready. */
    public static void epollCtl(Fd epoll, int op, Fd fd, int events, long data, String context) {
        int ep = epoll.rawFor("epoll_ctl", context);
        int target = fd.rawFor("epoll_ctl", context);
        try (NativeScope scope = new NativeScope()) {
            Memory m = scope.alloc(EpollEvent.SIZE);
            new EpollEvent(events, data).encode(m);
            Libc.epoll_ctl(ep, op, target, Pointer.nativeValue(m));
        } catch (LastErrorException e) {
            throw new BpfSyscallException("epoll_ctl", e.getErrorCode(), context);
        }
    }

    /**
     * epoll_wait(2) into caller-owned memory of {@code maxEvents * }{@link EpollEvent#SIZE} bytes, for
     * poll loops that must not allocate; read the results with {@link EpollEvent#dataAt}. Returns the
     * number of ready descriptors, 0 on timeout or when a signal interrupted the wait.
     */
    public static int epollWait(Fd epoll, Pointer events, int maxEvents, int timeoutMs, String context) {
        int ep = epoll.rawFor("epoll_wait", context);
        try {
            return Libc.epoll_wait(ep, Pointer.nativeValue(events), maxEvents, timeoutMs);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) {
                return 0;
            }
            throw new BpfSyscallException("epoll_wait", e.getErrorCode(), context);
        }
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
        int ep = epoll.rawFor("epoll_wait", context);
        try (NativeScope scope = new NativeScope()) {
            Memory m = scope.alloc((long) EpollEvent.SIZE * maxEvents);
            int n = Libc.epoll_wait(ep, Pointer.nativeValue(m), maxEvents, timeoutMs);
            List<EpollEvent> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                events.add(EpollEvent.decode(m, i));
            }
            return events;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) {
                return List.of();
            }
            throw new BpfSyscallException("epoll_wait", e.getErrorCode(), context);
        }
    }
}

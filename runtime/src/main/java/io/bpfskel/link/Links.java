package io.bpfskel.link;

import io.bpfskel.error.BpfException;
import io.bpfskel.error.BpfNotSupportedException;
import io.bpfskel.object.SectionDef;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.BpfFs;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.error.Errno;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.LinkCreateAttr;
import io.bpfskel.sys.LinkInfo;
import io.bpfskel.sys.PerfEventAttr;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.uapi.AttachType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attaches loaded programs; every method returns a {@link BpfLink} the caller owns (closing it detaches).
 * {@link io.bpfskel.BpfProgram} has the same methods for programs of a collection.
 *
 * <p>Failures name the program and the attach point. A kind of attachment the running kernel does not have
 * (kprobes on a kernel without CONFIG_KPROBES, a link type it does not know) is a
 * {@link BpfNotSupportedException}; other kernel refusals are {@link BpfSyscallException}s with the errno.
 */
public final class Links {
    private static final Pattern KPROBE_TARGET = Pattern.compile("([a-zA-Z0-9_.]+)(?:\\+(\\S+))?");

    private Links() {}

    // ---------------------------------------------------------------- auto-attach

    /**
     * Attaches as the program's section says, like libbpf's auto-attach: {@code tp/<category>/<name>},
     * {@code raw_tp/<name>}, {@code k[ret]probe/<function>[+<offset>]}, {@code k[ret]syscall/<name>},
     * {@code u[ret]probe/<binary>:<function>[+<offset>]}, {@code iter/<name>}, {@code fentry/}, {@code fexit/},
     * {@code fmod_ret/}, {@code tp_btf/}, {@code lsm/}. Empty when the section does not say where to attach
     * (bare {@code uprobe}, {@code xdp}, {@code cgroup_skb/ingress}, {@code socket}, ...): those need an explicit
     * attach method.
     *
     * @throws BpfException when the section says where but in a form that cannot be parsed or is not supported
     */
    public static Optional<BpfLink> auto(ProgramRef p) {
        return auto(p, null);
    }

    /**
     * {@link #auto(ProgramRef)}, plus {@code usdt/<binary>:<provider>:<name>} with the program's object's USDT
     * state, and {@code u[ret]probe.multi/<binary>:<pattern>}, {@code k[ret]probe.multi/<pattern>}.
     *
     * @param usdt the USDT spec maps of the program's object; needed only for {@code usdt/} sections
     */
    public static Optional<BpfLink> auto(ProgramRef p, UsdtManager usdt) {
        String sec = p.sectionName();
        if (sec == null) {
            return Optional.empty();
        }
        Optional<SectionDef> found = SectionDef.find(sec);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SectionDef def = found.get();
        String target = def.attachTarget(sec);
        String prefix = def.pattern().endsWith("+") ? def.pattern().substring(0, def.pattern().length() - 1) : def.pattern();
        switch (def.type()) {
            case TRACEPOINT: {
                if (target.isEmpty()) {
                    return Optional.empty();
                }
                int slash = target.indexOf('/');
                if (slash <= 0 || slash == target.length() - 1) {
                    throw new BpfException(p.what() + ": section '" + sec + "' should be '" + prefix
                            + "/<category>/<name>'");
                }
                return Optional.of(tracepoint(p, target.substring(0, slash), target.substring(slash + 1)));
            }
            case RAW_TRACEPOINT:
            case RAW_TRACEPOINT_WRITABLE:
                return target.isEmpty() ? Optional.empty() : Optional.of(rawTracepoint(p, target));
            case KPROBE:
                return autoProbe(p, def, prefix, target, usdt);
            case TRACING:
                if (def.expectedAttachType() == AttachType.TRACE_ITER) {
                    return Optional.of(iter(p, null));
                }
                return Optional.of(tracing(p, 0));
            case LSM:
                // lsm_cgroup programs attach to a cgroup, which the section cannot name.
                return def.expectedAttachType() == AttachType.LSM_CGROUP ? Optional.empty() : Optional.of(tracing(p, 0));
            default:
                return Optional.empty();
        }
    }

    private static Optional<BpfLink> autoProbe(ProgramRef p, SectionDef def, String prefix, String target,
            UsdtManager usdt) {
        String sec = p.sectionName();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        if ((def.flags() & SectionDef.USDT) != 0) {
            String[] parts = usdtTarget(p, prefix, target);
            if (usdt == null) {
                throw new BpfException(p.what() + ": section '" + sec + "' attaches through the object's USDT maps;"
                        + " attach it through its BpfCollection or BpfProgram");
            }
            return Optional.of(usdt(p, usdt, Path.of(parts[0]), parts[1], parts[2], UsdtOptions.defaults()));
        }
        if (prefix.contains(".session")) {
            throw new BpfException(p.what() + ": auto-attach of '" + prefix + "' sections is not supported by bpfskel yet");
        }
        if (prefix.startsWith("uprobe.multi") || prefix.startsWith("uretprobe.multi")) {
            int colon = target.indexOf(':');
            if (colon <= 0 || colon == target.length() - 1) {
                throw new BpfException(p.what() + ": section '" + sec + "' should be '" + prefix
                        + "/<binary>:<function pattern>'");
            }
            return Optional.of(uprobeMulti(p, Path.of(target.substring(0, colon)), target.substring(colon + 1),
                    UprobeMultiOptions.defaults().withRetprobe(prefix.startsWith("uretprobe"))));
        }
        if (prefix.startsWith("kprobe.multi") || prefix.startsWith("kretprobe.multi")) {
            return Optional.of(kprobeMulti(p, target,
                    KprobeMultiOptions.defaults().withRetprobe(prefix.startsWith("kretprobe"))));
        }
        switch (prefix) {
            case "kprobe":
            case "kretprobe": {
                Matcher m = KPROBE_TARGET.matcher(target);
                if (!m.matches()) {
                    throw new BpfException(p.what() + ": section '" + sec + "' should be '" + prefix
                            + "/<function>[+<offset>]'");
                }
                long offset = m.group(2) == null ? 0 : parseOffset(p, sec, m.group(2));
                boolean ret = prefix.equals("kretprobe");
                if (ret && offset != 0) {
                    throw new BpfException(p.what() + ": section '" + sec + "': kretprobes take no offset");
                }
                return Optional.of(kprobe(p, m.group(1), new KprobeOptions(ret, offset, 0, ProbeAttachMode.DEFAULT)));
            }
            case "ksyscall":
            case "kretsyscall":
                return Optional.of(kprobe(p, syscallFunction(target),
                        new KprobeOptions(prefix.equals("kretsyscall"), 0, 0, ProbeAttachMode.DEFAULT)));
            default: {
                // u[ret]probe[.s]/<binary>:<function>[+<offset>], as libbpf's attach_uprobe parses it.
                int colon = target.indexOf(':');
                if (colon <= 0) {
                    throw new BpfException(p.what() + ": section '" + sec + "' is missing ':function[+offset]'");
                }
                String binary = target.substring(0, colon);
                String function = target.substring(colon + 1);
                long offset = 0;
                int plus = function.lastIndexOf('+');
                if (plus >= 0) {
                    Long parsed = tryParseOffset(function.substring(plus + 1));
                    if (parsed != null) {
                        offset = parsed;
                        function = function.substring(0, plus);
                    }
                }
                boolean ret = prefix.startsWith("uretprobe");
                if (ret && offset != 0) {
                    throw new BpfException(p.what() + ": section '" + sec + "': uretprobes take no offset");
                }
                return Optional.of(uprobe(p, UprobeTarget.resolveBinary(binary), function.isEmpty() ? null : function,
                        offset, UprobeOptions.defaults().withRetprobe(ret)));
            }
        }
    }

    /** usdt/<path>:<provider>:<name>, none containing ':' (text after a third ':' is ignored, as in libbpf). */
    private static String[] usdtTarget(ProgramRef p, String prefix, String target) {
        String[] parts = target.split(":", -1);
        if (parts.length < 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
            throw new BpfException(p.what() + ": section '" + p.sectionName() + "' should be '" + prefix
                    + "/<binary>:<provider>:<name>'");
        }
        return parts;
    }

    /**
     * The USDT probe the program's section names ({@code usdt/<binary>:<provider>:<name>}), with options: e.g. only
     * one process, whose mappings then resolve a binary named without a directory ({@code libjvm.so}).
     */
    public static BpfLink usdt(ProgramRef p, UsdtManager usdt, UsdtOptions options) {
        String sec = p.sectionName();
        Optional<SectionDef> def = sec == null ? Optional.empty() : SectionDef.find(sec);
        if (def.isEmpty() || (def.get().flags() & SectionDef.USDT) == 0 || def.get().attachTarget(sec).isEmpty()) {
            throw new BpfException(p.what() + ": section '" + sec + "' names no USDT probe (usdt/<binary>:<provider>:"
                    + "<name>); pass the binary, provider and name");
        }
        String prefix = def.get().pattern().replace("+", "");
        String[] parts = usdtTarget(p, prefix, def.get().attachTarget(sec));
        return usdt(p, usdt, Path.of(parts[0]), parts[1], parts[2], options);
    }

    private static long parseOffset(ProgramRef p, String sec, String text) {
        Long v = tryParseOffset(text);
        if (v == null || v < 0) {
            throw new BpfException(p.what() + ": section '" + sec + "': bad offset '" + text + "'");
        }
        return v;
    }

    /** C's {@code %li}: decimal, 0x hex or 0 octal; null when the text is not entirely a number. */
    private static Long tryParseOffset(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseLong(text.substring(2), 16);
            }
            if (text.length() > 1 && text.startsWith("0")) {
                return Long.parseLong(text.substring(1), 8);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The kernel function behind a system call: {@code __x64_sys_<name>} on x86_64, as libbpf names it. */
    private static String syscallFunction(String name) {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "__x64_sys_" + name;
            case "aarch64":
                return "__arm64_sys_" + name;
            case "riscv64":
                return "__riscv_sys_" + name;
            default:
                return "__se_sys_" + name;
        }
    }

    // ---------------------------------------------------------------- tracing

    /** A tracepoint from tracefs ({@code events/<category>/<name>}), e.g. {@code syscalls}, {@code sys_enter_getpid}. */
    public static BpfLink tracepoint(ProgramRef p, String category, String name) {
        return tracepoint(p, category, name, 0, ProbeAttachMode.DEFAULT);
    }

    /**
     * @param cookie {@code bpf_get_attach_cookie()} value; needs a BPF link
     * @param mode {@link ProbeAttachMode#PERF} or {@link ProbeAttachMode#LEGACY} attach with ioctl instead of a link
     */
    public static BpfLink tracepoint(ProgramRef p, String category, String name, long cookie, ProbeAttachMode mode) {
        String target = "tracepoint " + category + "/" + name;
        String what = p.what() + " on " + target;
        long id = Tracefs.mounted().tracepointId(category, name);
        Fd event = Syscalls.perfEventOpen(PerfEventAttr.of(PerfEventAttr.TYPE_TRACEPOINT, id), -1, 0, null, 0, what);
        return perfEvent(p, event, cookie, mode, AttachKind.TRACEPOINT, target, null);
    }

    /** A raw tracepoint ({@code BPF_RAW_TRACEPOINT_OPEN}), e.g. {@code sys_enter}. */
    public static BpfLink rawTracepoint(ProgramRef p, String name) {
        String target = "raw tracepoint " + name;
        Fd fd = Bpf.rawTracepointOpen(p.kernelFd(), name, 0, p.what() + " on " + target);
        return new FdLink(AttachKind.RAW_TRACEPOINT, p.name(), target, fd, List.of());
    }

    /**
     * A kprobe on kernel function {@code function}: through the kprobe PMU, or tracefs {@code kprobe_events}.
     *
     * @throws BpfNotSupportedException on a kernel without kprobes
     */
    public static BpfLink kprobe(ProgramRef p, String function, KprobeOptions o) {
        String target = (o.retprobe() ? "kretprobe " : "kprobe ") + function + (o.offset() != 0 ? "+" + o.offset() : "");
        String what = p.what() + " on " + target;
        Probes.ProbeEvent pe = Probes.open(false, o.retprobe(), function, o.offset(), -1, 0, o.mode(), what);
        return perfEvent(p, pe.event(), o.cookie(), o.mode(), AttachKind.KPROBE, target, pe.remove());
    }

    /**
     * A uprobe on a function of an executable or shared object, by symbol (resolved with
     * {@link UprobeTarget#functionOffset}) plus {@code offset}, or, with a null {@code function}, at file offset
     * {@code offset}. A binary named without a directory is looked up like {@link UprobeTarget#resolveBinary}.
     */
    public static BpfLink uprobe(ProgramRef p, Path binary, String function, long offset, UprobeOptions o) {
        Path path = binary.getNameCount() == 1 && !binary.isAbsolute() ? UprobeTarget.resolveBinary(binary.toString())
                : binary;
        path = path.toAbsolutePath();
        long fileOffset = offset + (function != null ? UprobeTarget.functionOffset(path, function) : 0);
        String at = function != null ? function + (offset != 0 ? "+0x" + Long.toHexString(offset) : "")
                : "0x" + Long.toHexString(offset);
        String target = (o.retprobe() ? "uretprobe " : "uprobe ") + path + ":" + at + (o.pid() >= 0 ? " (pid " + o.pid() + ")" : "");
        String what = p.what() + " on " + target;
        Probes.ProbeEvent pe = Probes.open(true, o.retprobe(), path.toString(), fileOffset, o.pid(), o.refCtrOffset(),
                o.mode(), what);
        return perfEvent(p, pe.event(), o.cookie(), o.mode(), AttachKind.UPROBE, target, pe.remove());
    }

    /**
     * A USDT probe: every site of {@code provider:name} in {@code binary} (an executable or shared object; a name
     * without '/' is found among the mappings of {@code options.pid()}, else like a uprobe binary), with one link.
     * Each distinct argument spec gets a spec id in {@code usdt}'s maps, which {@code bpf_usdt_arg()} reads; the
     * id travels in the BPF cookie (or, on kernels without cookies, in the IP map). Semaphores are incremented by
     * the kernel while attached ({@code ref_ctr_offset}). A program loaded with {@code BPF_TRACE_UPROBE_MULTI} (a
     * {@code usdt} program on a kernel with uprobe.multi links) gets one uprobe.multi link, otherwise one uprobe
     * per site in a {@link LinkGroup}.
     */
    public static BpfLink usdt(ProgramRef p, UsdtManager usdt, Path binary, String provider, String name,
            UsdtOptions options) {
        return MultiAttach.usdt(p, usdt, binary, provider, name, options);
    }

    /**
     * Many uprobes in one binary with one uprobe.multi link (6.6+): the functions matching {@code pattern} (a glob;
     * null to use {@code options}' symbols or offsets), each with its cookie when {@code options} has cookies.
     *
     * @throws BpfNotSupportedException on a kernel without uprobe.multi links
     */
    public static BpfLink uprobeMulti(ProgramRef p, Path binary, String pattern, UprobeMultiOptions options) {
        return MultiAttach.uprobeMulti(p, binary, pattern, options);
    }

    /**
     * Many kprobes with one kprobe.multi link (5.18+, CONFIG_FPROBE): the kernel functions matching
     * {@code pattern} (a glob over tracefs {@code available_filter_functions}; null to use {@code options}'
     * symbols or addresses).
     *
     * @throws BpfNotSupportedException on a kernel without kprobe.multi links
     */
    public static BpfLink kprobeMulti(ProgramRef p, String pattern, KprobeMultiOptions options) {
        return MultiAttach.kprobeMulti(p, pattern, options);
    }

    /**
     * An already opened perf event (hardware, software, tracepoint, probe): with a BPF link when the kernel has
     * perf links (5.15+), else with {@code PERF_EVENT_IOC_SET_BPF}. The link takes ownership of {@code event} and
     * closes it, also when attaching fails.
     */
    static BpfLink perfEvent(ProgramRef p, Fd event, long cookie, ProbeAttachMode mode) {
        return perfEvent(p, event, cookie, mode, AttachKind.PERF_EVENT, "perf event " + event, null);
    }

    /**
     * Sampling: opens {@code attr} on every online CPU for all processes (e.g. a software cpu-clock with a sample
     * period) and attaches the program to each; the returned {@link LinkGroup} closes them together.
     */
    public static LinkGroup perfEventOnEachCpu(ProgramRef p, PerfEvent sampling) {
        PerfEventAttr attr = sampling.attr();
        int[] cpus = Syscalls.onlineCpus();
        String target = "perf event (type " + attr.type() + ", config " + attr.config() + ") on CPUs "
                + Arrays.toString(cpus);
        List<BpfLink> links = new ArrayList<>();
        try {
            for (int cpu : cpus) {
                String one = "perf event (type " + attr.type() + ", config " + attr.config() + ") on CPU " + cpu;
                Fd event = Syscalls.perfEventOpen(attr, -1, cpu, null, 0, p.what() + " on " + one);
                links.add(perfEvent(p, event, 0, ProbeAttachMode.DEFAULT, AttachKind.PERF_EVENT, one, null));
            }
        } catch (RuntimeException e) {
            closeAll(links, e);
            throw e;
        }
        return new LinkGroup(AttachKind.PERF_EVENT, p.name(), target, links);
    }

    private static BpfLink perfEvent(ProgramRef p, Fd event, long cookie, ProbeAttachMode mode, AttachKind kind,
            String target, Runnable removeProbe) {
        String what = p.what() + " on " + target;
        List<Runnable> cleanup = new ArrayList<>();
        cleanup.add(() -> {
            try {
                Syscalls.ioctl(event, Syscalls.PERF_EVENT_IOC_DISABLE, 0, what);
            } finally {
                event.close();
            }
        });
        if (removeProbe != null) {
            cleanup.add(removeProbe);
        }
        try {
            if (mode != ProbeAttachMode.LEGACY && mode != ProbeAttachMode.PERF) {
                try {
                    Fd link = Bpf.linkCreate(new LinkCreateAttr(p.kernelFd(), event, 0, AttachType.PERF_EVENT, 0,
                            new LinkCreateAttr.PerfEvent(cookie)), what);
                    try {
                        Syscalls.ioctl(event, Syscalls.PERF_EVENT_IOC_ENABLE, 0, what);
                    } catch (RuntimeException e) {
                        link.close();
                        throw e;
                    }
                    return new FdLink(kind, p.name(), target, link, cleanup);
                } catch (BpfSyscallException e) {
                    // Kernels before 5.15 have no perf-event links and reject the attach type.
                    boolean noPerfLink = e.errno() == Errno.EINVAL || Probes.isUnsupported(e);
                    if (mode == ProbeAttachMode.LINK || cookie != 0 || !noPerfLink) {
                        throw e;
                    }
                }
            }
            if (cookie != 0) {
                throw new BpfException(what + ": a cookie needs a BPF link, not PERF_EVENT_IOC_SET_BPF (attach mode "
                        + mode + ")");
            }
            Fd prog = p.kernelFd();
            int progFd = prog.acquire("PERF_EVENT_IOC_SET_BPF", what);
            try {
                Syscalls.ioctl(event, Syscalls.PERF_EVENT_IOC_SET_BPF, progFd, what);
            } finally {
                prog.exit();
            }
            Syscalls.ioctl(event, Syscalls.PERF_EVENT_IOC_ENABLE, 0, what);
            int programId = Bpf.progInfo(p.kernelFd(), what).id();
            // Closing the event (in cleanup) is what detaches an ioctl attachment.
            return new LegacyLink(kind, p.name(), target, "PERF_EVENT_IOC_SET_BPF", programId, () -> { }, cleanup);
        } catch (RuntimeException e) {
            runAll(cleanup, e);
            throw e;
        }
    }

    /**
     * fentry, fexit, fmod_ret, tp_btf and lsm programs: their target was fixed at load (attach BTF id), so only the
     * program is needed.
     */
    public static BpfLink tracing(ProgramRef p, long cookie) {
        AttachType at = requireAttachType(p, "tracing link");
        AttachKind kind = at == AttachType.LSM_MAC ? AttachKind.LSM : AttachKind.TRACING;
        String target = p.sectionName() != null ? p.sectionName() : at.name().toLowerCase(Locale.ROOT);
        String what = p.what() + " on " + target;
        Fd fd;
        try {
            fd = Bpf.linkCreate(new LinkCreateAttr(p.kernelFd(), null, 0, at, 0,
                    new LinkCreateAttr.Tracing(0, cookie)), what);
        } catch (BpfSyscallException e) {
            // Before 5.19 (tracing) and 6.10 (tp_btf) links of these programs came only from RAW_TRACEPOINT_OPEN.
            if (e.errno() != Errno.EINVAL || cookie != 0) {
                throw unsupportedOr(e, at.name().toLowerCase(Locale.ROOT), what);
            }
            try {
                fd = Bpf.rawTracepointOpen(p.kernelFd(), null, 0, what);
            } catch (BpfSyscallException e2) {
                throw unsupportedOr(e2, at.name().toLowerCase(Locale.ROOT), what);
            }
        }
        return new FdLink(kind, p.name(), target, fd, List.of());
    }

    /**
     * An iterator ({@code iter/<name>} program); read its output with {@link IterLink#readAll()}.
     *
     * @param iterInfo a raw {@code union bpf_iter_link_info} (e.g. the map fd of a map-element iterator), or null
     */
    public static IterLink iter(ProgramRef p, byte[] iterInfo) {
        String sec = p.sectionName();
        String target = "iterator " + (sec != null && sec.indexOf('/') >= 0 ? sec.substring(sec.indexOf('/') + 1) : "");
        String what = p.what() + " on " + target;
        Fd fd = linkCreate(new LinkCreateAttr(p.kernelFd(), null, 0, AttachType.TRACE_ITER, 0,
                iterInfo == null ? null : new LinkCreateAttr.Iter(iterInfo)), "iterator", what);
        return new IterLink(p.name(), target, fd, List.of());
    }

    // ---------------------------------------------------------------- networking

    /** XDP on the interface with this index (in the calling thread's network namespace). */
    public static BpfLink xdp(ProgramRef p, int ifindex, XdpMode mode) {
        return xdp(p, ifindex, "interface " + ifindex, mode);
    }

    /** XDP on the named interface (of the calling thread's network namespace). */
    public static BpfLink xdp(ProgramRef p, String ifname, XdpMode mode) {
        return xdp(p, Syscalls.ifNameToIndex(ifname), "interface " + ifname, mode);
    }

    private static BpfLink xdp(ProgramRef p, int ifindex, String iface, XdpMode mode) {
        String target = "XDP of " + iface + (mode != XdpMode.DEFAULT ? " (" + mode.name().toLowerCase(Locale.ROOT) + " mode)" : "");
        String what = p.what() + " on " + target;
        Fd fd = linkCreate(new LinkCreateAttr(p.kernelFd(), null, ifindex, AttachType.XDP, mode.flags(), null),
                "XDP", what);
        return new FdLink(AttachKind.XDP, p.name(), target, fd, List.of());
    }

    /** tcx (kernel 6.6+): the program runs at the device's ingress or egress, after those attached before it. */
    public static BpfLink tcx(ProgramRef p, int ifindex, TcxDirection direction) {
        return tcx(p, ifindex, "interface " + ifindex, direction);
    }

    public static BpfLink tcx(ProgramRef p, String ifname, TcxDirection direction) {
        return tcx(p, Syscalls.ifNameToIndex(ifname), "interface " + ifname, direction);
    }

    private static BpfLink tcx(ProgramRef p, int ifindex, String iface, TcxDirection direction) {
        String target = "tcx " + direction.name().toLowerCase(Locale.ROOT) + " of " + iface;
        String what = p.what() + " on " + target;
        Fd fd = linkCreate(new LinkCreateAttr(p.kernelFd(), null, ifindex, direction.attachType(), 0, null),
                "tcx", what);
        return new FdLink(AttachKind.TCX, p.name(), target, fd, List.of());
    }

    /**
     * A cgroup v2 directory, with the program's expected attach type (cgroup_skb/ingress,
     * cgroup/connect4, cgroup/sysctl, cgroup/dev, ...).
     */
    public static BpfLink cgroup(ProgramRef p, Path cgroup) {
        return cgroup(p, cgroup, requireAttachType(p, "cgroup"));
    }

    /** A cgroup v2 directory, with an explicit attach type (needed for {@code cgroup/skb} sections). */
    public static BpfLink cgroup(ProgramRef p, Path cgroup, AttachType type) {
        String what = p.what() + " on cgroup " + cgroup;
        try (Fd fd = Syscalls.open(cgroup.toString(), Syscalls.O_RDONLY, what)) {
            return cgroup(p, fd, cgroup.toString(), type);
        }
    }

    /** A cgroup given by an open fd of its directory (not taken over). */
    static BpfLink cgroup(ProgramRef p, Fd cgroup, AttachType type) {
        return cgroup(p, cgroup, "cgroup fd " + cgroup, type);
    }

    private static BpfLink cgroup(ProgramRef p, Fd cgroup, String name, AttachType type) {
        String target = "cgroup " + name + " (" + type.name().toLowerCase(Locale.ROOT) + ")";
        Fd fd = linkCreate(LinkCreateAttr.of(p.kernelFd(), cgroup, type), "cgroup", p.what() + " on " + target);
        return new FdLink(AttachKind.CGROUP, p.name(), target, fd, List.of());
    }

    /**
     * A network namespace, e.g. {@code /run/netns/<name>} or {@code /proc/<pid>/ns/net}, for sk_lookup and flow
     * dissector programs (attach type from the program).
     */
    public static BpfLink netns(ProgramRef p, Path netns) {
        String what = p.what() + " on network namespace " + netns;
        try (Fd fd = Syscalls.open(netns.toString(), Syscalls.O_RDONLY, what)) {
            return netns(p, fd, netns.toString());
        }
    }

    /** A network namespace given by an open fd (not taken over). */
    static BpfLink netns(ProgramRef p, Fd netns) {
        return netns(p, netns, "fd " + netns);
    }

    private static BpfLink netns(ProgramRef p, Fd netns, String name) {
        AttachType type = requireAttachType(p, "network namespace");
        String target = "network namespace " + name + " (" + type.name().toLowerCase(Locale.ROOT) + ")";
        Fd fd = linkCreate(LinkCreateAttr.of(p.kernelFd(), netns, type), "netns", p.what() + " on " + target);
        return new FdLink(AttachKind.NETNS, p.name(), target, fd, List.of());
    }

    /**
     * A socket filter on an open socket ({@code SO_ATTACH_BPF}). The caller keeps owning {@code socketFd} and may
     * close it at any time: the link holds its own reference to the socket (a dup of the descriptor), so closing
     * the link never touches an unrelated file; closing removes the socket's filter ({@code SO_DETACH_BPF}).
     *
     * @param socketFd an open socket's descriptor (from {@code socket(2)} through JNA or {@code java.lang.foreign},
     *     or a library that exposes its sockets' descriptors); borrowed only for this call
     */
    public static BpfLink socketFilter(ProgramRef p, int socketFd) {
        String target = "socket fd " + socketFd;
        String what = p.what() + " on " + target;
        Fd own = Fd.dupOf(socketFd, "socket filter " + what);
        try {
            Fd prog = p.kernelFd();
            int progFd = prog.acquire("setsockopt(SO_ATTACH_BPF)", what);
            try {
                Syscalls.setsockopt(own, Syscalls.SOL_SOCKET, Syscalls.SO_ATTACH_BPF, progFd, what);
            } finally {
                prog.exit();
            }
            int programId = Bpf.progInfo(p.kernelFd(), what).id();
            Runnable detach = () -> {
                try {
                    Syscalls.setsockopt(own, Syscalls.SOL_SOCKET, Syscalls.SO_DETACH_BPF, 0, "detach of " + what);
                } catch (BpfSyscallException e) {
                    // ENOENT: something else removed the filter already.
                    if (!e.is(Errno.ENOENT)) {
                        throw e;
                    }
                }
            };
            return new LegacyLink(AttachKind.SOCKET_FILTER, p.name(), target, "SO_ATTACH_BPF", programId, detach,
                    List.of(own::close));
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- pins

    /** Opens a link pinned on a bpf filesystem; {@link BpfLink#unpin()} then removes that pin. */
    public static BpfLink pinned(Path path) {
        String what = "pinned link at " + path;
        Fd fd = BpfFs.open(path, 0, what);
        try {
            LinkInfo info = Bpf.linkInfo(fd, what);
            String program = "id " + info.progId();
            try (Fd prog = Bpf.progGetFdById(info.progId())) {
                program = Bpf.progInfo(prog, what).name();
            } catch (BpfSyscallException e) {
                // The program id is enough to name it.
            }
            FdLink link = new FdLink(AttachKind.ofLinkType(info.type()), program, what, fd, List.of());
            link.pinnedAt(path);
            return link;
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static AttachType requireAttachType(ProgramRef p, String where) {
        if (p.expectedAttachType() == null) {
            throw new IllegalArgumentException(p.what() + " has no expected attach type (section '" + p.sectionName()
                    + "'): pass the attach type for the " + where);
        }
        return p.expectedAttachType();
    }

    private static Fd linkCreate(LinkCreateAttr attr, String feature, String what) {
        try {
            return Bpf.linkCreate(attr, what);
        } catch (BpfSyscallException e) {
            throw unsupportedOr(e, feature, what);
        }
    }

    private static RuntimeException unsupportedOr(BpfSyscallException e, String feature, String what) {
        if (Probes.isUnsupported(e)) {
            return new BpfNotSupportedException(feature, what + ": this kernel does not support " + feature
                    + " attachment (" + e.errnoName() + "): " + e.getMessage(), e);
        }
        return e;
    }

    private static void runAll(List<Runnable> cleanup, RuntimeException failure) {
        for (Runnable r : cleanup) {
            try {
                r.run();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void closeAll(List<BpfLink> links, RuntimeException failure) {
        for (BpfLink l : links) {
            try {
                l.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}

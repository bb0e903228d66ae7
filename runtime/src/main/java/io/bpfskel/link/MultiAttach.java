package io.bpfskel.link;

import io.bpfskel.error.BpfException;
import io.bpfskel.error.BpfNotSupportedException;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.sys.Bpf;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.LinkCreateAttr;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.usdt.ProcessMaps;
import io.bpfskel.usdt.UsdtArch;
import io.bpfskel.usdt.UsdtNotes;
import io.bpfskel.usdt.UsdtProbe;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** USDT, uprobe.multi and kprobe.multi attachments behind {@link Links}. */
final class MultiAttach {
    private MultiAttach() {}

    // ---------------------------------------------------------------- USDT

    /** A binary to probe: the path this process opens, and the path the traced process maps it under. */
    private record Binary(Path open, String mapped) {}

    private static Binary resolve(Path binary, ProcessMaps maps) {
        String text = binary.toString();
        if (text.indexOf('/') < 0) {
            if (maps != null) {
                var found = maps.find(text);
                if (found.isPresent()) {
                    return new Binary(maps.accessible(found.get()), found.get());
                }
            }
            Path p = UprobeTarget.resolveBinary(text).toAbsolutePath();
            return new Binary(p, realPath(p));
        }
        Path p = binary.toAbsolutePath();
        return new Binary(p, realPath(p));
    }

    private static String realPath(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    static BpfLink usdt(ProgramRef p, UsdtManager m, Path binary, String provider, String name, UsdtOptions o) {
        int pid = o.pid() == 0 ? Syscalls.getpid() : o.pid();
        ProcessMaps maps = pid > 0 ? ProcessMaps.of(pid) : null;
        Binary bin = resolve(binary, maps);
        String target = "usdt " + bin.open() + ":" + provider + ":" + name + (pid > 0 ? " (pid " + pid + ")" : "");
        String what = p.what() + " on " + target;
        byte[] image = ElfFile.readAll(bin.open());
        ElfFile elf = ElfFile.parse(bin.open().toString(), image);
        if (elf.type() != ElfFile.ET_EXEC && elf.type() != ElfFile.ET_DYN) {
            throw new BpfException(what + ": " + bin.open() + " is not an executable or shared object");
        }
        if (elf.byteOrder() != ByteOrder.nativeOrder()
                || !UsdtArch.ofElfMachine(elf.machine()).equals(UsdtArch.host())) {
            throw new BpfException(what + ": " + bin.open() + " is for another architecture (ELF machine "
                    + elf.machine() + ")");
        }
        List<UsdtProbe> all = UsdtNotes.read(elf.source(), image);
        List<UsdtProbe> sites = UsdtNotes.find(all, provider, name);
        if (sites.isEmpty()) {
            throw new BpfException(what + ": " + bin.open() + " has no USDT probe " + provider + ":" + name + " ("
                    + (all.isEmpty() ? "it has no .note.stapsdt" : all.size() + " probes; 'bpfskel usdt " + bin.open()
                            + "' lists them") + ")");
        }
        for (UsdtProbe s : sites) {
            if (s.argsError() != null) {
                throw new BpfException(what + ": probe at 0x" + Long.toHexString(s.address()) + " has arguments '"
                        + s.argsText() + "' that cannot be read: " + s.argsError());
            }
        }
        boolean multi = p.expectedAttachType() == AttachType.TRACE_UPROBE_MULTI;
        if (!m.bpfCookie() && elf.type() == ElfFile.ET_DYN && pid <= 0) {
            throw new BpfException(what + ": without BPF cookies (kernel < 5.15) a probe in a shared object or PIE "
                    + "needs a pid, to find where the process mapped it");
        }
        boolean sema = sites.stream().anyMatch(UsdtProbe::hasSemaphore);
        if (sema && !multi && !LinkFeatures.uprobeRefCtrOffset()) {
            throw new BpfNotSupportedException("usdt semaphore", what + ": the probe has a semaphore and this kernel's "
                    + "uprobe PMU takes no ref_ctr_offset (4.20+)");
        }

        // One spec per distinct argument string (inlined copies usually share one), as libbpf allocates them.
        Map<String, Integer> specIds = new LinkedHashMap<>();
        List<Integer> allocated = new ArrayList<>();
        List<Long> mappedIps = new ArrayList<>();
        List<Runnable> cleanup = new ArrayList<>();
        cleanup.add(() -> {
            List<Runnable> steps = new ArrayList<>();
            for (long ip : mappedIps) {
                steps.add(() -> m.unmapIp(ip, "detach of " + what));
            }
            steps.add(() -> m.release(allocated));
            AbstractLink.runAll(steps);
        });
        try {
            int[] ids = new int[sites.size()];
            for (int i = 0; i < sites.size(); i++) {
                UsdtProbe s = sites.get(i);
                Integer id = specIds.get(s.argsText());
                if (id == null) {
                    id = m.allocate(what);
                    allocated.add(id);
                    specIds.put(s.argsText(), id);
                    byte[] spec;
                    try {
                        spec = m.layout().encode(s.args(), o.cookie(), ByteOrder.nativeOrder());
                    } catch (IllegalArgumentException e) {
                        throw new BpfException(what + ": " + e.getMessage(), e);
                    }
                    m.writeSpec(id, spec, what);
                }
                ids[i] = id;
                if (!m.bpfCookie()) {
                    long ip = s.address();
                    if (elf.type() == ElfFile.ET_DYN) {
                        OptionalLong at = maps.addressOf(bin.mapped(), s.fileOffset());
                        if (at.isEmpty()) {
                            throw new BpfException(what + ": process " + pid + " has not mapped " + bin.mapped()
                                    + " (executable, covering file offset 0x" + Long.toHexString(s.fileOffset()) + ")");
                        }
                        ip = at.getAsLong();
                    }
                    m.mapIp(ip, id, what);
                    mappedIps.add(ip);
                }
            }
            if (multi) {
                long[] offsets = sites.stream().mapToLong(UsdtProbe::fileOffset).toArray();
                long[] refs = sema ? sites.stream().mapToLong(UsdtProbe::semaphoreOffset).toArray() : null;
                long[] cookies = Arrays.stream(ids).asLongStream().toArray();
                Fd fd = uprobeMultiLink(p, bin.open().toString(), offsets, refs, cookies, false, pid, what);
                return new FdLink(AttachKind.USDT, p.name(), target, fd, cleanup);
            }
            List<BpfLink> members = new ArrayList<>();
            try {
                for (int i = 0; i < sites.size(); i++) {
                    UsdtProbe s = sites.get(i);
                    members.add(Links.uprobe(p, bin.open(), null, s.fileOffset(),
                            new UprobeOptions(false, pid > 0 ? pid : -1, m.bpfCookie() ? ids[i] : 0,
                                    s.semaphoreOffset(), ProbeAttachMode.DEFAULT)));
                }
            } catch (RuntimeException e) {
                for (BpfLink l : members) {
                    try {
                        l.close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
            return new LinkGroup(AttachKind.USDT, p.name(), target, members, cleanup);
        } catch (RuntimeException e) {
            try {
                cleanup.get(0).run();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- uprobe.multi

    static BpfLink uprobeMulti(ProgramRef p, Path binary, String pattern, UprobeMultiOptions o) {
        Path path = (binary.getNameCount() == 1 && !binary.isAbsolute()
                ? UprobeTarget.resolveBinary(binary.toString()) : binary).toAbsolutePath();
        String where = pattern != null ? pattern : o.symbols() != null ? String.join(",", o.symbols())
                : o.offsets() != null ? o.offsets().length + " offsets" : "nothing";
        String target = (o.retprobe() ? "uretprobe.multi " : "uprobe.multi ") + path + ":" + where
                + (o.pid() > 0 ? " (pid " + o.pid() + ")" : "");
        String what = p.what() + " on " + target;
        checkUprobeMultiProgram(p, what);
        long[] offsets;
        if (pattern != null) {
            if (o.symbols() != null || o.offsets() != null) {
                throw new IllegalArgumentException(what + ": give a pattern or symbols/offsets, not both");
            }
            offsets = UprobeTarget.functionOffsets(path, pattern).values().stream().mapToLong(Long::longValue).toArray();
        } else if (o.symbols() != null) {
            offsets = o.symbols().stream().mapToLong(s -> UprobeTarget.functionOffset(path, s)).toArray();
        } else if (o.offsets() != null) {
            offsets = o.offsets();
        } else {
            throw new IllegalArgumentException(what + ": no functions, pattern or offsets given");
        }
        if (offsets.length == 0) {
            throw new BpfException(what + ": no functions to attach to");
        }
        checkLength(what, "cookies", o.cookies(), offsets.length);
        checkLength(what, "refCtrOffsets", o.refCtrOffsets(), offsets.length);
        Fd fd = uprobeMultiLink(p, path.toString(), offsets, o.refCtrOffsets(), o.cookies(), o.retprobe(), o.pid(), what);
        return new FdLink(AttachKind.UPROBE_MULTI, p.name(), target, fd, List.of());
    }

    private static Fd uprobeMultiLink(ProgramRef p, String path, long[] offsets, long[] refs, long[] cookies,
            boolean retprobe, int pid, String what) {
        checkUprobeMultiProgram(p, what);
        LinkCreateAttr attr = new LinkCreateAttr(p.kernelFd(), null, 0, AttachType.TRACE_UPROBE_MULTI, 0,
                new LinkCreateAttr.UprobeMulti(path, offsets, refs, cookies,
                        retprobe ? BpfFlags.BPF_F_UPROBE_MULTI_RETURN : 0, pid > 0 ? pid : 0));
        try {
            return Bpf.linkCreate(attr, what);
        } catch (BpfSyscallException e) {
            if (Probes.isUnsupported(e)) {
                throw new BpfNotSupportedException("uprobe.multi", what + ": this kernel does not support uprobe.multi "
                        + "links (" + e.errnoName() + ")", e);
            }
            throw e;
        }
    }

    private static void checkUprobeMultiProgram(ProgramRef p, String what) {
        if (p.expectedAttachType() != AttachType.TRACE_UPROBE_MULTI) {
            if (!LinkFeatures.uprobeMultiLink()) {
                throw new BpfNotSupportedException("uprobe.multi", what + ": this kernel has no uprobe.multi links (6.6+)");
            }
            throw new BpfException(what + ": the program was loaded with attach type "
                    + (p.expectedAttachType() == null ? "none" : p.expectedAttachType())
                    + "; uprobe.multi links need BPF_TRACE_UPROBE_MULTI (SEC(\"uprobe.multi...\") or SEC(\"usdt...\"))");
        }
    }

    // ---------------------------------------------------------------- kprobe.multi

    static BpfLink kprobeMulti(ProgramRef p, String pattern, KprobeMultiOptions o) {
        String where = pattern != null ? pattern : o.symbols() != null ? String.join(",", o.symbols())
                : o.addresses() != null ? o.addresses().length + " addresses" : "nothing";
        String target = (o.retprobe() ? "kretprobe.multi " : "kprobe.multi ") + where;
        String what = p.what() + " on " + target;
        String[] syms = null;
        long[] addrs = null;
        if (p.expectedAttachType() != AttachType.TRACE_KPROBE_MULTI) {
            throw new BpfException(what + ": the program was loaded with attach type "
                    + (p.expectedAttachType() == null ? "none" : p.expectedAttachType())
                    + "; kprobe.multi links need BPF_TRACE_KPROBE_MULTI (SEC(\"kprobe.multi...\"))");
        }
        if (pattern != null) {
            if (o.symbols() != null || o.addresses() != null) {
                throw new IllegalArgumentException(what + ": give a pattern or symbols/addresses, not both");
            }
            syms = kernelFunctions(pattern, what);
        } else if (o.symbols() != null) {
            syms = o.symbols().toArray(String[]::new);
        } else if (o.addresses() != null) {
            addrs = o.addresses();
        } else {
            throw new IllegalArgumentException(what + ": no functions, pattern or addresses given");
        }
        int n = syms != null ? syms.length : addrs.length;
        checkLength(what, "cookies", o.cookies(), n);
        LinkCreateAttr attr = new LinkCreateAttr(p.kernelFd(), null, 0, AttachType.TRACE_KPROBE_MULTI, 0,
                new LinkCreateAttr.KprobeMulti(o.retprobe() ? BpfFlags.BPF_F_KPROBE_MULTI_RETURN : 0, syms, addrs,
                        o.cookies()));
        try {
            return new FdLink(AttachKind.KPROBE_MULTI, p.name(), target, Bpf.linkCreate(attr, what), List.of());
        } catch (BpfSyscallException e) {
            if (Probes.isUnsupported(e)) {
                throw new BpfNotSupportedException("kprobe.multi", what + ": this kernel does not support kprobe.multi "
                        + "links (" + e.errnoName() + "; they need CONFIG_FPROBE, 5.18+)", e);
            }
            throw e;
        }
    }

    /** Kernel functions matching a glob, from tracefs {@code available_filter_functions} (as libbpf resolves them). */
    private static String[] kernelFunctions(String pattern, String what) {
        if (!isGlob(pattern)) {
            return new String[] {pattern};
        }
        Path file = Tracefs.TRACING.resolve("available_filter_functions");
        if (!Files.isReadable(file)) {
            throw new BpfNotSupportedException("kprobe.multi", what + ": cannot expand '" + pattern + "': " + file
                    + " is missing (no kprobes/ftrace in this kernel, or tracefs not mounted)");
        }
        Pattern re = glob(pattern);
        List<String> out = new ArrayList<>();
        try (var lines = Files.lines(file)) {
            lines.forEach(l -> {
                String name = l.split("\\s+", 2)[0];
                if (re.matcher(name).matches() && !out.contains(name)) {
                    out.add(name);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // The file exists but refuses reads where function tracing is compiled out: no fprobes, no kprobe.multi.
            throw new BpfNotSupportedException("kprobe.multi", what + ": cannot expand '" + pattern + "': " + file
                    + " cannot be read (" + e.getMessage() + "); this kernel has no function tracing");
        }
        if (out.isEmpty()) {
            throw new BpfException(what + ": no kernel function matches '" + pattern + "'");
        }
        return out.toArray(String[]::new);
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    /** libbpf's glob_match: {@code *} any run, {@code ?} one character. */
    static Pattern glob(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                sb.append(".*");
            } else if (c == '?') {
                sb.append('.');
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString());
    }

    private static void checkLength(String what, String name, long[] array, int n) {
        if (array != null && array.length != n) {
            throw new IllegalArgumentException(what + ": " + array.length + " " + name + " for " + n + " places");
        }
    }
}

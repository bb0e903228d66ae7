package io.bpfskel.link;

import io.bpfskel.asm.Asm;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.uapi.ProgramType;
import io.bpfskel.object.SectionDef;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.BpfSyscallException;
import io.bpfskel.sys.Errno;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.LinkCreateAttr;
import io.bpfskel.sys.ProgLoadAttr;
import java.nio.file.Files;
import java.nio.file.Path;

/** Link kinds of the running kernel, probed once per JVM the way libbpf probes them. */
public final class LinkFeatures {
    private LinkFeatures() {}

    private static final class UprobeMulti {
        static final boolean SUPPORTED = probeUprobeMulti();
    }

    /**
     * Whether the kernel has uprobe.multi links with the process-level pid filter (6.6+, the fix in 6.9): libbpf's
     * probe, a {@code BPF_LINK_CREATE} on path "/" must fail with EBADF, and with pid -1 with EINVAL.
     */
    public static boolean uprobeMultiLink() {
        return UprobeMulti.SUPPORTED;
    }

    /** Whether the uprobe PMU takes a USDT semaphore ({@code ref_ctr_offset}) for per-location uprobes. */
    public static boolean uprobeRefCtrOffset() {
        return Files.exists(Path.of("/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset"));
    }

    /**
     * The attach type a program is loaded with: its section's, except that {@code usdt} programs get
     * {@code BPF_TRACE_UPROBE_MULTI} where the kernel has uprobe.multi links (as libbpf does, so that the verifier
     * gives them the same helpers and the same translated instructions); such a program can then only be attached
     * through uprobe.multi links.
     */
    public static AttachType loadAttachType(ProgramSpec p) {
        if (p.def() != null && (p.def().flags() & SectionDef.USDT) != 0 && uprobeMultiLink()) {
            return AttachType.TRACE_UPROBE_MULTI;
        }
        return p.expectedAttachType();
    }

    private static boolean probeUprobeMulti() {
        ProgLoadAttr load = ProgLoadAttr.builder(ProgramType.KPROBE)
                .insns(Asm.mov64Imm(Asm.R0, 0), Asm.exit()).license("GPL")
                .expectedAttachType(AttachType.TRACE_UPROBE_MULTI).build();
        Fd prog;
        try {
            prog = Bpf.progLoad(load, "uprobe.multi feature probe");
        } catch (BpfSyscallException e) {
            return false;
        }
        try (prog) {
            if (linkFails(prog, 0) != Errno.EBADF) {
                return false;
            }
            return linkFails(prog, -1) == Errno.EINVAL;
        }
    }

    private static int linkFails(Fd prog, int pid) {
        LinkCreateAttr attr = new LinkCreateAttr(prog, null, 0, AttachType.TRACE_UPROBE_MULTI, 0,
                new LinkCreateAttr.UprobeMulti("/", new long[] {0}, null, null, 0, pid));
        try {
            Bpf.linkCreate(attr, "uprobe.multi feature probe").close();
            return 0;
        } catch (BpfSyscallException e) {
            return e.errno();
        }
    }
}

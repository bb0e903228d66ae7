package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.asm.Asm;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.ProgramType;

/**
 * Whether the running kernel has uprobe.multi links with the process-level pid filter (6.6+, the fix in 6.9),
 * probed once per JVM as libbpf probes it: a {@code BPF_LINK_CREATE} of a trivial {@code BPF_TRACE_UPROBE_MULTI}
 * program on path "/" must fail with EBADF, and with pid -1 with EINVAL. Here, below both the loader (which then
 * loads {@code usdt} programs with that attach type) and the attach code.
 */
public final class UprobeMultiSupport {
    private UprobeMultiSupport() {}

    private static final class Holder {
        static final boolean SUPPORTED = probe();
    }

    public static boolean available() {
        return Holder.SUPPORTED;
    }

    private static boolean probe() {
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

package io.bpfskel.load;

import io.bpfskel.asm.Asm;
import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.error.BpfNotSupportedException;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.sys.Bpf;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.ProgLoadAttr;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.ProgramType;

/**
 * The kernel BTF type a program that attaches by BTF id (fentry/fexit/fmod_ret, lsm, iter, tp_btf) is loaded
 * against, found as libbpf's {@code find_kernel_btf_id} does: the section's target with a prefix that depends on
 * the attach type ({@code bpf_iter_task}, {@code bpf_lsm_file_open}, {@code btf_trace_sys_enter}), in vmlinux
 * first, then in the loaded modules ({@code module:function} names the module).
 *
 * @param name the BTF type name looked up
 * @param id its id in vmlinux, or in the module's split BTF
 * @param moduleFd the module BTF object's fd (owned by the loader's module list), or -1 for vmlinux
 * @param module the module name, or null for vmlinux
 */
record AttachBtfTarget(String name, BtfKind kind, int id, int moduleFd, String module) {

    static AttachBtfTarget resolve(String source, ProgramSpec p, KernelEnvironment kernel) {
        String what = source + ": program '" + p.name() + "' (" + p.sectionName() + ")";
        if (p.type() == ProgramType.EXT) {
            throw new BpfLoadException(what + ": freplace programs replace a function of another BPF program,"
                    + " which this loader cannot be given yet");
        }
        String target = p.attachTarget();
        if (target.isEmpty()) {
            throw new BpfLoadException(what + ": the section names no attach target (expected e.g. '"
                    + prefixOf(p) + "/<name>')");
        }
        AttachType at = p.expectedAttachType();
        if (at == null) {
            throw new BpfLoadException(what + ": the section implies no attach type to find a BTF target for");
        }
        LoadPlan.BtfTarget planned = LoadPlan.btfTarget(p);
        String moduleName = planned.module();
        String name = planned.name();
        BtfKind kind = planned.kind();
        target = moduleName == null ? target : target.substring(moduleName.length() + 1);
        Btf vmlinux;
        try {
            vmlinux = kernel.vmlinux();
        } catch (RuntimeException e) {
            throw new BpfLoadException(what + ": attaching by BTF id needs the kernel's BTF: " + e.getMessage(), e);
        }
        if (moduleName == null || moduleName.equals("vmlinux")) {
            int id = vmlinux.findByNameKind(name, kind);
            if (id != 0) {
                return new AttachBtfTarget(name, kind, id, -1, null);
            }
        }
        if (moduleName == null || !moduleName.equals("vmlinux")) {
            for (ModuleBtf m : kernel.modules()) {
                if (moduleName != null && !moduleName.equals(m.name())) {
                    continue;
                }
                int id = m.btf().findOwnByNameKind(name, kind);
                if (id != 0) {
                    if (m.fd() < 0) {
                        throw new BpfLoadException(what + ": " + describe(kind, name) + " is in module '" + m.name()
                                + "', whose BTF is not loaded in this kernel");
                    }
                    return new AttachBtfTarget(name, kind, id, m.fd(), m.name());
                }
            }
        }
        String where = moduleName == null ? "vmlinux or module BTF" : "the BTF of '" + moduleName + "'";
        throw new BpfLoadException(what + ": no " + describe(kind, name) + " in " + where + missingHint(at, target));
    }

    /**
     * Called when the kernel refused the program: loads the smallest program of the same kind against the same
     * target. When the kernel refuses that too, it lacks the program kind and the failure becomes a
     * {@link BpfNotSupportedException}; otherwise this returns and the refusal is the program's own.
     */
    void checkKernelSupport(String source, ProgramSpec p, int progFlags, BpfSyscallException failure) {
        ProgLoadAttr.Builder b = ProgLoadAttr.builder(p.type())
                .insns(Asm.mov64Imm(Asm.R0, 0), Asm.exit())
                .license("GPL")
                .progFlags(progFlags)
                .expectedAttachType(p.expectedAttachType())
                .attachBtfId(id);
        if (moduleFd >= 0) {
            b.attachBtfObj(Fd.adopt(moduleFd));
        }
        try (Fd probe = Bpf.progLoad(b.build(), "probe of " + prefixOf(p) + " support")) {
            return;
        } catch (BpfSyscallException probeFailure) {
            if (!canLoadAnything()) {
                return;
            }
            String feature = prefixOf(p);
            throw new BpfNotSupportedException(feature, source + ": program '" + p.name() + "' (" + p.sectionName()
                    + "): this kernel does not support " + feature + " programs: it refuses even an empty "
                    + p.type() + "/" + p.expectedAttachType() + " program on " + describe(kind, name)
                    + (module != null ? " of module '" + module + "'" : "") + " with " + probeFailure.errnoName()
                    + " (errno " + probeFailure.errno() + "), while other program types load, so this is no missing"
                    + " privilege; the program's own load failed with " + failure.errnoName(), failure);
        }
    }

    /** Tells a kernel that lacks a program kind from a process that lacks privileges. */
    private static boolean canLoadAnything() {
        ProgLoadAttr attr = ProgLoadAttr.builder(ProgramType.SOCKET_FILTER)
                .insns(Asm.mov64Imm(Asm.R0, 0), Asm.exit()).license("GPL").build();
        try (Fd probe = Bpf.progLoad(attr, "probe of program loading")) {
            return true;
        } catch (BpfSyscallException e) {
            return false;
        }
    }

    /** The section prefix without its variants: {@code fentry}, {@code lsm}, {@code iter}, {@code tp_btf}. */
    static String prefixOf(ProgramSpec p) {
        String pattern = p.def().pattern();
        String s = pattern.endsWith("+") ? pattern.substring(0, pattern.length() - 1) : pattern;
        return s.endsWith(".s") ? s.substring(0, s.length() - 2) : s;
    }

    private static String describe(BtfKind kind, String name) {
        return (kind == BtfKind.TYPEDEF ? "TYPEDEF '" : "FUNC '") + name + "'";
    }

    private static String missingHint(AttachType at, String target) {
        switch (at) {
            case TRACE_RAW_TP:
                return " (the kernel has no tracepoint '" + target + "')";
            case LSM_MAC:
            case LSM_CGROUP:
                return " (the kernel has no LSM hook '" + target + "', or was built without CONFIG_BPF_LSM)";
            case TRACE_ITER:
                return " (the kernel has no BPF iterator '" + target + "')";
            default:
                return " (no kernel function '" + target + "' with BTF; it may be inlined or static)";
        }
    }
}

package io.bpfskel.load;

import io.bpfskel.btf.BtfKind;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.uapi.AttachType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the loader will do with a program, asked without loading it: which functions it links in and which kernel
 * BTF type it is loaded against. Tools that predict a load (the fleet check) use the loader's own answers.
 */
public final class LoadPlan {
    private LoadPlan() {}

    /** A function of a linked program and the index of its first instruction there. */
    public record Placed(ProgramSpec function, int base) {}

    /** The program and the subprograms it calls, where the linker places them (the program first, at 0). */
    public static List<Placed> linkedFunctions(BpfObject obj, ProgramSpec program) {
        Map<ProgramSpec, Integer> layout = ProgramLinker.link(obj, program, ProgramSpec::insns).layout();
        return layout.entrySet().stream().map(e -> new Placed(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(Placed::base)).toList();
    }

    /**
     * The kernel BTF type a BTF-attached program (fentry/fexit/fmod_ret, lsm, iter, tp_btf) is loaded against, as the
     * loader looks it up.
     *
     * @param module the module the section names ({@code fentry/mod:func}), or null
     */
    public record BtfTarget(String module, String name, BtfKind kind) {}

    /** The BTF target of a program that attaches by BTF id; null when the section names no target. */
    public static BtfTarget btfTarget(ProgramSpec p) {
        String target = p.attachTarget();
        if (target == null || target.isEmpty()) {
            return null;
        }
        String module = null;
        int colon = target.indexOf(':');
        if (colon >= 0) {
            module = target.substring(0, colon);
            target = target.substring(colon + 1);
        }
        AttachType at = p.expectedAttachType();
        if (at == null) {
            return new BtfTarget(module, target, BtfKind.FUNC);
        }
        return switch (at) {
            case TRACE_RAW_TP -> new BtfTarget(module, "btf_trace_" + target, BtfKind.TYPEDEF);
            case LSM_MAC, LSM_CGROUP -> new BtfTarget(module, "bpf_lsm_" + target, BtfKind.FUNC);
            case TRACE_ITER -> new BtfTarget(module, "bpf_iter_" + target, BtfKind.FUNC);
            default -> new BtfTarget(module, target, BtfKind.FUNC);
        };
    }
}

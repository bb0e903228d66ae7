package io.bpfskel.load;

import io.bpfskel.btf.Btf;
import io.bpfskel.core.CoreRelocation;
import io.bpfskel.core.CoreRelocationReport;
import io.bpfskel.core.CoreRelocator;
import io.bpfskel.core.CoreResult;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.ProgramSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CO-RE relocation of each function's own instructions before linking, as libbpf's {@code bpf_object__relocate_core}:
 * every function with relocations, except programs that will not be loaded. Target BTF (vmlinux, then modules) is
 * read only when some relocation exists.
 */
final class CoreStep {
    /** By identity, as the linker's layout: hashing a spec record would hash all its relocations. */
    private final Map<ProgramSpec, CoreResult> results = new IdentityHashMap<>();
    private final Map<ProgramSpec, byte[]> insns = new IdentityHashMap<>();

    private CoreStep() {}

    static CoreStep apply(BpfObject obj, KernelEnvironment kernel, Set<String> autoload) {
        CoreStep step = new CoreStep();
        CoreRelocator relocator = null;
        for (ProgramSpec f : obj.functions()) {
            step.insns.put(f, f.insns());
            if (obj.btfExt() == null || (!f.subprogram() && !autoload.contains(f.name()))) {
                continue;
            }
            List<CoreRelocation> relos = CoreRelocation.forProgram(obj, f);
            if (relos.isEmpty()) {
                continue;
            }
            if (relocator == null) {
                List<Btf> targets = new ArrayList<>();
                targets.add(kernel.vmlinux());
                kernel.modules().forEach(m -> targets.add(m.btf()));
                relocator = new CoreRelocator(obj.btf(), targets);
            }
            CoreResult r = relocator.relocate(f.name(), f.insns(), f.byteOrder(), relos);
            step.results.put(f, r);
            step.insns.put(f, r.insns());
        }
        return step;
    }

    byte[] insns(ProgramSpec f) {
        return insns.get(f);
    }

    /** Rewrites failed CO-RE relocations in a rejected program's log, with reports moved to where each function landed. */
    String fixupLog(String log, ProgramLinker.Linked linked) {
        Map<Integer, CoreRelocationReport> byInsn = new HashMap<>();
        linked.layout().forEach((f, base) -> {
            CoreResult r = results.get(f);
            if (r != null) {
                for (CoreRelocationReport rep : r.reports()) {
                    byInsn.put(base + rep.insnIndex(), rep);
                }
            }
        });
        return byInsn.isEmpty() ? log : CoreResult.fixupVerifierLog(log, linked.main().name(), byInsn);
    }
}

package io.bpfskel.load;

import io.bpfskel.error.BpfLoadException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.StructOpsSpec;
import io.bpfskel.uapi.ProgramType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the load's struct_ops step decides for an object on a kernel, without creating anything: whether every
 * struct_ops map that would be created finds its kernel type and fits it member by member, and which struct_ops
 * programs would load (they follow their maps). For offline checks against kernels given as BTF.
 *
 * @param created the struct_ops maps that would be created (autocreate on)
 * @param programs the struct_ops programs that would load
 * @param failure why the load would fail, naming the map and member; null when it would not
 */
public record StructOpsCheck(List<String> created, Set<String> programs, String failure) {
    public StructOpsCheck {
        created = List.copyOf(created);
        programs = Set.copyOf(programs);
    }

    public static StructOpsCheck of(BpfObject obj, KernelEnvironment kernel) {
        Set<String> autoload = new LinkedHashSet<>();
        for (ProgramSpec p : obj.programs()) {
            if (p.autoload()) {
                autoload.add(p.name());
            }
        }
        List<String> created = obj.structOps().stream().filter(StructOpsSpec::autocreate).map(StructOpsSpec::name).toList();
        String failure = null;
        try {
            StructOpsStep.prepare(obj, obj.structOps(), kernel, autoload);
        } catch (BpfLoadException e) {
            failure = e.getMessage();
        }
        Set<String> programs = new LinkedHashSet<>();
        for (ProgramSpec p : obj.programs()) {
            if (p.type() == ProgramType.STRUCT_OPS && autoload.contains(p.name())) {
                programs.add(p.name());
            }
        }
        return new StructOpsCheck(created, programs, failure);
    }
}

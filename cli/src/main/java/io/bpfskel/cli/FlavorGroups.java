package io.bpfskel.cli;

import io.bpfskel.object.BpfObject;
import io.bpfskel.object.Extern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kfunc externs that the kernel searches under the same essential name ({@code bpf_strlen___new} and
 * {@code bpf_strlen___old} both look for {@code bpf_strlen}): one kernel function, several prototypes, of which
 * each kernel accepts at most the compatible ones. Only kfuncs: libbpf (≥ 1.3) strips flavors for them alone;
 * typed ksym variables, typeless ksyms and kconfig externs are looked up by their full name.
 */
record FlavorGroups(Map<String, List<Extern>> groups) {

    static FlavorGroups of(BpfObject obj) {
        Map<String, List<Extern>> all = new LinkedHashMap<>();
        for (Extern e : obj.externs()) {
            if (e.kind() == Extern.Kind.KFUNC) {
                all.computeIfAbsent(e.essentialName(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, List<Extern>> out = new LinkedHashMap<>();
        all.forEach((name, members) -> {
            if (members.size() > 1 || members.get(0).hasFlavor()) {
                out.put(name, List.copyOf(members));
            }
        });
        return new FlavorGroups(out);
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    /** The name the kernel is searched for: the essential name for kfuncs, the full name for everything else. */
    static String lookupName(Extern e) {
        return e.kind() == Extern.Kind.KFUNC ? e.essentialName() : e.name();
    }
}

package io.bpfskel.fleet;

import io.bpfskel.core.CoreRelocationReport;
import java.util.List;

/**
 * One program on one kernel.
 *
 * @param autoload whether the object loads it unless user space says otherwise ({@code SEC("?...")} is off)
 * @param verdict the program's own load verdict (as if it were loaded)
 * @param attach what attaching where the section says would do: {@code ok}, {@code fails: ...},
 *     {@code unknown: ...}, or {@code n/a} when the section names no kernel target
 * @param helpers the helpers the program and its subprograms call, by the kernel's names (or {@code #id})
 * @param core the CO-RE relocations of the program and its subprograms on this kernel (empty when none)
 */
public record ProgramCheck(String name, String section, boolean autoload, Verdict verdict, String attach,
        List<String> helpers, List<CoreRelocationReport> core, List<Finding> findings) {}

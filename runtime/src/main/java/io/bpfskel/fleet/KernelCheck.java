package io.bpfskel.fleet;

import io.bpfskel.load.ExternReport;
import java.util.ArrayList;
import java.util.List;

/**
 * One object on one kernel: the verdict, the programs', and every finding behind them.
 *
 * @param externs the loader's extern verdicts on this kernel, or null when the kernel's files could not be read
 * @param attach the worst attach outcome over the programs that load: {@code ok}, {@code fails: ...},
 *     {@code unknown: ...}, or {@code n/a}
 */
public record KernelCheck(String object, String kernel, Verdict verdict, String attach, List<ProgramCheck> programs,
        List<Finding> findings, ExternReport externs) {

    /** Every finding with this effect, object-level and per program. */
    public List<Finding> findings(Finding.Effect effect) {
        List<Finding> out = new ArrayList<>();
        findings.stream().filter(f -> f.effect() == effect).forEach(out::add);
        programs.forEach(p -> p.findings().stream().filter(f -> f.effect() == effect).forEach(out::add));
        return out;
    }
}

package io.bpfskel.load;

import io.bpfskel.object.Extern;
import java.util.List;

/**
 * What a kernel would do with each of an object's externs, without loading anything: the result of
 * {@link ExternResolver#resolveReport}. Unlike {@link ExternResolution} it exists even when a strong extern fails,
 * so a tool can show every verdict at once.
 *
 * @param externs one per extern, in {@code Extern.index()} order
 * @param kconfigImage the {@code .kconfig} map value as far as it could be filled
 * @param log the resolver's decisions, one line each
 */
public record ExternReport(List<Check> externs, byte[] kconfigImage, List<String> log) {

    public enum Verdict {
        /** The kernel provides it (kconfig: a value was found). */
        RESOLVED,
        /** Weak and not provided: the program sees 0 (a kfunc call is poisoned, {@code bpf_ksym_exists} is false). */
        WEAK_UNRESOLVED,
        /** The load would fail because of this extern ({@link Check#reason()} says why). */
        FAILS_LOAD,
        /** Not decided: the kernel source it needs (config, kallsyms, version) was not available. */
        NOT_CHECKED
    }

    /**
     * @param resolution the resolver's data for the extern (BTF id, module, address), as the loader would use it
     * @param reason why it is not {@link Verdict#RESOLVED}, or null
     */
    public record Check(ResolvedExtern resolution, Verdict verdict, String reason) {
        public Extern ext() {
            return resolution.ext();
        }
    }

    /** The externs that would make the load fail; empty when none would (or none could be checked). */
    public List<Check> failures() {
        return externs.stream().filter(c -> c.verdict() == Verdict.FAILS_LOAD).toList();
    }

    public Check get(String externName) {
        for (Check c : externs) {
            if (c.ext().name().equals(externName)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no extern '" + externName + "'");
    }
}

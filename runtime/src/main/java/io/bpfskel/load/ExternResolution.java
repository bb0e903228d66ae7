package io.bpfskel.load;

import java.util.List;

/**
 * The result of resolving an object's externs against a kernel.
 *
 * @param externs one per extern, in {@code Extern.index()} order
 * @param kconfigImage the {@code .kconfig} map value (empty when the object has no kconfig externs)
 * @param fdArray {@code fd_array} for BPF_PROG_LOAD: index 0 unused, then one module BTF fd per module that
 *     provides a resolved kfunc; empty when every kfunc is in vmlinux
 * @param log what libbpf would print at debug level, one line per decision
 */
public record ExternResolution(List<ResolvedExtern> externs, byte[] kconfigImage, int[] fdArray, List<String> log) {
    public ResolvedExtern get(int externIndex) {
        return externs.get(externIndex);
    }
}

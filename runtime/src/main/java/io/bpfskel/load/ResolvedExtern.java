package io.bpfskel.load;

import io.bpfskel.object.Extern;

/**
 * The loader's decision for one extern: the data the relocation step patches instructions with.
 *
 * @param set libbpf's {@code is_set}: the kernel provides it (kconfig: a value was written)
 * @param kernelBtfId the kernel BTF id of the FUNC or VAR (0 when unset or typeless)
 * @param module the module whose BTF holds it, or null for vmlinux
 * @param fdArrayIndex for module kfunc calls, the index of the module's BTF fd in {@code fd_array}; else 0
 * @param address typeless ksym address from kallsyms
 * @param reason why it is not set, or null
 */
public record ResolvedExtern(Extern ext, boolean set, int kernelBtfId, ModuleBtf module, int fdArrayIndex, long address,
        String reason) {

    /** The fd that goes into {@code insn[1].imm} of a typed ksym {@code ld_imm64}: the module BTF fd, 0 for vmlinux. */
    public int kernelBtfObjFd() {
        return module == null ? 0 : module.fd();
    }
}

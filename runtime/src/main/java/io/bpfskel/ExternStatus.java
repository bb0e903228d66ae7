package io.bpfskel;

import io.bpfskel.object.Extern;

/**
 * What the loader decided for one extern: the very data it patched the instructions with.
 *
 * @param resolved true when the kernel provides the symbol with a compatible type (kconfig: the value was set)
 * @param kernelBtfId BTF id in vmlinux or the module (0 when unresolved or not a BTF symbol)
 * @param module module name when the symbol lives in a kernel module's BTF, else null (vmlinux)
 * @param fdArrayIndex index of the module's BTF fd in the program's {@code fd_array} (0 = vmlinux)
 * @param address kernel address for typeless ksyms (from {@code /proc/kallsyms}), else 0
 * @param reason why it did not resolve ("not found in kernel BTF", "prototype incompatible: ..."), null when resolved
 */
public record ExternStatus(String name, String essentialName, Extern.Kind kind, boolean weak, boolean resolved,
        int kernelBtfId, String module, int fdArrayIndex, long address, String reason) {

    /** The flavor suffix after the essential name ({@code "old"} for {@code some_kfunc___old}), or "" when none. */
    public String flavor() {
        return name.length() > essentialName.length() ? name.substring(essentialName.length() + 3) : "";
    }
}

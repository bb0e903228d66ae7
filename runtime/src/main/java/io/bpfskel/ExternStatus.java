package io.bpfskel;

import io.bpfskel.load.ResolvedExtern;
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
public record ExternStatus(String name, String essentialName, Kind kind, boolean weak, boolean resolved,
        int kernelBtfId, String module, int fdArrayIndex, long address, String reason) {

    /** What kind of kernel symbol or value the extern names. */
    public enum Kind {
        /** A kernel function called or address-taken through {@code __ksym}. */
        KFUNC,
        /** A kernel variable with a BTF type, resolved by BTF id. */
        KSYM_VAR,
        /** A {@code const void} kernel symbol, resolved by address from {@code /proc/kallsyms}. */
        KSYM_TYPELESS,
        /** A {@code __kconfig} value ({@code CONFIG_*} or a {@code LINUX_*} virtual extern). */
        KCONFIG;

        static Kind of(Extern.Kind k) {
            return switch (k) {
                case KFUNC -> KFUNC;
                case KSYM_VAR -> KSYM_VAR;
                case KSYM_TYPELESS -> KSYM_TYPELESS;
                case KCONFIG -> KCONFIG;
            };
        }
    }

    /** The loader's decision as the public record. */
    static ExternStatus of(ResolvedExtern r) {
        Extern ext = r.ext();
        return new ExternStatus(ext.name(), ext.essentialName(), Kind.of(ext.kind()), ext.weak(), r.set(), r.kernelBtfId(),
                r.module() == null ? null : r.module().name(), r.fdArrayIndex(), r.address(), r.reason());
    }

    /** The flavor suffix after the essential name ({@code "old"} for {@code some_kfunc___old}), or "" when none. */
    public String flavor() {
        return name.length() > essentialName.length() ? name.substring(essentialName.length() + 3) : "";
    }
}

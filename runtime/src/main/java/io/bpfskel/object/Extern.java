package io.bpfskel.object;

import io.bpfskel.btf.Btf;

/**
 * An extern the object references ({@code __ksym} or {@code __kconfig}), collected as libbpf's
 * {@code bpf_object__collect_externs} does.
 *
 * @param index position after libbpf's sort ({@code ext_idx}); it appears in poisoned calls
 *     ({@code 2002000000 + index})
 * @param name the full name as declared, e.g. {@code bpf_strlen___old}
 * @param essentialName the part before the last {@code X___Y} flavor separator, or {@code name} itself when there
 *     is no flavor; only kfuncs are looked up by it (ksym variables and kconfig use the full name)
 * @param symbolIndex the ELF symbol (relocations refer to externs through it)
 * @param btfId the local BTF VAR or FUNC
 * @param typeId for ksyms the VAR type or FUNC_PROTO with modifiers and typedefs skipped (0 = typeless);
 *     for kconfig the VAR's declared type
 * @param kconfig layout of a kconfig extern inside the {@code .kconfig} map, null for ksyms
 */
public record Extern(int index, String name, String essentialName, Kind kind, boolean weak, int symbolIndex,
        int btfId, int typeId, Kconfig kconfig) {

    public enum Kind {
        /** A kernel function called or address-taken through {@code __ksym}. */
        KFUNC,
        /** A kernel variable with a BTF type, resolved by BTF id. */
        KSYM_VAR,
        /** A {@code const void} kernel symbol, resolved by address from {@code /proc/kallsyms}. */
        KSYM_TYPELESS,
        /** A {@code __kconfig} value ({@code CONFIG_*} or a {@code LINUX_*} virtual extern). */
        KCONFIG
    }

    /** libbpf's {@code enum kcfg_type}. */
    public enum KcfgType {
        BOOL, CHAR, TRISTATE, INT, CHAR_ARR
    }

    /** Type and placement of a kconfig extern in the {@code .kconfig} map. */
    public record Kconfig(KcfgType type, int size, int align, boolean signed, int offset) {}

    /** Whether the name carries a flavor suffix ({@code essentialName != name}). */
    public boolean hasFlavor() {
        return !essentialName.equals(name);
    }

    public boolean isKsym() {
        return kind != Kind.KCONFIG;
    }

    /** libbpf's poison constant for an unresolved call to this extern. */
    public int poisonImm() {
        return POISON_CALL_KFUNC_BASE + index;
    }

    public static final int POISON_CALL_KFUNC_BASE = 2002000000;

    /**
     * Length of the essential name, exactly as libbpf's {@code bpf_core_essential_name_len}: the last
     * {@code X___Y} separator whose neighbours are not underscores ends it; names without one are their own
     * essential name.
     */
    public static int essentialNameLength(String name) {
        return Btf.essentialNameLength(name);
    }

    public static String essentialName(String name) {
        return name.substring(0, essentialNameLength(name));
    }
}

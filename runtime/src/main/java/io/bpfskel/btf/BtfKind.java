package io.bpfskel.btf;

/** BTF type kinds, numbered as in {@code include/uapi/linux/btf.h}. */
public enum BtfKind {
    UNKN, INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT,
    FUNC, FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, ENUM64;

    private static final BtfKind[] VALUES = values();

    /** The kind with this number, or null when this reader does not know it. */
    public static BtfKind of(int number) {
        return number >= 0 && number < VALUES.length ? VALUES[number] : null;
    }

    /** Kinds that only qualify or rename another type: skipped by {@code skip_mods_and_typedefs}. */
    public boolean isModifierOrTypedef() {
        return this == CONST || this == VOLATILE || this == RESTRICT || this == TYPE_TAG || this == TYPEDEF;
    }
}

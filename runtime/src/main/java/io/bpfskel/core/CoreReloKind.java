package io.bpfskel.core;

/**
 * CO-RE relocation kinds, numbered as the kernel's {@code enum bpf_core_relo_kind} (the {@code kind} field of a
 * {@code .BTF.ext} CO-RE record). {@link #label()} is libbpf's short name, as printed in its logs.
 */
public enum CoreReloKind {
    FIELD_BYTE_OFFSET("byte_off"),
    FIELD_BYTE_SIZE("byte_sz"),
    FIELD_EXISTS("field_exists"),
    FIELD_SIGNED("signed"),
    FIELD_LSHIFT_U64("lshift_u64"),
    FIELD_RSHIFT_U64("rshift_u64"),
    TYPE_ID_LOCAL("local_type_id"),
    TYPE_ID_TARGET("target_type_id"),
    TYPE_EXISTS("type_exists"),
    TYPE_SIZE("type_size"),
    ENUMVAL_EXISTS("enumval_exists"),
    ENUMVAL_VALUE("enumval_value"),
    TYPE_MATCHES("type_matches");

    private static final CoreReloKind[] VALUES = values();
    private final String label;

    CoreReloKind(String label) {
        this.label = label;
    }

    /** The kind with this number, or null when it is not one libbpf knows. */
    public static CoreReloKind of(int number) {
        return number >= 0 && number < VALUES.length ? VALUES[number] : null;
    }

    /** The kernel's number for this kind. */
    public int number() {
        return ordinal();
    }

    /** libbpf's name for the kind ({@code core_relo_kind_str}). */
    public String label() {
        return label;
    }

    /** Field relocations: the access string walks from the root type to a field or array element. */
    public boolean isFieldBased() {
        return switch (this) {
            case FIELD_BYTE_OFFSET, FIELD_BYTE_SIZE, FIELD_EXISTS, FIELD_SIGNED, FIELD_LSHIFT_U64,
                    FIELD_RSHIFT_U64 -> true;
            default -> false;
        };
    }

    /** Type relocations: the access string is always {@code "0"}. */
    public boolean isTypeBased() {
        return switch (this) {
            case TYPE_ID_LOCAL, TYPE_ID_TARGET, TYPE_EXISTS, TYPE_MATCHES, TYPE_SIZE -> true;
            default -> false;
        };
    }

    /** Enumerator relocations: the access string is the enumerator's index in the local enum. */
    public boolean isEnumvalBased() {
        return this == ENUMVAL_EXISTS || this == ENUMVAL_VALUE;
    }
}

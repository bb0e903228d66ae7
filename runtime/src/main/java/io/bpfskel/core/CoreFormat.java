package io.bpfskel.core;

import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;

/** Text as libbpf prints it: kind names ({@code btf_kind_str}) and specs ({@code bpf_core_format_spec}). */
final class CoreFormat {
    private CoreFormat() {}

    static String kindStr(BtfKind k) {
        if (k == null) {
            return "unknown";
        }
        return switch (k) {
            case UNKN -> "void";
            case INT -> "int";
            case PTR -> "ptr";
            case ARRAY -> "array";
            case STRUCT -> "struct";
            case UNION -> "union";
            case ENUM -> "enum";
            case FWD -> "fwd";
            case TYPEDEF -> "typedef";
            case VOLATILE -> "volatile";
            case CONST -> "const";
            case RESTRICT -> "restrict";
            case FUNC -> "func";
            case FUNC_PROTO -> "func_proto";
            case VAR -> "var";
            case DATASEC -> "datasec";
            case FLOAT -> "float";
            case DECL_TAG -> "decl_tag";
            case TYPE_TAG -> "type_tag";
            case ENUM64 -> "enum64";
        };
    }

    static String nameOrAnon(String name) {
        return name == null || name.isEmpty() ? "<anon>" : name;
    }

    /** {@code [id] kind name}, as in libbpf's messages. */
    static String type(io.bpfskel.btf.Btf btf, int id) {
        return "[" + id + "] " + kindStr(btf.kind(id)) + " " + nameOrAnon(btf.name(id));
    }

    static String spec(CoreSpec s) {
        StringBuilder sb = new StringBuilder();
        BtfType root = s.btf.type(s.rootTypeId);
        sb.append('<').append(s.kind.label()).append("> [").append(s.rootTypeId).append("] ")
                .append(kindStr(root.kind())).append(' ').append(nameOrAnon(root.name()));
        if (s.kind.isTypeBased()) {
            return sb.toString();
        }
        if (s.kind.isEnumvalBased()) {
            BtfType t = s.btf.type(CoreSpec.skip(s.btf, s.rootTypeId));
            if (t instanceof BtfType.AnyEnum e && s.raw[0] < e.values().size()) {
                BtfType.EnumValue v = e.values().get(s.raw[0]);
                sb.append("::").append(v.name()).append(" = ");
                if (t instanceof BtfType.Enum) {
                    int v32 = (int) v.value();
                    sb.append(e.signed() ? Integer.toString(v32) : Integer.toUnsignedString(v32));
                } else {
                    sb.append(e.signed() ? Long.toString(v.value()) : Long.toUnsignedString(v.value()));
                }
            }
            return sb.toString();
        }
        for (int i = 0; i < s.accessors.size(); i++) {
            CoreSpec.Accessor a = s.accessors.get(i);
            if (a.name() != null) {
                sb.append('.').append(a.name());
            } else if (i > 0 || a.idx() > 0) {
                sb.append('[').append(Integer.toUnsignedString(a.idx())).append(']');
            }
        }
        sb.append(" (").append(s.rawString());
        long bits = s.bitOffset & 0xffffffffL;
        if (bits % 8 != 0) {
            sb.append(" @ offset ").append(bits / 8).append('.').append(bits % 8).append(')');
        } else {
            sb.append(" @ offset ").append(bits / 8).append(')');
        }
        return sb.toString();
    }
}

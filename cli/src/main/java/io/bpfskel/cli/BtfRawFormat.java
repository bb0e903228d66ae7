package io.bpfskel.cli;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code bpftool btf dump file F format raw}, byte for byte: one header line per type
 * ({@code [id] KIND 'name' key=value ...}) and one tab-indented line per member, enumerator, parameter or
 * section variable. For split BTF only the blob's own types are written, as bpftool does.
 *
 * <p>One difference cannot be avoided: a type whose name offset points at an empty string prints
 * {@code ''} in bpftool and {@code '(anon)'} here, because {@link Btf} does not keep name offsets. Compilers
 * and pahole write offset 0 for anonymous types, so real BTF does not show it.
 */
final class BtfRawFormat {
    private BtfRawFormat() {}

    static String format(Btf btf) {
        StringBuilder sb = new StringBuilder(btf.typeCount() * 48);
        write(btf, sb);
        return sb.toString();
    }

    static void write(Btf btf, Appendable out) {
        StringBuilder sb = new StringBuilder(256);
        try {
            for (int id = btf.firstOwnId(); id < btf.typeCount(); id++) {
                sb.setLength(0);
                type(btf, id, sb);
                out.append(sb);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String kindName(BtfKind k) {
        return k == BtfKind.UNKN ? "UNKNOWN" : k.name();
    }

    private static String quoted(String name) {
        return "'" + (name.isEmpty() ? "(anon)" : name) + "'";
    }

    private static void type(Btf btf, int id, StringBuilder sb) {
        BtfType t = btf.type(id);
        sb.append('[').append(id).append("] ").append(kindName(t.kind())).append(' ').append(quoted(t.name()));
        if (t instanceof BtfType.Int i) {
            sb.append(" size=").append(i.size()).append(" bits_offset=").append(i.bitOffset())
                    .append(" nr_bits=").append(i.bits()).append(" encoding=").append(intEncoding(i.encoding()));
        } else if (t instanceof BtfType.Ref r) {
            sb.append(" type_id=").append(Integer.toUnsignedString(r.type()));
        } else if (t instanceof BtfType.Array a) {
            sb.append(" type_id=").append(Integer.toUnsignedString(a.elemType()))
                    .append(" index_type_id=").append(Integer.toUnsignedString(a.indexType()))
                    .append(" nr_elems=").append(Integer.toUnsignedString(a.nelems()));
        } else if (t instanceof BtfType.Composite c) {
            sb.append(" size=").append(Integer.toUnsignedString(c.size())).append(" vlen=").append(c.members().size());
            for (BtfType.Member m : c.members()) {
                sb.append("\n\t").append(quoted(m.name())).append(" type_id=").append(Integer.toUnsignedString(m.type()))
                        .append(" bits_offset=").append(Integer.toUnsignedString(m.bitOffset()));
                if (m.bitfieldSize() != 0) {
                    sb.append(" bitfield_size=").append(m.bitfieldSize());
                }
            }
        } else if (t instanceof BtfType.Enum e) {
            sb.append(" encoding=").append(e.signed() ? "SIGNED" : "UNSIGNED").append(" size=")
                    .append(Integer.toUnsignedString(e.size())).append(" vlen=").append(e.values().size());
            for (BtfType.EnumValue v : e.values()) {
                sb.append("\n\t").append(quoted(v.name())).append(" val=");
                int raw = (int) v.value();
                sb.append(e.signed() ? Integer.toString(raw) : Integer.toUnsignedString(raw));
            }
        } else if (t instanceof BtfType.Enum64 e) {
            sb.append(" encoding=").append(e.signed() ? "SIGNED" : "UNSIGNED").append(" size=")
                    .append(Integer.toUnsignedString(e.size())).append(" vlen=").append(e.values().size());
            for (BtfType.EnumValue v : e.values()) {
                sb.append("\n\t").append(quoted(v.name())).append(" val=");
                sb.append(e.signed() ? v.value() + "LL" : Long.toUnsignedString(v.value()) + "ULL");
            }
        } else if (t instanceof BtfType.Fwd f) {
            sb.append(" fwd_kind=").append(f.union() ? "union" : "struct");
        } else if (t instanceof BtfType.Func f) {
            sb.append(" type_id=").append(Integer.toUnsignedString(f.type())).append(" linkage=")
                    .append(linkage(f.linkage(), "static", "global", "extern"));
        } else if (t instanceof BtfType.FuncProto p) {
            sb.append(" ret_type_id=").append(Integer.toUnsignedString(p.returnType())).append(" vlen=")
                    .append(p.params().size());
            for (BtfType.Param prm : p.params()) {
                sb.append("\n\t").append(quoted(prm.name())).append(" type_id=").append(Integer.toUnsignedString(prm.type()));
            }
        } else if (t instanceof BtfType.Var v) {
            sb.append(" type_id=").append(Integer.toUnsignedString(v.type())).append(", linkage=")
                    .append(linkage(v.linkage(), "static", "global", "extern"));
        } else if (t instanceof BtfType.DataSec d) {
            sb.append(" size=").append(Integer.toUnsignedString(d.size())).append(" vlen=").append(d.vars().size());
            for (BtfType.VarSecinfo v : d.vars()) {
                sb.append("\n\ttype_id=").append(Integer.toUnsignedString(v.type())).append(" offset=")
                        .append(Integer.toUnsignedString(v.offset())).append(" size=").append(Integer.toUnsignedString(v.size()));
                if (Integer.compareUnsigned(v.type(), btf.typeCount()) < 0) {
                    sb.append(" (").append(kindName(btf.kind(v.type()))).append(' ').append(quoted(btf.name(v.type())))
                            .append(')');
                }
            }
        } else if (t instanceof BtfType.Float f) {
            sb.append(" size=").append(Integer.toUnsignedString(f.size()));
        } else if (t instanceof BtfType.DeclTag d) {
            sb.append(" type_id=").append(Integer.toUnsignedString(d.type())).append(" component_idx=").append(d.componentIdx());
        }
        sb.append('\n');
    }

    private static String intEncoding(int encoding) {
        return switch (encoding) {
            case 0 -> "(none)";
            case BtfType.Int.SIGNED -> "SIGNED";
            case BtfType.Int.CHAR -> "CHAR";
            case BtfType.Int.BOOL -> "BOOL";
            default -> "UNKN";
        };
    }

    private static String linkage(int linkage, String s0, String s1, String s2) {
        return switch (linkage) {
            case 0 -> s0;
            case 1 -> s1;
            case 2 -> s2;
            default -> "(unknown)";
        };
    }
}

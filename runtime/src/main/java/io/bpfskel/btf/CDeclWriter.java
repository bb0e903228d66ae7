package io.bpfskel.btf;

import io.bpfskel.error.BpfFormatException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes C declarations for BTF types: a port of the declaration half of libbpf's {@code btf_dump.c}
 * ({@code btf_dump_emit_type_decl}, {@code _emit_type_chain}, {@code _emit_struct_def}, {@code _emit_enum_def},
 * …), so that our output matches what {@code bpftool btf dump … format c} prints, down to spacing and
 * padding fields.
 *
 * <p>Two setups: {@link #forHeader} dedups clashing names ({@code foo___2}) and inlines anonymous
 * types, as a compilable header needs; {@link #forMessages} keeps names as they are, abbreviates
 * anonymous types to {@code struct {...}} and writes abstract declarators with a space
 * ({@code int [16]}, {@code int (*)(void)}), which reads better in Javadoc and errors;
 * {@link #forDefinitions} keeps names as they are but writes anonymous member types out, as
 * {@code bpftool} prints a single struct.
 *
 * <p>Malformed BTF (reference cycles libbpf would recurse on forever, kinds that cannot appear in a
 * declaration) gives a {@link BpfFormatException}; the nesting bound is far above anything C headers
 * contain and well inside a default thread stack.
 */
final class CDeclWriter {
    private static final String TABS = "\t".repeat(13);
    /** Bound on nested declarations (anonymous types inside parameters inside anonymous types …). */
    static final int MAX_NESTING = 512;
    /** Largest hole padded with bitfields (16 MiB): 2M lines of {@code long: 64;}. */
    private static final long MAX_PADDING_BITS = 8L << 24;
    /** Bound on a single chain of pointers/arrays/modifiers. */
    private static final int MAX_CHAIN = 4096;
    private static final String[][] MISSING_BASE_TYPES = {
        {"__Poly8_t", "unsigned char"},
        {"__Poly16_t", "unsigned short"},
        {"__Poly64_t", "unsigned long long"},
        {"__Poly128_t", "unsigned __int128"},
    };

    final Btf btf;
    final StringBuilder out;
    final int ptrSize;
    private final boolean header;
    /** Anonymous struct/union/enum types are written out in full where used (headers, definitions). */
    private final boolean inlineAnonymous;
    private final Map<String, Integer> typeNames;
    private final Map<String, Integer> identNames;
    private final String[] cachedNames;
    private final BitSet nameResolved;
    private int nesting;
    /**
     * Declarations still allowed: prototypes and arrays are spelled out at every use, so a crafted BTF
     * sharing them as a deep DAG would produce exponentially long text. Real BTF stays orders of
     * magnitude below this.
     */
    private long budget;
    /** alignOf results + 1 (0 = not computed): keeps a struct DAG from being re-walked per use. */
    private int[] alignCache;

    private CDeclWriter(Btf btf, StringBuilder out, boolean header, boolean inlineAnonymous) {
        this.btf = btf;
        this.out = out;
        this.header = header;
        this.inlineAnonymous = inlineAnonymous;
        this.ptrSize = pointerSize(btf);
        this.budget = (header ? 64L * btf.typeCount() : 0) + 1_000_000;
        if (header) {
            typeNames = new HashMap<>();
            identNames = new HashMap<>();
            cachedNames = new String[btf.typeCount()];
            nameResolved = new BitSet(btf.typeCount());
        } else {
            typeNames = null;
            identNames = null;
            cachedNames = null;
            nameResolved = null;
        }
    }

    static CDeclWriter forHeader(Btf btf, StringBuilder out) {
        return new CDeclWriter(btf, out, true, true);
    }

    static CDeclWriter forMessages(Btf btf, StringBuilder out) {
        return new CDeclWriter(btf, out, false, false);
    }

    /** Like {@link #forMessages} (names as they are), but anonymous member types are written out in full. */
    static CDeclWriter forDefinitions(Btf btf, StringBuilder out) {
        return new CDeclWriter(btf, out, false, true);
    }

    /** libbpf's determine_ptr_size: the size of the first 4- or 8-byte INT named like {@code long}, else 8. */
    static int pointerSize(Btf btf) {
        int found = findLongSize(btf);
        return found > 0 ? found : 8;
    }

    private static final String[] LONG_ALIASES = {
        "long", "long int", "int long", "unsigned long", "long unsigned", "unsigned long int",
        "unsigned int long", "long unsigned int", "long int unsigned", "int unsigned long", "int long unsigned",
    };

    private static int findLongSize(Btf b) {
        int best = -1;
        int bestId = Integer.MAX_VALUE;
        for (String alias : LONG_ALIASES) {
            for (int id : b.findByName(alias)) {
                if (id < bestId && b.kind(id) == BtfKind.INT) {
                    int size = ((BtfType.Int) b.type(id)).size();
                    if (size == 4 || size == 8) {
                        best = size;
                        bestId = id;
                    }
                }
            }
        }
        return best;
    }

    // ---- names

    /** The struct/union/enum tag name, deduplicated in header mode. */
    String typeName(int id) {
        return header ? resolveName(id, typeNames) : btf.name(id);
    }

    /** The typedef name, deduplicated in header mode (typedefs share a namespace with enumerators). */
    String identName(int id) {
        return header ? resolveName(id, identNames) : btf.name(id);
    }

    private String resolveName(int id, Map<String, Integer> names) {
        String orig = btf.name(id);
        if (orig.isEmpty()) {
            return "";
        }
        if (nameResolved.get(id)) {
            return cachedNames[id] != null ? cachedNames[id] : orig;
        }
        nameResolved.set(id);
        BtfKind k = btf.kind(id);
        if (k == BtfKind.FWD || (k == BtfKind.ENUM && ((BtfType.Enum) btf.type(id)).values().isEmpty())) {
            return orig;
        }
        int dups = nameDups(names, orig);
        if (dups > 1) {
            cachedNames[id] = orig + "___" + dups;
            return cachedNames[id];
        }
        return orig;
    }

    private static int nameDups(Map<String, Integer> names, String name) {
        return names.merge(name, 1, Integer::sum);
    }

    // ---- declarations

    /** {@code btf_dump_emit_type_decl}: the type of {@code id} declaring {@code fname} ("" for a bare type). */
    void emitTypeDecl(int id, String fname, int lvl) {
        enter(id);
        try {
            Decls decls = new Decls();
            for (int n = 0; ; n++) {
                if (n > MAX_CHAIN) {
                    throw fail(id, "declaration chain longer than " + MAX_CHAIN + " types (reference cycle?)");
                }
                decls.push(id);
                if (id == 0) {
                    break;
                }
                BtfType t = btf.type(id);
                if (t instanceof BtfType.Ref r && !(t instanceof BtfType.Typedef)) {
                    id = r.type();
                } else if (t instanceof BtfType.FuncProto p) {
                    id = p.returnType();
                } else if (t instanceof BtfType.Array a) {
                    id = a.elemType();
                } else if (t instanceof BtfType.Int || t instanceof BtfType.AnyEnum || t instanceof BtfType.Fwd
                        || t instanceof BtfType.Composite || t instanceof BtfType.Typedef || t instanceof BtfType.Float) {
                    break;
                } else {
                    throw fail(id, t.kind() + " cannot be part of a C declaration");
                }
            }
            emitTypeChain(decls, fname, lvl);
        } finally {
            nesting--;
        }
    }

    private void emitTypeChain(Decls decls, String fname, int lvl) {
        boolean lastWasPtr = true;
        while (decls.cnt > 0) {
            int id = decls.ids[--decls.cnt];
            if (id == 0) {
                emitMods(decls);
                out.append("void");
                lastWasPtr = false;
                continue;
            }
            BtfType t = btf.type(id);
            BtfKind kind = t.kind();
            switch (kind) {
                case INT:
                case FLOAT:
                    emitMods(decls);
                    out.append(t.name());
                    break;
                case STRUCT:
                case UNION:
                    emitMods(decls);
                    if (t.name().isEmpty() && inlineAnonymous) {
                        emitStructDef(id, lvl);
                    } else {
                        emitStructFwd(id);
                    }
                    break;
                case ENUM:
                case ENUM64:
                    emitMods(decls);
                    if (t.name().isEmpty() && inlineAnonymous) {
                        emitEnumDef(id, lvl);
                    } else {
                        emitEnumFwd(id);
                    }
                    break;
                case FWD:
                    emitMods(decls);
                    emitFwdDef(id);
                    break;
                case TYPEDEF:
                    emitMods(decls);
                    out.append(identName(id));
                    break;
                case PTR:
                    out.append(lastWasPtr ? "*" : " *");
                    break;
                case VOLATILE:
                    out.append(" volatile");
                    break;
                case CONST:
                    out.append(" const");
                    break;
                case RESTRICT:
                    out.append(" restrict");
                    break;
                case TYPE_TAG:
                    emitMods(decls);
                    if (btf.kflag(id)) {
                        out.append(" __attribute__((").append(t.name()).append("))");
                    } else {
                        out.append(" __attribute__((btf_type_tag(\"").append(t.name()).append("\")))");
                    }
                    break;
                case ARRAY: {
                    BtfType.Array a = (BtfType.Array) t;
                    // GCC adds const/volatile to arrays of qualified elements; C cannot say it, libbpf drops them.
                    dropMods(decls);
                    String dim = "[" + Integer.toUnsignedString(a.nelems()) + "]";
                    if (decls.cnt == 0) {
                        emitName(fname, lastWasPtr);
                        if (!header && fname.isEmpty() && !lastWasPtr) {
                            out.append(' ');
                        }
                        out.append(dim);
                        return;
                    }
                    boolean multidim = btf.kind(decls.ids[decls.cnt - 1]) == BtfKind.ARRAY;
                    if ((!fname.isEmpty() || !header) && !lastWasPtr) {
                        out.append(' ');
                    }
                    if (!multidim) {
                        out.append('(');
                    }
                    emitTypeChain(decls, fname, lvl);
                    if (!multidim) {
                        out.append(')');
                    }
                    out.append(dim);
                    return;
                }
                case FUNC_PROTO: {
                    BtfType.FuncProto p = (BtfType.FuncProto) t;
                    // GCC marks noreturn function pointers volatile; libbpf drops such qualifiers.
                    dropMods(decls);
                    if (decls.cnt > 0) {
                        out.append(" (");
                        emitTypeChain(decls, fname, lvl);
                        out.append(')');
                    } else {
                        emitName(fname, lastWasPtr);
                        if (!header && fname.isEmpty() && !lastWasPtr) {
                            out.append(' ');
                        }
                    }
                    out.append('(');
                    List<BtfType.Param> ps = p.params();
                    if (ps.isEmpty() || (ps.size() == 1 && ps.get(0).type() == 0)) {
                        out.append("void)");
                        return;
                    }
                    for (int i = 0; i < ps.size(); i++) {
                        if (i > 0) {
                            out.append(", ");
                        }
                        if (i == ps.size() - 1 && ps.get(i).type() == 0) {
                            out.append("...");
                            break;
                        }
                        emitTypeDecl(ps.get(i).type(), ps.get(i).name(), lvl);
                    }
                    out.append(')');
                    return;
                }
                default:
                    throw fail(id, kind + " cannot be part of a C declaration");
            }
            lastWasPtr = kind == BtfKind.PTR;
        }
        emitName(fname, lastWasPtr);
    }

    private void emitMods(Decls decls) {
        while (decls.cnt > 0) {
            int id = decls.ids[decls.cnt - 1];
            BtfKind k = btf.kind(id);
            if (k == BtfKind.VOLATILE) {
                out.append("volatile ");
            } else if (k == BtfKind.CONST) {
                out.append("const ");
            } else if (k == BtfKind.RESTRICT) {
                out.append("restrict ");
            } else {
                return;
            }
            decls.cnt--;
        }
    }

    private void dropMods(Decls decls) {
        while (decls.cnt > 0) {
            BtfKind k = btf.kind(decls.ids[decls.cnt - 1]);
            if (k != BtfKind.VOLATILE && k != BtfKind.CONST && k != BtfKind.RESTRICT && k != BtfKind.TYPE_TAG) {
                return;
            }
            decls.cnt--;
        }
    }

    private void emitName(String name, boolean lastWasPtr) {
        if (!name.isEmpty() && !lastWasPtr) {
            out.append(' ');
        }
        out.append(name);
    }

    // ---- definitions

    void emitStructFwd(int id) {
        BtfType t = btf.type(id);
        out.append(t.kind() == BtfKind.STRUCT ? "struct" : "union");
        if (!t.name().isEmpty()) {
            out.append(' ').append(typeName(id));
        } else if (!header) {
            out.append(" {...}");
        }
    }

    void emitEnumFwd(int id) {
        if (!header && btf.name(id).isEmpty()) {
            out.append("enum {...}");
            return;
        }
        out.append("enum ").append(typeName(id));
    }

    void emitFwdDef(int id) {
        BtfType.Fwd f = (BtfType.Fwd) btf.type(id);
        out.append(f.union() ? "union " : "struct ").append(typeName(id));
    }

    void emitTypedefDef(int id, int lvl) {
        BtfType.Typedef t = (BtfType.Typedef) btf.type(id);
        String name = identName(id);
        // Old GCC emits __gnuc_va_list as a typedef of void, which does not compile.
        if (t.type() == 0 && name.equals("__gnuc_va_list")) {
            out.append("typedef __builtin_va_list __gnuc_va_list");
            return;
        }
        out.append("typedef ");
        emitTypeDecl(t.type(), name, lvl);
    }

    /** Typedefs for GCC-internal base types (Arm SIMD) that clang does not know. */
    void emitMissingAliases(int id) {
        String name = typeName(id);
        for (String[] alias : MISSING_BASE_TYPES) {
            if (alias[0].equals(name)) {
                out.append("typedef ").append(alias[1]).append(' ').append(name).append(";\n\n");
                return;
            }
        }
    }

    void emitStructDef(int id, int lvl) {
        enter(id);
        try {
            BtfType.Composite t = (BtfType.Composite) btf.type(id);
            boolean isStruct = t.kind() == BtfKind.STRUCT;
            int align = alignOf(id, 0);
            boolean packed = isStruct && isPacked(t);
            out.append(isStruct ? "struct" : "union");
            if (!t.name().isEmpty()) {
                out.append(' ').append(typeName(id));
            }
            out.append(" {");
            long off = 0;
            boolean prevBitfield = false;
            for (BtfType.Member m : t.members()) {
                long mSz = m.bitfieldSize();
                long mOff = Integer.toUnsignedLong(m.bitOffset());
                int mAlign = packed ? 1 : alignOf(m.type(), 0);
                boolean inBitfield = prevBitfield && mSz != 0;
                emitBitPadding(off, mOff, mAlign, inBitfield, lvl + 1);
                out.append('\n').append(pfx(lvl + 1));
                emitTypeDecl(m.type(), m.name(), lvl + 1);
                if (mSz != 0) {
                    out.append(": ").append(mSz);
                    off = mOff + mSz;
                    prevBitfield = true;
                } else {
                    off = mOff + Math.max(0, resolveSize(m.type())) * 8;
                    prevBitfield = false;
                }
                out.append(';');
            }
            if (isStruct) {
                emitBitPadding(off, Integer.toUnsignedLong(t.size()) * 8, align, false, lvl + 1);
            }
            // `struct empty {}` stays on one line.
            if (!t.members().isEmpty() || t.size() != 0) {
                out.append('\n').append(pfx(lvl)).append('}');
            } else {
                out.append('}');
            }
            if (packed) {
                out.append(" __attribute__((packed))");
            }
        } finally {
            nesting--;
        }
    }

    private boolean isPacked(BtfType.Composite t) {
        int maxAlign = 1;
        for (BtfType.Member m : t.members()) {
            int a = alignOf(m.type(), 0);
            if (a != 0 && m.bitfieldSize() == 0 && Integer.toUnsignedLong(m.bitOffset()) % (8L * a) != 0) {
                return true;
            }
            maxAlign = Math.max(a, maxAlign);
        }
        return Integer.toUnsignedLong(t.size()) % maxAlign != 0;
    }

    /**
     * Explicit padding so the compiler reproduces BTF's member offsets: align with the widest of
     * long/int/short/char that fits, then fill the rest (libbpf's btf_dump_emit_bit_padding).
     */
    private void emitBitPadding(long curOff, long nextOff, int nextAlign, boolean inBitfield, int lvl) {
        if (curOff >= nextOff) {
            return;
        }
        if (nextOff - curOff > MAX_PADDING_BITS) {
            // One `long: 64;` line per 8 bytes: a corrupt offset or size would mean gigabytes of text.
            throw new BpfFormatException(btf.source(), "a " + (nextOff - curOff) / 8 + "-byte hole in a struct is too large to pad");
        }
        String[] padNames = {"long", "int", "short", "char"};
        int[] padBits = {ptrSize * 8, 32, 16, 8};
        long newOff = 0;
        int bitsOfPad = 0;
        String padType = null;
        for (int i = 0; i < padNames.length; i++) {
            bitsOfPad = padBits[i];
            padType = padNames[i];
            newOff = roundup(curOff, bitsOfPad);
            if (newOff <= nextOff) {
                break;
            }
        }
        if (newOff > curOff && newOff <= nextOff) {
            if (inBitfield
                    || (newOff == nextOff && roundup(curOff, Math.max(1, nextAlign) * 8L) != newOff)
                    || (newOff != nextOff && nextOff - newOff <= newOff - curOff)) {
                out.append('\n').append(pfx(lvl)).append(padType).append(": ").append(inBitfield ? newOff - curOff : 0).append(';');
            }
            curOff = newOff;
        }
        while (curOff != nextOff) {
            long bits = Math.min(nextOff - curOff, bitsOfPad);
            if (bits == bitsOfPad) {
                out.append('\n').append(pfx(lvl)).append(padType).append(": ").append(bitsOfPad).append(';');
                curOff += bits;
                continue;
            }
            for (int i = padNames.length - 1; i >= 0; i--) {
                padType = padNames[i];
                bitsOfPad = padBits[i];
                if (bitsOfPad < bits) {
                    continue;
                }
                out.append('\n').append(pfx(lvl)).append(padType).append(": ").append(bits).append(';');
                curOff += bits;
                break;
            }
        }
    }

    private static long roundup(long x, long y) {
        return (x + y - 1) / y * y;
    }

    void emitEnumDef(int id, int lvl) {
        BtfType.AnyEnum t = (BtfType.AnyEnum) btf.type(id);
        out.append("enum");
        if (!t.name().isEmpty()) {
            out.append(' ').append(typeName(id));
        }
        List<BtfType.EnumValue> vs = t.values();
        if (vs.isEmpty()) {
            return;
        }
        out.append(" {");
        boolean is64 = t.kind() == BtfKind.ENUM64;
        for (BtfType.EnumValue v : vs) {
            out.append('\n').append(pfx(lvl + 1)).append(v.name());
            if (header) {
                // Enumerators share the ordinary identifier namespace with typedefs.
                int dups = nameDups(identNames, v.name());
                if (dups > 1) {
                    out.append("___").append(dups);
                }
            }
            out.append(" = ");
            if (is64) {
                out.append(t.signed() ? Long.toString(v.value()) + "LL" : Long.toUnsignedString(v.value()) + "ULL");
            } else {
                out.append(t.signed() ? Integer.toString((int) v.value()) : Long.toString(v.value() & 0xffffffffL));
            }
            out.append(',');
        }
        out.append('\n').append(pfx(lvl)).append('}');
        if (t.size() == 1) {
            out.append(" __attribute__((mode(byte)))");
        } else if (t.size() == 8 && ptrSize == 8) {
            // A 32-bit ENUM can only be 8 bytes wide by mode(word); an ENUM64 becomes 8 bytes by itself
            // when some value needs the upper half.
            boolean needsWord = true;
            if (is64) {
                for (BtfType.EnumValue v : vs) {
                    if ((v.value() >>> 32) != 0) {
                        needsWord = false;
                        break;
                    }
                }
            }
            if (needsWord) {
                out.append(" __attribute__((mode(word)))");
            }
        }
    }

    // ---- layout helpers with libbpf's error behaviour (0 / -1 instead of exceptions)

    /** btf__align_of, with this BTF's pointer size; 0 for kinds without alignment. */
    int alignOf(int id, int depth) {
        if (depth > MAX_NESTING || id <= 0 || id >= btf.typeCount()) {
            return 0;
        }
        if (alignCache == null) {
            alignCache = new int[btf.typeCount()];
        }
        if (alignCache[id] != 0) {
            return alignCache[id] - 1;
        }
        int a = computeAlignOf(id, depth);
        alignCache[id] = a + 1;
        return a;
    }

    private int computeAlignOf(int id, int depth) {
        BtfType t = btf.type(id);
        if (t instanceof BtfType.Int i) {
            return (int) Math.min(ptrSize, Integer.toUnsignedLong(i.size()));
        } else if (t instanceof BtfType.AnyEnum e) {
            return (int) Math.min(ptrSize, Integer.toUnsignedLong(e.size()));
        } else if (t instanceof BtfType.Float f) {
            return (int) Math.min(ptrSize, Integer.toUnsignedLong(f.size()));
        } else if (t instanceof BtfType.Ptr) {
            return ptrSize;
        } else if (t instanceof BtfType.Ref r) {
            return alignOf(r.type(), depth + 1);
        } else if (t instanceof BtfType.Array a) {
            return alignOf(a.elemType(), depth + 1);
        } else if (t instanceof BtfType.Composite c) {
            int max = 1;
            for (BtfType.Member m : c.members()) {
                int a = alignOf(m.type(), depth + 1);
                if (a <= 0) {
                    return a;
                }
                max = Math.max(max, a);
                if (m.bitfieldSize() == 0 && Integer.toUnsignedLong(m.bitOffset()) % (8L * a) != 0) {
                    return 1;
                }
            }
            return Integer.toUnsignedLong(c.size()) % max != 0 ? 1 : max;
        }
        return 0;
    }

    /** btf__resolve_size, with this BTF's pointer size; -1 when the type has no size. */
    long resolveSize(int id) {
        long nelems = 1;
        for (int i = 0; i < Btf.MAX_RESOLVE_DEPTH; i++) {
            if (id <= 0 || id >= btf.typeCount()) {
                return -1;
            }
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Int x) {
                return nelems * Integer.toUnsignedLong(x.size());
            } else if (t instanceof BtfType.Composite x) {
                return nelems * Integer.toUnsignedLong(x.size());
            } else if (t instanceof BtfType.AnyEnum x) {
                return nelems * Integer.toUnsignedLong(x.size());
            } else if (t instanceof BtfType.DataSec x) {
                return nelems * Integer.toUnsignedLong(x.size());
            } else if (t instanceof BtfType.Float x) {
                return nelems * Integer.toUnsignedLong(x.size());
            } else if (t instanceof BtfType.Ptr) {
                return nelems * ptrSize;
            } else if (t instanceof BtfType.Ref r) {
                id = r.type();
            } else if (t instanceof BtfType.Var v) {
                id = v.type();
            } else if (t instanceof BtfType.DeclTag d) {
                id = d.type();
            } else if (t instanceof BtfType.Array a) {
                long n = Integer.toUnsignedLong(a.nelems());
                if (nelems != 0 && n > 0xffffffffL / nelems) {
                    return -1;
                }
                nelems *= n;
                id = a.elemType();
            } else {
                return -1;
            }
        }
        return -1;
    }

    static String pfx(int lvl) {
        return TABS.substring(0, Math.min(Math.max(lvl, 0), TABS.length()));
    }

    private void enter(int id) {
        if (--budget < 0) {
            throw fail(id, "declarations too costly to write (pathologically shared prototypes or arrays?)");
        }
        if (++nesting > MAX_NESTING) {
            throw fail(id, "declarations nested deeper than " + MAX_NESTING + " (reference cycle through anonymous types?)");
        }
    }

    BpfFormatException fail(int id, String problem) {
        return new BpfFormatException(btf.source(), "type " + id + ": " + problem);
    }

    /** One declaration's chain of type ids; nested chains continue popping the same view, as in libbpf. */
    private static final class Decls {
        int[] ids = new int[8];
        int cnt;

        void push(int id) {
            if (cnt == ids.length) {
                ids = Arrays.copyOf(ids, cnt * 2);
            }
            ids[cnt++] = id;
        }
    }
}

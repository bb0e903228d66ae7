package io.bpfskel.btf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * Builds BTF type by type, allocating ids, then encodes it with {@link BtfEncoder}. Used by the loader to
 * rewrite an object's BTF before {@code BPF_BTF_LOAD} ({@link #copyOf(Btf)}, then {@link #set}), and by
 * tests to make synthetic kernel BTFs.
 *
 * <p>References are plain ids and may point forward (a struct can name a pointer to itself before that
 * pointer is added); they are checked when encoding. With a base, this builds split BTF: the first id is
 * {@code base.typeCount()} and ids below it refer to the base.
 *
 * <p>Not thread-safe; a builder is a short-lived, single-owner scratch object.
 */
public final class BtfBuilder {
    private final Btf base;
    private final int firstId;
    private final List<BtfType> types = new ArrayList<>();
    /** Indexes (id - firstId) of TYPE_TAG/DECL_TAG types that are plain attributes (kind flag set). */
    private final BitSet attributeTags = new BitSet();

    /** A builder for a base BTF (ids from 1). */
    public BtfBuilder() {
        this.base = null;
        this.firstId = 1;
    }

    /** A builder for split BTF on top of {@code base} (a kernel module on vmlinux, say). */
    public BtfBuilder(Btf base) {
        if (base == null) {
            throw new IllegalArgumentException("split BTF needs a base; use new BtfBuilder() for a base BTF");
        }
        this.base = base;
        this.firstId = base.typeCount();
    }

    /** A builder holding {@code btf}'s own types (split on the same base if it is split), ready for edits. */
    public static BtfBuilder copyOf(Btf btf) {
        BtfBuilder b = btf.base() == null ? new BtfBuilder() : new BtfBuilder(btf.base());
        for (int id = btf.firstOwnId(); id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            b.types.add(t);
            if ((t instanceof BtfType.TypeTag || t instanceof BtfType.DeclTag) && btf.kflag(id)) {
                b.attributeTags.set(id - b.firstId);
            }
        }
        return b;
    }

    public Btf base() {
        return base;
    }

    /** The id the next added type gets. */
    public int nextId() {
        return firstId + types.size();
    }

    /** One past the largest id (base ids included). */
    public int typeCount() {
        return nextId();
    }

    /** A type added to this builder, or one of the base's. */
    public BtfType type(int id) {
        if (id >= firstId && id < nextId()) {
            return types.get(id - firstId);
        }
        if (id == 0) {
            return new BtfType.Void();
        }
        if (base != null && id > 0 && id < firstId) {
            return base.type(id);
        }
        throw new IllegalArgumentException("type id " + id + " out of range (" + nextId() + " types)");
    }

    /** The types added so far, in id order. */
    public List<BtfType> types() {
        return Collections.unmodifiableList(types);
    }

    /**
     * Appends a type. Its record id is ignored and replaced by the allocated one, which is returned; its
     * references must already be ids of this builder (or of the base).
     */
    public int add(BtfType t) {
        return add(t, false);
    }

    private int add(BtfType t, boolean attribute) {
        int id = nextId();
        if (t instanceof BtfType.Void) {
            throw new IllegalArgumentException("void is implicit (id 0) and cannot be added");
        }
        if (t.name() == null) {
            throw new IllegalArgumentException("type name is null; anonymous types use \"\"");
        }
        types.add(withId(t, id));
        if (attribute) {
            attributeTags.set(id - firstId);
        }
        return id;
    }

    /** Replaces an own type (for rewriting, e.g. a FUNC's linkage or a DATASEC's offsets); the kind may change. */
    public BtfBuilder set(int id, BtfType t) {
        if (id < firstId || id >= nextId()) {
            throw new IllegalArgumentException("type id " + id + " is not one of this builder's own ids [" + firstId + ", " + nextId() + ")");
        }
        if (t instanceof BtfType.Void) {
            throw new IllegalArgumentException("void is implicit (id 0)");
        }
        types.set(id - firstId, withId(t, id));
        if (!(t instanceof BtfType.TypeTag || t instanceof BtfType.DeclTag)) {
            attributeTags.clear(id - firstId);
        }
        return this;
    }

    // ---- one method per kind

    /** An integer of {@code size} bytes using all its bits; {@code encoding} is a mix of {@link BtfType.Int#SIGNED}, CHAR, BOOL. */
    public int addInt(String name, int size, int encoding) {
        return addInt(name, size, encoding, 0, size * 8);
    }

    public int addInt(String name, int size, int encoding, int bitOffset, int bits) {
        return add(new BtfType.Int(0, name, size, encoding, bitOffset, bits));
    }

    public int addFloat(String name, int size) {
        return add(new BtfType.Float(0, name, size));
    }

    public int addPtr(int type) {
        return add(new BtfType.Ptr(0, "", type));
    }

    public int addConst(int type) {
        return add(new BtfType.Const(0, "", type));
    }

    public int addVolatile(int type) {
        return add(new BtfType.Volatile(0, "", type));
    }

    public int addRestrict(int type) {
        return add(new BtfType.Restrict(0, "", type));
    }

    public int addTypedef(String name, int type) {
        return add(new BtfType.Typedef(0, name, type));
    }

    /** {@code __attribute__((btf_type_tag(value)))} on {@code type}. */
    public int addTypeTag(String value, int type) {
        return addTypeTag(value, type, false);
    }

    /** A type tag; with {@code attribute}, the plain {@code __attribute__((value))} form (kind flag set). */
    public int addTypeTag(String value, int type, boolean attribute) {
        return add(new BtfType.TypeTag(0, value, type), attribute);
    }

    public int addArray(int elemType, int indexType, int nelems) {
        return add(new BtfType.Array(0, "", elemType, indexType, nelems));
    }

    public int addStruct(String name, int size, List<BtfType.Member> members) {
        return add(new BtfType.Struct(0, name, size, List.copyOf(members)));
    }

    public int addUnion(String name, int size, List<BtfType.Member> members) {
        return add(new BtfType.Union(0, name, size, List.copyOf(members)));
    }

    public int addEnum(String name, int size, boolean signed, List<BtfType.EnumValue> values) {
        return add(new BtfType.Enum(0, name, size, signed, List.copyOf(values)));
    }

    public int addEnum64(String name, int size, boolean signed, List<BtfType.EnumValue> values) {
        return add(new BtfType.Enum64(0, name, size, signed, List.copyOf(values)));
    }

    public int addFwd(String name, boolean union) {
        return add(new BtfType.Fwd(0, name, union));
    }

    /** A prototype; a last parameter {@code new Param("", 0)} marks varargs. */
    public int addFuncProto(int returnType, List<BtfType.Param> params) {
        return add(new BtfType.FuncProto(0, "", returnType, List.copyOf(params)));
    }

    /** A function; {@code linkage} is {@link BtfType.Func#STATIC}, GLOBAL or EXTERN. */
    public int addFunc(String name, int protoId, int linkage) {
        return add(new BtfType.Func(0, name, protoId, linkage));
    }

    /** A variable; {@code linkage} is {@link BtfType.Var#STATIC}, GLOBAL_ALLOCATED or GLOBAL_EXTERN. */
    public int addVar(String name, int type, int linkage) {
        return add(new BtfType.Var(0, name, type, linkage));
    }

    public int addDataSec(String name, int size, List<BtfType.VarSecinfo> vars) {
        return add(new BtfType.DataSec(0, name, size, List.copyOf(vars)));
    }

    /** {@code btf_decl_tag(value)} on {@code type}, or on its member/parameter {@code componentIdx} (-1: the type itself). */
    public int addDeclTag(String value, int type, int componentIdx) {
        return addDeclTag(value, type, componentIdx, false);
    }

    public int addDeclTag(String value, int type, int componentIdx, boolean attribute) {
        return add(new BtfType.DeclTag(0, value, type, componentIdx), attribute);
    }

    // ---- output

    /** The BTF blob in {@code order}: base BTF, or split BTF continuing the base's ids and string offsets. */
    public byte[] encode(ByteOrder order) {
        return BtfEncoder.write(base, firstId, types, attributeTags, order);
    }

    /** Encodes in native order and parses the result (split on the base if there is one). */
    public Btf build(String source) {
        byte[] bytes = encode(ByteOrder.nativeOrder());
        return base == null ? Btf.parse(source, bytes) : Btf.parseSplit(source, bytes, base);
    }

    /** The same record with id {@code id}. */
    static BtfType withId(BtfType t, int id) {
        if (t.id() == id) {
            return t;
        }
        String n = t.name();
        if (t instanceof BtfType.Int x) {
            return new BtfType.Int(id, n, x.size(), x.encoding(), x.bitOffset(), x.bits());
        } else if (t instanceof BtfType.Ptr x) {
            return new BtfType.Ptr(id, n, x.type());
        } else if (t instanceof BtfType.Typedef x) {
            return new BtfType.Typedef(id, n, x.type());
        } else if (t instanceof BtfType.Volatile x) {
            return new BtfType.Volatile(id, n, x.type());
        } else if (t instanceof BtfType.Const x) {
            return new BtfType.Const(id, n, x.type());
        } else if (t instanceof BtfType.Restrict x) {
            return new BtfType.Restrict(id, n, x.type());
        } else if (t instanceof BtfType.TypeTag x) {
            return new BtfType.TypeTag(id, n, x.type());
        } else if (t instanceof BtfType.Array x) {
            return new BtfType.Array(id, n, x.elemType(), x.indexType(), x.nelems());
        } else if (t instanceof BtfType.Struct x) {
            return new BtfType.Struct(id, n, x.size(), x.members());
        } else if (t instanceof BtfType.Union x) {
            return new BtfType.Union(id, n, x.size(), x.members());
        } else if (t instanceof BtfType.Enum x) {
            return new BtfType.Enum(id, n, x.size(), x.signed(), x.values());
        } else if (t instanceof BtfType.Enum64 x) {
            return new BtfType.Enum64(id, n, x.size(), x.signed(), x.values());
        } else if (t instanceof BtfType.Fwd x) {
            return new BtfType.Fwd(id, n, x.union());
        } else if (t instanceof BtfType.Func x) {
            return new BtfType.Func(id, n, x.type(), x.linkage());
        } else if (t instanceof BtfType.FuncProto x) {
            return new BtfType.FuncProto(id, n, x.returnType(), x.params());
        } else if (t instanceof BtfType.Var x) {
            return new BtfType.Var(id, n, x.type(), x.linkage());
        } else if (t instanceof BtfType.DataSec x) {
            return new BtfType.DataSec(id, n, x.size(), x.vars());
        } else if (t instanceof BtfType.Float x) {
            return new BtfType.Float(id, n, x.size());
        } else if (t instanceof BtfType.DeclTag x) {
            return new BtfType.DeclTag(id, n, x.type(), x.componentIdx());
        }
        throw new IllegalArgumentException("cannot add " + t);
    }
}

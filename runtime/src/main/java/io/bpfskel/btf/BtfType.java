package io.bpfskel.btf;

import java.util.List;

/**
 * One decoded BTF type. Type references are ids into the same {@link Btf} (0 is {@code void}), so a
 * decoded type never pulls the rest of the graph into memory.
 */
public sealed interface BtfType {
    /** This type's id; 0 only for {@link Void}. */
    int id();

    /** The name, or "" for anonymous types. */
    String name();

    BtfKind kind();

    /** {@code void}: type id 0, and nothing else. */
    record Void() implements BtfType {
        public int id() { return 0; }
        public String name() { return ""; }
        public BtfKind kind() { return BtfKind.UNKN; }
    }

    record Int(int id, String name, int size, int encoding, int bitOffset, int bits) implements BtfType {
        public static final int SIGNED = 1;
        public static final int CHAR = 2;
        public static final int BOOL = 4;
        public BtfKind kind() { return BtfKind.INT; }
        public boolean isSigned() { return (encoding & SIGNED) != 0; }
        public boolean isChar() { return (encoding & CHAR) != 0; }
        public boolean isBool() { return (encoding & BOOL) != 0; }
    }

    /** Kinds that just refer to another type: PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG. */
    sealed interface Ref extends BtfType permits Ptr, Typedef, Volatile, Const, Restrict, TypeTag {
        int type();
    }

    record Ptr(int id, String name, int type) implements Ref {
        public BtfKind kind() { return BtfKind.PTR; }
    }

    record Typedef(int id, String name, int type) implements Ref {
        public BtfKind kind() { return BtfKind.TYPEDEF; }
    }

    record Volatile(int id, String name, int type) implements Ref {
        public BtfKind kind() { return BtfKind.VOLATILE; }
    }

    record Const(int id, String name, int type) implements Ref {
        public BtfKind kind() { return BtfKind.CONST; }
    }

    record Restrict(int id, String name, int type) implements Ref {
        public BtfKind kind() { return BtfKind.RESTRICT; }
    }

    record TypeTag(int id, String name, int type) implements Ref {
        public BtfKind kind() { return BtfKind.TYPE_TAG; }
    }

    record Array(int id, String name, int elemType, int indexType, int nelems) implements BtfType {
        public BtfKind kind() { return BtfKind.ARRAY; }
    }

    /**
     * A struct or union member. {@code bitOffset} is from the start of the composite; {@code bitfieldSize}
     * is 0 for a plain member.
     */
    record Member(String name, int type, int bitOffset, int bitfieldSize) {}

    /** STRUCT and UNION. */
    sealed interface Composite extends BtfType permits Struct, Union {
        int size();
        List<Member> members();
    }

    record Struct(int id, String name, int size, List<Member> members) implements Composite {
        public BtfKind kind() { return BtfKind.STRUCT; }
    }

    record Union(int id, String name, int size, List<Member> members) implements Composite {
        public BtfKind kind() { return BtfKind.UNION; }
    }

    record EnumValue(String name, long value) {}

    /** ENUM and ENUM64. Values of a 32-bit enum are sign- or zero-extended per {@code signed}. */
    sealed interface AnyEnum extends BtfType permits Enum, Enum64 {
        int size();
        boolean signed();
        List<EnumValue> values();
    }

    record Enum(int id, String name, int size, boolean signed, List<EnumValue> values) implements AnyEnum {
        public BtfKind kind() { return BtfKind.ENUM; }
    }

    record Enum64(int id, String name, int size, boolean signed, List<EnumValue> values) implements AnyEnum {
        public BtfKind kind() { return BtfKind.ENUM64; }
    }

    /** A forward declaration; {@code union} tells {@code union X;} from {@code struct X;}. */
    record Fwd(int id, String name, boolean union) implements BtfType {
        public BtfKind kind() { return BtfKind.FWD; }
    }

    record Func(int id, String name, int type, int linkage) implements BtfType {
        public static final int STATIC = 0;
        public static final int GLOBAL = 1;
        public static final int EXTERN = 2;
        public BtfKind kind() { return BtfKind.FUNC; }
    }

    record Param(String name, int type) {}

    /** A function prototype; a last parameter with type 0 and no name marks varargs. */
    record FuncProto(int id, String name, int returnType, List<Param> params) implements BtfType {
        public BtfKind kind() { return BtfKind.FUNC_PROTO; }
    }

    record Var(int id, String name, int type, int linkage) implements BtfType {
        public static final int STATIC = 0;
        public static final int GLOBAL_ALLOCATED = 1;
        public static final int GLOBAL_EXTERN = 2;
        public BtfKind kind() { return BtfKind.VAR; }
    }

    record VarSecinfo(int type, int offset, int size) {}

    record DataSec(int id, String name, int size, List<VarSecinfo> vars) implements BtfType {
        public BtfKind kind() { return BtfKind.DATASEC; }
    }

    record Float(int id, String name, int size) implements BtfType {
        public BtfKind kind() { return BtfKind.FLOAT; }
    }

    /** A tag on a type, or on member/parameter {@code componentIdx} (-1 means the type itself). */
    record DeclTag(int id, String name, int type, int componentIdx) implements BtfType {
        public BtfKind kind() { return BtfKind.DECL_TAG; }
    }
}

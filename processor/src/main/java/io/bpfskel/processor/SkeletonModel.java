package io.bpfskel.processor;

import io.bpfskel.skel.ViewMemory;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Everything the writer needs to render one skeleton, decided and validated by {@link ModelBuilder}: Java names
 * (clash-free), Java types of variables, offsets, and the Javadoc text (C declarations rebuilt from BTF).
 *
 * @param resource the {@code @BpfSkeleton} value: class path resource name of the object
 * @param sha256 lowercase hex SHA-256 of the object the model was built from
 * @param byteOrder the object's ELF byte order; generated views read and write in it
 * @param types struct/union views and enums, nested in the skeleton class, in discovery order
 */
record SkeletonModel(String packageName, String className, String resource, String sha256, ByteOrder byteOrder,
        String objectName, String classDoc, List<MapRef> maps, List<ProgRef> progs,
        List<Section> sections, List<Ksym> ksyms, List<FlavorGroup> flavorGroups, List<TypeDecl> types) {

    /**
     * A map: {@code maps().<javaName>()} returns {@code obj.map(name)}; {@code typed}, when not null, adds a typed
     * accessor next to it.
     */
    record MapRef(String name, String javaName, String doc, TypedAccess typed) {}

    /** The view a typed map accessor returns, i.e. the {@code io.bpfskel.maps.MapRef} method it calls. */
    enum TypedView { TYPED, PER_CPU, QUEUE, BLOOM_FILTER }

    /**
     * A typed accessor {@code maps().<javaName>()} returning the maps package's view with codecs derived from the
     * map's BTF key and value types ({@code key} is null for queue/stack/bloom filter maps).
     */
    record TypedAccess(String javaName, TypedView view, ValueType key, int keySize, ValueType value, int valueSize) {}

    /**
     * A program: {@code progs().<javaName>()} returns {@code obj.program(name)}.
     *
     * @param attach for programs attached with more than a target (USDT, uprobe.multi, kprobe.multi): the skeleton
     *     gets {@code attach<JavaName>(...)} methods; null for the others
     */
    record ProgRef(String name, String javaName, String doc, AttachMethods attach) {
        ProgRef(String name, String javaName, String doc) {
            this(name, javaName, doc, null);
        }
    }

    /**
     * The skeleton's attach methods of one program.
     *
     * @param method the method name, {@code attach<JavaName>}
     * @param sectionTarget whether the section names where (then an overload with only the options attaches there)
     */
    record AttachMethods(AttachStyle style, String method, boolean sectionTarget) {}

    enum AttachStyle { USDT, UPROBE_MULTI, KPROBE_MULTI }

    /**
     * A global-data section view: {@code <accessor>()} on the skeleton returns an instance of {@code className}.
     */
    record Section(String name, String accessor, String className, ViewMemory.Access access, String doc,
            List<Field> fields) {}

    /**
     * One accessor group of a view: getter {@code javaName()} (plus {@code javaName + "Bytes"} for char arrays),
     * setters unless the view is read-only.
     *
     * @param offset byte offset inside the section or struct
     * @param cDecl the C declaration, e.g. {@code volatile const __u32 target_pid}
     * @param where human-readable location, e.g. {@code section .rodata, offset 0, size 4}
     */
    record Field(String cName, String javaName, int offset, ValueType type, String cDecl, String where) {}

    /** The Java mapping of a C type. */
    sealed interface ValueType permits Scalar, Bitfield, Chars, Array, StructRef, EnumRef, Opaque {}

    enum Prim { BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE }

    /**
     * A primitive: ints by size ({@code u8}→byte, {@code u16}→short, {@code u32}→int, {@code u64}→long, unsigned
     * ones documented), {@code _Bool}→boolean, pointers→long (the address), float/double.
     */
    record Scalar(Prim prim, boolean unsigned, boolean pointer) implements ValueType {}

    /** A bitfield of {@code bits} bits starting {@code bitOffset} bits into the field's byte offset. */
    record Bitfield(Prim prim, int bitOffset, int bits, boolean signed) implements ValueType {}

    /** A {@code char[length]}: a String accessor and a {@code byte[]} one. */
    record Chars(int length) implements ValueType {}

    /** An array; nested arrays add an index each. */
    record Array(ValueType elem, int length, int stride) implements ValueType {}

    /** A struct or union: the accessor returns a view class. */
    record StructRef(String className) implements ValueType {}

    /** An enum of {@code size} bytes: the accessor returns a generated Java enum (null for unknown values). */
    record EnumRef(String className, int size, boolean signed) implements ValueType {}

    /** Anything else with a size (e.g. {@code __int128}): a {@code byte[]} accessor. */
    record Opaque(int size) implements ValueType {}

    /** A nested type of the skeleton class: a struct/union view or an enum. */
    sealed interface TypeDecl permits View, EnumDecl {
        String className();
    }

    /** A struct or union view over (memory, base offset). */
    record View(String className, int size, String doc, List<Field> fields) implements TypeDecl {}

    record EnumDecl(String className, String doc, List<EnumConstant> constants) implements TypeDecl {}

    record EnumConstant(String javaName, String cName, long value, String doc) {}

    /** A ksym extern (kfunc, typed or typeless variable): {@code has<Name>()}. */
    record Ksym(String name, String method, String doc) {}

    /** Kfunc externs sharing an essential name: enum {@code enumName} and accessor {@code method()}. */
    record FlavorGroup(String essentialName, String enumName, String method, String doc, List<Flavor> flavors) {}

    record Flavor(String constant, String externName, String doc) {}
}

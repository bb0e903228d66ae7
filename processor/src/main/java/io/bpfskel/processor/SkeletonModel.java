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
        String objectName, String classDoc, List<MapAccessor> maps, List<ProgramAccessor> progs,
        List<Section> sections, List<ExternCheck> externChecks, List<FlavorGroup> flavorGroups, List<TypeDecl> types,
        List<RecordDecl> records) {

    /**
     * A map: {@code maps().<javaName>()} returns {@code obj.map(name)}; {@code typed}, when not null, adds a typed
     * accessor next to it.
     */
    record MapAccessor(String name, String javaName, String doc, TypedAccessor typed) {}

    /** The view a typed map accessor returns, i.e. the {@code io.bpfskel.maps.MapRef} method it calls. */
    enum TypedView { TYPED, PER_CPU, QUEUE, BLOOM_FILTER }

    /**
     * A typed accessor {@code maps().<javaName>()} returning the maps package's view with codecs derived from the
     * map's BTF key and value types ({@code key} is null for queue/stack/bloom filter maps).
     *
     * @param lambdaParam the parameter name of the lambdas inside the codec expressions
     */
    record TypedAccessor(String javaName, TypedView view, CodecRef key, int keySize, CodecRef value, int valueSize,
            String lambdaParam) {}

    /** How a map key, map value or record component is encoded: a {@code io.bpfskel.maps.Codec} to render. */
    sealed interface CodecRef permits ScalarCodec, StringCodec, EnumCodec, RecordCodec, BytesCodec {}

    /** {@code Codecs.int32()}, {@code Codecs.uint32()}, ...; pointers are {@code uint64}. */
    record ScalarCodec(Prim prim, boolean unsigned, boolean pointer) implements CodecRef {}

    /** {@code Codecs.string(length)} for a {@code char[length]}. */
    record StringCodec(int length) implements CodecRef {}

    /** The integer codec of {@code prim}/{@code unsigned} mapped to and from the nested enum {@code enumClass}. */
    record EnumCodec(String enumClass, Prim prim, boolean unsigned) implements CodecRef {}

    /** The {@code codecField} of the nested record {@code recordClass}. */
    record RecordCodec(String recordClass, String codecField) implements CodecRef {}

    /**
     * {@code Codecs.bytes(size)}: arrays, unions, structs that cannot be records (then {@code viewClass} names the
     * view to wrap the bytes with; else null) and anything else.
     */
    record BytesCodec(int size, String viewClass) implements CodecRef {}

    /**
     * A record for a struct used (directly or nested) as a map key or value, with a static codec encoding each
     * component at its BTF offset. All names are decided by the model: {@code codecField}, the private helpers
     * {@code encodeMethod}/{@code decodeMethod}, and their parameter and local names, none of which can collide
     * with a component or with one another.
     *
     * @param viewClass the struct's view class (same fields, same order)
     */
    record RecordDecl(String className, String viewClass, int size, List<Component> components, String codecField,
            String encodeMethod, String decodeMethod, String valueParam, String bufferParam, String positionLocal,
            String lambdaParam) {}

    /**
     * A record component: a primitive read and written in place ({@code scalar} not null) or through a codec over
     * the {@code size} bytes at {@code offset}.
     */
    record Component(String javaName, int offset, int size, Scalar scalar, CodecRef codec) {}

    /**
     * A program: {@code progs().<javaName>()} returns {@code obj.program(name)}.
     *
     * @param attach for programs attached with more than a target (USDT, uprobe.multi, kprobe.multi): the skeleton
     *     gets {@code attach<JavaName>(...)} methods; null for the others
     */
    record ProgramAccessor(String name, String javaName, String doc, AttachMethods attach) {
        ProgramAccessor(String name, String javaName, String doc) {
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
     * A global-data section view: {@code <accessor>()} on the skeleton returns an instance of {@code className},
     * held in the skeleton's private field {@code field}.
     */
    record Section(String name, String accessor, String field, String className, ViewMemory.Access access, String doc,
            List<Field> fields) {}

    /**
     * One accessor group of a view: getter {@code javaName()} (plus {@code bytesName()} for char arrays), setters
     * unless the view is read-only.
     *
     * @param bytesName the {@code byte[]} accessor of a char array ({@code javaName + "Bytes"} unless taken), else null
     * @param offset byte offset inside the section or struct
     * @param cDecl the C declaration, e.g. {@code volatile const __u32 target_pid}
     * @param where human-readable location, e.g. {@code section .rodata, offset 0, size 4}
     */
    record Field(String cName, String javaName, String bytesName, int offset, ValueType type, String cDecl, String where) {}

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
    record ExternCheck(String name, String method, String doc) {}

    /** Kfunc externs sharing an essential name: enum {@code enumName} and accessor {@code method()}. */
    record FlavorGroup(String essentialName, String enumName, String method, String doc, List<Flavor> flavors) {}

    record Flavor(String constant, String externName, String doc) {}
}

package io.bpfskel.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.bpfskel.processor.SkeletonModel.Array;
import io.bpfskel.processor.SkeletonModel.Bitfield;
import io.bpfskel.processor.SkeletonModel.BytesCodec;
import io.bpfskel.processor.SkeletonModel.Chars;
import io.bpfskel.processor.SkeletonModel.CodecRef;
import io.bpfskel.processor.SkeletonModel.Component;
import io.bpfskel.processor.SkeletonModel.EnumCodec;
import io.bpfskel.processor.SkeletonModel.EnumConstant;
import io.bpfskel.processor.SkeletonModel.EnumDecl;
import io.bpfskel.processor.SkeletonModel.EnumRef;
import io.bpfskel.processor.SkeletonModel.ExternCheck;
import io.bpfskel.processor.SkeletonModel.Field;
import io.bpfskel.processor.SkeletonModel.Flavor;
import io.bpfskel.processor.SkeletonModel.FlavorGroup;
import io.bpfskel.processor.SkeletonModel.MapAccessor;
import io.bpfskel.processor.SkeletonModel.Opaque;
import io.bpfskel.processor.SkeletonModel.Prim;
import io.bpfskel.processor.SkeletonModel.ProgramAccessor;
import io.bpfskel.processor.SkeletonModel.RecordCodec;
import io.bpfskel.processor.SkeletonModel.RecordDecl;
import io.bpfskel.processor.SkeletonModel.Scalar;
import io.bpfskel.processor.SkeletonModel.ScalarCodec;
import io.bpfskel.processor.SkeletonModel.Section;
import io.bpfskel.processor.SkeletonModel.StringCodec;
import io.bpfskel.processor.SkeletonModel.StructRef;
import io.bpfskel.processor.SkeletonModel.TypeDecl;
import io.bpfskel.processor.SkeletonModel.TypedAccessor;
import io.bpfskel.processor.SkeletonModel.TypedView;
import io.bpfskel.processor.SkeletonModel.ValueType;
import io.bpfskel.processor.SkeletonModel.View;
import io.bpfskel.skel.ViewMemory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/** Renders a {@link SkeletonModel} as Java source with JavaPoet. */
final class SkeletonWriter {
    static final String PROCESSOR = "io.bpfskel.processor.BpfSkeletonProcessor";

    private static final ClassName BPF_COLLECTION = ClassName.get("io.bpfskel", "BpfCollection");
    private static final ClassName BPF_OPEN_OPTIONS = ClassName.get("io.bpfskel", "BpfOpenOptions");
    private static final ClassName BPF_MAP = ClassName.get("io.bpfskel", "BpfMap");
    private static final ClassName BPF_PROGRAM = ClassName.get("io.bpfskel", "BpfProgram");
    private static final ClassName BPF_LINK = ClassName.get("io.bpfskel.link", "BpfLink");
    private static final ClassName EXTERN_STATUS = ClassName.get("io.bpfskel", "ExternStatus");
    private static final ClassName VIEW_MEMORY = ClassName.get("io.bpfskel.skel", "ViewMemory");
    private static final ClassName ACCESS = VIEW_MEMORY.nestedClass("Access");
    private static final ClassName SUPPORT = ClassName.get("io.bpfskel.skel", "SkeletonSupport");
    private static final ClassName BYTE_ORDER = ClassName.get(ByteOrder.class);
    private static final ClassName BYTE_BUFFER = ClassName.get("java.nio", "ByteBuffer");
    private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
    private static final ClassName SET = ClassName.get("java.util", "Set");
    private static final ClassName ENUM_SET = ClassName.get("java.util", "EnumSet");
    private static final ClassName LIST = ClassName.get("java.util", "List");
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private final SkeletonModel m;
    private final ClassName skel;
    private final boolean generatedAnnotation;
    private StructOpsModel structOps;

    SkeletonWriter(SkeletonModel model, boolean generatedAnnotation) {
        this.m = model;
        this.skel = ClassName.get(model.packageName(), model.className());
        this.generatedAnnotation = generatedAnnotation;
    }

    /** Adds the struct_ops views ({@link StructOpsWriter}); null or empty adds nothing. */
    SkeletonWriter withStructOps(StructOpsModel model) {
        this.structOps = model;
        return this;
    }

    JavaFile write(Element originating) {
        TypeSpec.Builder t = TypeSpec.classBuilder(skel)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(AutoCloseable.class)
                .addJavadoc("$L\n\n", m.classDoc())
                .addJavadoc("<pre>{@code\ntry ($T skel = $T.open()) {\n    skel.load();\n}\n}</pre>\n", skel, skel)
                .addJavadoc("Generated from the object's BTF; recompile when the object changes ({@link #open()} "
                        + "refuses a different object).\n");
        if (originating != null) {
            t.addOriginatingElement(originating);
        }
        if (generatedAnnotation) {
            t.addAnnotation(AnnotationSpec.builder(GENERATED)
                    .addMember("value", "$S", PROCESSOR)
                    .addMember("comments", "$S", "from BPF object " + m.resource())
                    .build());
        }
        t.addField(FieldSpec.builder(String.class, "OBJECT_RESOURCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Class path resource of the BPF object, read by {@link #open()}.\n")
                .initializer("$S", m.resource()).build());
        t.addField(FieldSpec.builder(String.class, "OBJECT_SHA256", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("SHA-256 of the object this skeleton was generated from; {@link #open()} refuses any other.\n")
                .initializer("$S", m.sha256()).build());
        String order = m.byteOrder() == ByteOrder.BIG_ENDIAN ? "BIG_ENDIAN" : "LITTLE_ENDIAN";
        t.addField(FieldSpec.builder(BYTE_ORDER, "BYTE_ORDER", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Byte order of the object (its ELF header): the views read and write values in it.\n")
                .initializer("$T.$L", BYTE_ORDER, order).build());
        t.addField(BPF_COLLECTION, "obj", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(nested("Maps"), "maps", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(nested("Progs"), "progs", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(nested("Links"), "links", Modifier.PRIVATE, Modifier.FINAL);
        for (Section s : m.sections()) {
            t.addField(nested(s.className()), s.field(), Modifier.PRIVATE, Modifier.FINAL);
        }

        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                .addParameter(BPF_COLLECTION, "obj")
                .addStatement("this.obj = obj")
                .addStatement("this.maps = new Maps(obj)")
                .addStatement("this.progs = new Progs(obj)")
                .addStatement("this.links = new Links(obj)");
        for (Section s : m.sections()) {
            ctor.addStatement("this.$N = new $T($T.section(obj, $S, BYTE_ORDER, $T.$L))", s.field(),
                    nested(s.className()), VIEW_MEMORY, s.name(), ACCESS, s.access().name());
        }
        t.addMethod(ctor.build());

        t.addMethod(MethodSpec.methodBuilder("open").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(skel)
                .addJavadoc("Opens the object with default options: reads it from the class path and parses it. Maps, "
                        + "programs and {@code .rodata} values can be changed until {@link #load()}.\n\n")
                .addJavadoc("@throws io.bpfskel.error.BpfException when the object is missing or differs from the one this "
                        + "skeleton was generated from\n")
                .addStatement("return open($T.defaults())", BPF_OPEN_OPTIONS).build());
        t.addMethod(MethodSpec.methodBuilder("open").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(skel)
                .addParameter(BPF_OPEN_OPTIONS, "options")
                .addJavadoc("Opens the object with {@code options}: reads it from the class path (checking its SHA-256 "
                        + "against {@link #OBJECT_SHA256}) and parses it.\n\n")
                .addJavadoc("@throws io.bpfskel.error.BpfException when the object is missing or differs from the one this "
                        + "skeleton was generated from\n")
                .addStatement("byte[] bytes = $T.readObject($T.class, OBJECT_RESOURCE, OBJECT_SHA256)", SUPPORT, skel)
                .addStatement("return new $T($T.open(OBJECT_RESOURCE, bytes, options))", skel, BPF_COLLECTION).build());
        t.addMethod(MethodSpec.methodBuilder("openAndLoad").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(skel)
                .addJavadoc("{@link #open()} then {@link #load()}; closes the object when loading fails.\n")
                .addStatement("return openAndLoad($T.defaults())", BPF_OPEN_OPTIONS).build());
        t.addMethod(MethodSpec.methodBuilder("openAndLoad").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(skel)
                .addParameter(BPF_OPEN_OPTIONS, "options")
                .addJavadoc("{@link #open(BpfOpenOptions)} then {@link #load()}; closes the object when loading fails.\n")
                .addStatement("$T skel = open(options)", skel)
                .beginControlFlow("try")
                .addStatement("skel.load()")
                .addStatement("return skel")
                .nextControlFlow("catch ($T | $T e)", RuntimeException.class, Error.class)
                .addStatement("skel.close()")
                .addStatement("throw e")
                .endControlFlow().build());
        t.addMethod(MethodSpec.methodBuilder("load").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Loads the object into the kernel: resolves externs, creates maps (with the current section "
                        + "values), loads programs. Afterwards {@code .rodata} is frozen, {@code .kconfig} readable and "
                        + "the extern accessors answer.\n")
                .addStatement("obj.load()").build());
        t.addMethod(MethodSpec.methodBuilder("attach").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Attaches every auto-attachable program (libbpf's {@code bpf_object__attach_skeleton}): "
                        + "those whose section says where; programs still attached are skipped. Each program's link "
                        + "is then in {@link #links()}.\n")
                .addStatement("obj.attach()").build());
        t.addMethod(MethodSpec.methodBuilder("detach").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Destroys every link made by {@link #attach()} and by the programs' attach methods.\n")
                .addStatement("obj.detach()").build());
        t.addMethod(MethodSpec.methodBuilder("object").addModifiers(Modifier.PUBLIC).returns(BPF_COLLECTION)
                .addJavadoc("The underlying collection, for everything the skeleton does not wrap.\n")
                .addStatement("return obj").build());
        t.addMethod(MethodSpec.methodBuilder("maps").addModifiers(Modifier.PUBLIC).returns(nested("Maps"))
                .addJavadoc("The object's maps, internal ones included.\n")
                .addStatement("return maps").build());
        t.addMethod(MethodSpec.methodBuilder("progs").addModifiers(Modifier.PUBLIC).returns(nested("Progs"))
                .addJavadoc("The object's programs.\n")
                .addStatement("return progs").build());
        t.addMethod(MethodSpec.methodBuilder("links").addModifiers(Modifier.PUBLIC).returns(nested("Links"))
                .addJavadoc("Each program's current link (null until it is attached).\n")
                .addStatement("return links").build());
        for (Section s : m.sections()) {
            t.addMethod(MethodSpec.methodBuilder(s.accessor()).addModifiers(Modifier.PUBLIC).returns(nested(s.className()))
                    .addJavadoc("$L\n", s.doc())
                    .addStatement("return $N", s.field()).build());
        }
        for (ExternCheck k : m.externChecks()) {
            t.addMethod(MethodSpec.methodBuilder(k.method()).addModifiers(Modifier.PUBLIC).returns(boolean.class)
                    .addJavadoc("$L\n", k.doc())
                    .addJavadoc("The answer is the loader's own decision, the one it patched the instructions with "
                            + "({@link $T#resolved()}).\n\n", EXTERN_STATUS)
                    .addJavadoc("@throws IllegalStateException before {@link #load()}\n")
                    .addStatement("return obj.extern($S).resolved()", k.name()).build());
        }
        for (FlavorGroup g : m.flavorGroups()) {
            ClassName e = nested(g.enumName());
            t.addMethod(MethodSpec.methodBuilder(g.method()).addModifiers(Modifier.PUBLIC)
                    .returns(ParameterizedTypeName.get(SET, e))
                    .addJavadoc("$L\n\n", g.doc())
                    .addJavadoc("@throws IllegalStateException before {@link #load()}\n")
                    .addStatement("$T<$T> resolved = $T.noneOf($T.class)", ENUM_SET, e, ENUM_SET, e)
                    .beginControlFlow("for ($T flavor : $T.values())", e, e)
                    .beginControlFlow("if (obj.extern(flavor.externName()).resolved())")
                    .addStatement("resolved.add(flavor)")
                    .endControlFlow()
                    .endControlFlow()
                    .addStatement("return resolved").build());
        }
        t.addMethod(MethodSpec.methodBuilder("externs").addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(LIST, EXTERN_STATUS))
                .addJavadoc("The loader's resolution of every extern (name, essential name, kind, weak, resolved, kernel "
                        + "BTF id, module), in libbpf's extern order.\n\n")
                .addJavadoc("@throws IllegalStateException before {@link #load()}\n")
                .addStatement("return obj.externs()").build());
        t.addMethod(MethodSpec.methodBuilder("close").addModifiers(Modifier.PUBLIC).addAnnotation(Override.class)
                .addJavadoc("Closes the object: unloads programs and maps (links go with them).\n")
                .addStatement("obj.close()").build());

        for (ProgramAccessor r : m.progs()) {
            if (r.attach() != null) {
                attachMethods(t, r);
            }
        }
        t.addType(maps(m));
        t.addType(accessorGroup("Progs", "The object's programs.", BPF_PROGRAM, "return obj.program($S)", m.progs().stream()
                .map(r -> new String[] {r.javaName(), r.name(), r.doc()}).toList()));
        t.addType(accessorGroup("Links", "The programs' links, like the {@code links} of a libbpf skeleton: each accessor "
                + "returns the program's newest open link, made by {@link " + m.className() + "#attach()} or one of the "
                + "program's attach methods; null before it is attached and after {@link " + m.className()
                + "#detach()} or closing the link.",
                BPF_LINK, "return obj.program($S).link()", m.progs().stream()
                .map(r -> new String[] {r.javaName(), r.name(), "The current link of program {@code " + r.name()
                        + "}, or null (see {@link io.bpfskel.BpfProgram#link()})."}).toList()));
        for (Section s : m.sections()) {
            t.addType(section(s));
        }
        for (FlavorGroup g : m.flavorGroups()) {
            t.addType(flavorEnum(g));
        }
        for (TypeDecl d : m.types()) {
            if (d instanceof View v) {
                t.addType(view(v));
            } else if (d instanceof EnumDecl e) {
                t.addType(enumType(e));
            }
        }
        for (RecordDecl r : m.records()) {
            t.addType(record(r));
        }
        StructOpsWriter.addTo(t, skel, structOps);
        return JavaFile.builder(m.packageName(), t.build()).indent("    ").skipJavaLangImports(true).build();
    }

    private ClassName nested(String simple) {
        return skel.nestedClass(simple);
    }

    private static final ClassName CODECS = ClassName.get("io.bpfskel.maps", "Codecs");

    /** The maps group: the plain accessor of every map, and a typed one next to it where the BTF types allow. */
    private TypeSpec maps(SkeletonModel m) {
        TypeSpec base = accessorGroup("Maps", "The object's maps. Each map has a plain accessor named after it, returning "
                + "the {@link io.bpfskel.BpfMap}; maps of plain-data kinds (hash, array, LRU, LPM trie, their per-CPU "
                + "forms, queue, stack, bloom filter) with BTF key/value types also have {@code <name>Typed()}, "
                + "returning the view of {@code io.bpfskel.maps} with codecs derived from those types.",
                BPF_MAP, "return obj.map($S)", m.maps().stream()
                .map(r -> new String[] {r.javaName(), r.name(), r.doc()}).toList());
        TypeSpec.Builder b = base.toBuilder();
        for (MapAccessor r : m.maps()) {
            TypedAccessor a = r.typed();
            if (a == null) {
                continue;
            }
            TypeName valueType = codecType(a.value()).box();
            CodeBlock value = codec(a.value(), a.lambdaParam());
            TypeName ret;
            CodeBlock body;
            String viewDoc;
            switch (a.view()) {
                case TYPED, PER_CPU -> {
                    boolean perCpu = a.view() == TypedView.PER_CPU;
                    ret = ParameterizedTypeName.get(ClassName.get("io.bpfskel.maps", perCpu ? "PerCpuMap" : "TypedMap"),
                            codecType(a.key()).box(), valueType);
                    body = CodeBlock.of("return obj.map($S).$L($L, $L)", r.name(), perCpu ? "perCpu" : "typed",
                            codec(a.key(), a.lambdaParam()), value);
                    viewDoc = perCpu ? "per-CPU view (one value per possible CPU)" : "typed view";
                }
                case QUEUE -> {
                    ret = ParameterizedTypeName.get(ClassName.get("io.bpfskel.maps", "QueueMap"), valueType);
                    body = CodeBlock.of("return obj.map($S).queue($L)", r.name(), value);
                    viewDoc = "queue/stack view";
                }
                default -> {
                    ret = ParameterizedTypeName.get(ClassName.get("io.bpfskel.maps", "BloomFilter"), valueType);
                    body = CodeBlock.of("return obj.map($S).bloomFilter($L)", r.name(), value);
                    viewDoc = "bloom filter view";
                }
            }
            b.addMethod(MethodSpec.methodBuilder(a.javaName()).addModifiers(Modifier.PUBLIC).returns(ret)
                    .addJavadoc("The $L of map {@code $L} (a new view on each call, over {@link #$L()}).\n", viewDoc,
                            r.name(), r.javaName())
                    .addJavadoc("$L", codecDoc("key", a.key(), a.keySize()))
                    .addJavadoc("$L", codecDoc("value", a.value(), a.valueSize()))
                    .addStatement(body).build());
        }
        return b.build();
    }

    private static String accessorSuffix(Prim p) {
        return switch (p) {
            case BOOLEAN, BYTE -> "";
            case SHORT -> "Short";
            case INT -> "Int";
            case LONG -> "Long";
            case FLOAT -> "Float";
            case DOUBLE -> "Double";
        };
    }

    /** A record with a static codec encoding each component at its BTF offset; every name comes from the model. */
    private TypeSpec record(RecordDecl r) {
        ClassName self = nested(r.className());
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
        String v = r.valueParam();
        String b = r.bufferParam();
        String p = r.positionLocal();
        CodeBlock.Builder enc = CodeBlock.builder().addStatement("int $N = $N.position()", p, b);
        List<CodeBlock> args = new ArrayList<>();
        String doc = "The bytes of {@link " + r.viewClass() + "} as a record (a map key or value), with {@link #"
                + r.codecField() + "}; integers keep the C width (unsigned members are documented on the view {@link "
                + r.viewClass() + "}), {@code char} arrays are Strings, other arrays {@code byte[]}.\n";
        for (Component c : r.components()) {
            if (c.scalar() != null) {
                Prim prim = c.scalar().prim();
                ctor.addParameter(prim(prim), c.javaName());
                String suf = accessorSuffix(prim);
                if (prim == Prim.BOOLEAN) {
                    enc.addStatement("$N.put($N + $L, (byte) ($N.$N() ? 1 : 0))", b, p, c.offset(), v, c.javaName());
                    args.add(CodeBlock.of("$N.get($N + $L) != 0", b, p, c.offset()));
                } else {
                    enc.addStatement("$N.put$L($N + $L, $N.$N())", b, suf, p, c.offset(), v, c.javaName());
                    args.add(CodeBlock.of("$N.get$L($N + $L)", b, suf, p, c.offset()));
                }
            } else {
                ctor.addParameter(codecType(c.codec()), c.javaName());
                CodeBlock codec = codec(c.codec(), r.lambdaParam());
                enc.addStatement("$L.encode($N.$N(), $N.slice($N + $L, $L).order($N.order()))", codec, v, c.javaName(), b,
                        p, c.offset(), c.size(), b);
                args.add(CodeBlock.of("$L.decode($N.slice($N + $L, $L).order($N.order()))", codec, b, p, c.offset(),
                        c.size(), b));
            }
        }
        ClassName codecClass = ClassName.get("io.bpfskel.maps", "Codec");
        TypeName codecOf = ParameterizedTypeName.get(codecClass, self);
        return TypeSpec.recordBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc(doc)
                .recordConstructor(ctor.build())
                .addField(FieldSpec.builder(codecOf, r.codecField(), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Encodes and decodes the $L bytes of {@link $L}; padding stays zero.\n", r.size(),
                                r.viewClass())
                        .initializer("$T.of($L, $T::$N, $T::$N)", codecClass, r.size(), self, r.encodeMethod(), self,
                                r.decodeMethod()).build())
                .addMethod(MethodSpec.methodBuilder(r.encodeMethod()).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(self, v).addParameter(BYTE_BUFFER, b).addCode(enc.build()).build())
                .addMethod(MethodSpec.methodBuilder(r.decodeMethod()).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .returns(self).addParameter(BYTE_BUFFER, b)
                        .addStatement("int $N = $N.position()", p, b)
                        .addStatement("return new $T($L)", self, CodeBlock.join(args, ",\n"))
                        .build())
                .build();
    }

    private String codecDoc(String what, CodecRef c, int size) {
        if (c == null) {
            return "";
        }
        String how;
        if (c instanceof ScalarCodec sc) {
            how = sc.pointer() ? "a pointer: its address as an unsigned {@code long}"
                    : sc.prim() == Prim.BOOLEAN || sc.prim() == Prim.FLOAT || sc.prim() == Prim.DOUBLE
                    ? "{@code " + sc.prim().name().toLowerCase() + "}"
                    : sc.unsigned() ? "an unsigned integer, widened to the next larger Java type so it is never negative "
                            + "({@code __u64} stays a {@code long}: read it with {@code Long.toUnsignedString})"
                    : "a signed integer";
        } else if (c instanceof StringCodec) {
            how = "a {@code char} array: a String (NUL-terminated; on update it must fit with its NUL)";
        } else if (c instanceof EnumCodec e) {
            how = "the enum {@link " + e.enumClass() + "} (null for values without a constant)";
        } else if (c instanceof RecordCodec rc) {
            how = "the record {@link " + rc.recordClass() + "} (fields at their BTF offsets)";
        } else if (c instanceof BytesCodec bc && bc.viewClass() != null) {
            how = "a struct/union: its raw bytes (wrap them with {@link " + bc.viewClass() + "})";
        } else {
            how = "raw bytes";
        }
        return "<p>The " + what + " (" + size + " bytes) is " + how + ".\n";
    }

    /** The Java type a codec produces. */
    private TypeName codecType(CodecRef c) {
        if (c instanceof ScalarCodec sc) {
            if (sc.pointer()) {
                return TypeName.LONG;
            }
            return switch (sc.prim()) {
                case BOOLEAN -> TypeName.BOOLEAN;
                case BYTE -> sc.unsigned() ? TypeName.INT : TypeName.BYTE;
                case SHORT -> sc.unsigned() ? TypeName.INT : TypeName.SHORT;
                case INT -> sc.unsigned() ? TypeName.LONG : TypeName.INT;
                case LONG -> TypeName.LONG;
                case FLOAT -> TypeName.FLOAT;
                case DOUBLE -> TypeName.DOUBLE;
            };
        }
        if (c instanceof StringCodec) {
            return ClassName.get(String.class);
        }
        if (c instanceof EnumCodec e) {
            return nested(e.enumClass());
        }
        if (c instanceof RecordCodec rc) {
            return nested(rc.recordClass());
        }
        return ArrayTypeName.of(TypeName.BYTE);
    }

    /** A Codecs factory call for a scalar, as a name. */
    private static String scalarCodec(Prim prim, boolean unsigned) {
        return switch (prim) {
            case BOOLEAN -> "bool";
            case BYTE -> unsigned ? "uint8" : "int8";
            case SHORT -> unsigned ? "uint16" : "int16";
            case INT -> unsigned ? "uint32" : "int32";
            case LONG -> unsigned ? "uint64" : "int64";
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
        };
    }

    /** The expression of a codec; {@code lambdaParam} names the parameter of the lambdas it contains. */
    private CodeBlock codec(CodecRef c, String lambdaParam) {
        if (c instanceof ScalarCodec sc) {
            return CodeBlock.of("$T.$L()", CODECS, sc.pointer() ? "uint64" : scalarCodec(sc.prim(), sc.unsigned()));
        }
        if (c instanceof StringCodec s) {
            return CodeBlock.of("$T.string($L)", CODECS, s.length());
        }
        if (c instanceof EnumCodec e) {
            TypeName raw = codecType(new ScalarCodec(e.prim(), e.unsigned(), false));
            ClassName en = nested(e.enumClass());
            CodeBlock toRaw = raw.equals(TypeName.LONG) ? CodeBlock.of("$N.value()", lambdaParam) // no redundant cast
                    : CodeBlock.of("($T) $N.value()", raw, lambdaParam);
            return CodeBlock.of("$T.$L().map(($T $N) -> $L, $N -> $T.of($N))", CODECS,
                    scalarCodec(e.prim(), e.unsigned()), en, lambdaParam, toRaw, lambdaParam, en, lambdaParam);
        }
        if (c instanceof RecordCodec rc) {
            return CodeBlock.of("$T.$N", nested(rc.recordClass()), rc.codecField());
        }
        return CodeBlock.of("$T.bytes($L)", CODECS, ((BytesCodec) c).size());
    }

    /** A group class with one accessor per entry ({javaName, C name, doc}) running {@code statement} (with $S = C name). */
    private static final ClassName PATH = ClassName.get("java.nio.file", "Path");
    private static final ClassName LINK_PKG_USDT = ClassName.get("io.bpfskel.link", "UsdtOptions");
    private static final ClassName LINK_PKG_UMULTI = ClassName.get("io.bpfskel.link", "UprobeMultiOptions");
    private static final ClassName LINK_PKG_KMULTI = ClassName.get("io.bpfskel.link", "KprobeMultiOptions");

    /** {@code attach<Prog>(...)} for USDT and multi-probe programs, delegating to the program's attach methods. */
    private void attachMethods(TypeSpec.Builder t, ProgramAccessor r) {
        SkeletonModel.AttachMethods a = r.attach();
        String prog = "program {@code " + r.name() + "}";
        switch (a.style()) {
            case USDT -> {
                if (a.sectionTarget()) {
                    t.addMethod(MethodSpec.methodBuilder(a.method()).addModifiers(Modifier.PUBLIC).returns(BPF_LINK)
                            .addJavadoc("Attaches $L to the USDT probe its section names, with options (e.g. one "
                                    + "process: {@code UsdtOptions.defaults().withPid(pid)}, whose mappings then "
                                    + "resolve a library named without a directory).\n", prog)
                            .addParameter(LINK_PKG_USDT, "options")
                            .addStatement("return obj.program($S).attachUsdt(options)", r.name()).build());
                }
                t.addMethod(MethodSpec.methodBuilder(a.method()).addModifiers(Modifier.PUBLIC).returns(BPF_LINK)
                        .addJavadoc("Attaches $L to every site of USDT probe {@code provider:name} in {@code binary}.\n",
                                prog)
                        .addParameter(PATH, "binary").addParameter(String.class, "provider")
                        .addParameter(String.class, "name").addParameter(LINK_PKG_USDT, "options")
                        .addStatement("return obj.program($S).attachUsdt(binary, provider, name, options)", r.name())
                        .build());
            }
            case UPROBE_MULTI -> t.addMethod(MethodSpec.methodBuilder(a.method()).addModifiers(Modifier.PUBLIC)
                    .returns(BPF_LINK)
                    .addJavadoc("Attaches $L with one uprobe.multi link to the functions of {@code binary} matching "
                            + "{@code pattern} (null: the symbols or offsets in {@code options}).\n", prog)
                    .addParameter(PATH, "binary").addParameter(String.class, "pattern")
                    .addParameter(LINK_PKG_UMULTI, "options")
                    .addStatement("return pattern != null ? obj.program($S).attachUprobeMulti(binary, pattern, options)"
                            + " : obj.program($S).attachUprobeMulti(binary, options)", r.name(), r.name()).build());
            case KPROBE_MULTI -> t.addMethod(MethodSpec.methodBuilder(a.method()).addModifiers(Modifier.PUBLIC)
                    .returns(BPF_LINK)
                    .addJavadoc("Attaches $L with one kprobe.multi link to the kernel functions matching "
                            + "{@code pattern} (null: the symbols or addresses in {@code options}).\n", prog)
                    .addParameter(String.class, "pattern").addParameter(LINK_PKG_KMULTI, "options")
                    .addStatement("return pattern != null ? obj.program($S).attachKprobeMulti(pattern, options)"
                            + " : obj.program($S).attachKprobeMulti(options)", r.name(), r.name()).build());
        }
    }

    private TypeSpec accessorGroup(String name, String doc, ClassName type, String statement, List<String[]> entries) {
        TypeSpec.Builder b = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", doc)
                .addField(BPF_COLLECTION, "obj", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addParameter(BPF_COLLECTION, "obj")
                        .addStatement("this.obj = obj").build());
        for (String[] e : entries) {
            b.addMethod(MethodSpec.methodBuilder(e[0]).addModifiers(Modifier.PUBLIC).returns(type)
                    .addJavadoc("$L\n", e[2])
                    .addStatement(statement, e[1]).build());
        }
        return b.build();
    }

    // ------------------------------------------------------------------ views

    private TypeSpec section(Section s) {
        ClassName self = nested(s.className());
        TypeSpec.Builder b = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", s.doc())
                .addField(VIEW_MEMORY, "mem", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addParameter(VIEW_MEMORY, "mem")
                        .addStatement("this.mem = mem").build());
        String access = switch (s.access()) {
            case READ_WRITE -> "";
            case WRITE_BEFORE_LOAD -> "Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.";
            case READ_AFTER_LOAD -> "Readable only after {@code load()}; before, throws {@link IllegalStateException}.";
        };
        for (Field f : s.fields()) {
            accessors(b, self, f, null, s.access() != ViewMemory.Access.READ_AFTER_LOAD, access);
        }
        return b.build();
    }

    private TypeSpec view(View v) {
        ClassName self = nested(v.className());
        TypeSpec.Builder b = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", v.doc())
                .addField(FieldSpec.builder(int.class, "SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Size in bytes.\n").initializer("$L", v.size()).build())
                .addField(VIEW_MEMORY, "mem", Modifier.PRIVATE, Modifier.FINAL)
                .addField(int.class, "base", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addParameter(VIEW_MEMORY, "mem").addParameter(int.class, "base")
                        .addStatement("this.mem = mem")
                        .addStatement("this.base = base").build())
                .addMethod(MethodSpec.methodBuilder("wrap").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
                        .addParameter(BYTE_BUFFER, "buffer").addParameter(int.class, "offset")
                        .addJavadoc("A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's "
                                + "byte order.\n")
                        .addStatement("return new $T($T.of(buffer, BYTE_ORDER), offset)", self, VIEW_MEMORY).build());
        for (Field f : v.fields()) {
            accessors(b, self, f, "base", true, "");
        }
        return b.build();
    }

    /** One index level of an array accessor. */
    private record Index(String name, int length, int stride) {}

    private void accessors(TypeSpec.Builder b, ClassName self, Field f, String base, boolean writable, String access) {
        List<Index> indexes = new ArrayList<>();
        ValueType t = f.type();
        String[] names = {"i", "j", "k", "l", "m", "n"};
        while (t instanceof Array a) {
            String n = indexes.size() < names.length ? names[indexes.size()] : "i" + indexes.size();
            indexes.add(new Index(n, a.length(), a.stride()));
            t = a.elem();
        }
        CodeBlock.Builder off = CodeBlock.builder();
        if (base != null) {
            off.add("$N", base);
            if (f.offset() != 0) {
                off.add(" + $L", f.offset());
            }
        } else {
            off.add("$L", f.offset());
        }
        for (Index ix : indexes) {
            off.add(" + $T.checkIndex($N, $L)", OBJECTS, ix.name(), ix.length());
            if (ix.stride() != 1) {
                off.add(" * $L", ix.stride());
            }
        }
        CodeBlock o = off.build();
        StringBuilder doc = new StringBuilder("{@code ").append(f.cDecl()).append(";}\n<p>")
                .append(Character.toUpperCase(f.where().charAt(0))).append(f.where(), 1, f.where().length()).append('.');
        String note = note(t);
        if (!note.isEmpty()) {
            doc.append(' ').append(note);
        }
        String getterDoc = doc.toString();
        String setterDoc = "Sets " + doc + (access.isEmpty() ? "" : " " + access);
        if (!access.isEmpty() && !writable) {
            getterDoc += " " + access;
        }

        if (t instanceof Chars c) {
            getter(b, f.javaName(), ClassName.get(String.class), indexes, getterDoc + " As a C string: UTF-8 up to the "
                    + "first NUL.", CodeBlock.of("return mem.getString($L, $L)", o, c.length()));
            getter(b, f.bytesName(), ArrayTypeName.of(byte.class), indexes, getterDoc + " A copy of all "
                    + c.length() + " bytes.", CodeBlock.of("return mem.getBytes($L, $L)", o, c.length()));
            if (writable) {
                setter(b, self, f.javaName(), ClassName.get(String.class), indexes, setterDoc + " At most "
                        + (c.length() - 1) + " bytes of UTF-8, then NUL-padded.",
                        CodeBlock.of("mem.putString($L, $L, value)", o, c.length()));
                setter(b, self, f.bytesName(), ArrayTypeName.of(byte.class), indexes, setterDoc + " At most "
                        + c.length() + " bytes, then zero-padded.", CodeBlock.of("mem.putBytes($L, $L, value)", o, c.length()));
            }
        } else if (t instanceof Scalar s) {
            String acc = accessorName(s.prim());
            getter(b, f.javaName(), prim(s.prim()), indexes, getterDoc, CodeBlock.of("return mem.get$L($L)", acc, o));
            if (writable) {
                setter(b, self, f.javaName(), prim(s.prim()), indexes, setterDoc,
                        CodeBlock.of("mem.put$L($L, value)", acc, o));
            }
        } else if (t instanceof Bitfield bf) {
            CodeBlock read = CodeBlock.of("mem.getBits($L, $L, $L, $L)", o, bf.bitOffset(), bf.bits(), bf.signed());
            CodeBlock get = switch (bf.prim()) {
                case BOOLEAN -> CodeBlock.of("return $L != 0", read);
                case LONG -> CodeBlock.of("return $L", read);
                default -> CodeBlock.of("return ($T) $L", prim(bf.prim()), read);
            };
            getter(b, f.javaName(), prim(bf.prim()), indexes, getterDoc, get);
            if (writable) {
                CodeBlock v = bf.prim() == Prim.BOOLEAN ? CodeBlock.of("value ? 1 : 0") : CodeBlock.of("value");
                setter(b, self, f.javaName(), prim(bf.prim()), indexes, setterDoc + " Only the low " + bf.bits()
                        + " bits are stored.", CodeBlock.of("mem.putBits($L, $L, $L, $L)", o, bf.bitOffset(), bf.bits(), v));
            }
        } else if (t instanceof StructRef sr) {
            ClassName vc = nested(sr.className());
            getter(b, f.javaName(), vc, indexes, getterDoc, CodeBlock.of("return new $T(mem, $L)", vc, o));
        } else if (t instanceof EnumRef er) {
            ClassName ec = nested(er.className());
            getter(b, f.javaName(), ec, indexes, getterDoc,
                    CodeBlock.of("return $T.of(mem.getInteger($L, $L, $L))", ec, o, er.size(), er.signed()));
            if (writable) {
                setter(b, self, f.javaName(), ec, indexes, setterDoc,
                        CodeBlock.of("mem.putInteger($L, $L, value.value())", o, er.size()));
            }
        } else if (t instanceof Opaque op) {
            getter(b, f.javaName(), ArrayTypeName.of(byte.class), indexes, getterDoc,
                    CodeBlock.of("return mem.getBytes($L, $L)", o, op.size()));
            if (writable) {
                setter(b, self, f.javaName(), ArrayTypeName.of(byte.class), indexes, setterDoc,
                        CodeBlock.of("mem.putBytes($L, $L, value)", o, op.size()));
            }
        }
    }

    private static String note(ValueType t) {
        if (t instanceof Scalar s) {
            if (s.pointer()) {
                return "A pointer: the value is the raw address.";
            }
            if (s.unsigned()) {
                return switch (s.prim()) {
                    case BYTE -> "Unsigned 8-bit, held in a {@code byte}: use {@code Byte.toUnsignedInt}.";
                    case SHORT -> "Unsigned 16-bit, held in a {@code short}: use {@code Short.toUnsignedInt}.";
                    case INT -> "Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.";
                    case LONG -> "Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and "
                            + "{@code Long.compareUnsigned}.";
                    default -> "";
                };
            }
        } else if (t instanceof Bitfield bf) {
            return "A " + (bf.signed() ? "signed" : "unsigned") + " bitfield.";
        } else if (t instanceof EnumRef) {
            return "Returns null when the stored value matches no enumerator.";
        } else if (t instanceof StructRef) {
            return "A view of the same memory.";
        }
        return "";
    }

    private static void getter(TypeSpec.Builder b, String name, TypeName type, List<Index> indexes, String doc,
            CodeBlock body) {
        MethodSpec.Builder mb = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(type)
                .addJavadoc("$L\n", doc);
        indexParams(mb, indexes);
        b.addMethod(mb.addStatement(body).build());
    }

    private static void setter(TypeSpec.Builder b, ClassName self, String name, TypeName type, List<Index> indexes,
            String doc, CodeBlock body) {
        MethodSpec.Builder mb = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(self)
                .addJavadoc("$L\n", doc);
        indexParams(mb, indexes);
        mb.addJavadoc(indexes.isEmpty() ? "\n@return this view, for chaining\n" : "@return this view, for chaining\n");
        b.addMethod(mb.addParameter(ParameterSpec.builder(type, "value").build())
                .addStatement(body).addStatement("return this").build());
    }

    private static void indexParams(MethodSpec.Builder mb, List<Index> indexes) {
        if (!indexes.isEmpty()) {
            mb.addJavadoc("\n");
        }
        for (Index ix : indexes) {
            mb.addParameter(int.class, ix.name());
            mb.addJavadoc("@param $N index, 0 to $L\n", ix.name(), ix.length() - 1);
        }
        if (!indexes.isEmpty()) {
            mb.addJavadoc("@throws IndexOutOfBoundsException when an index is out of range\n");
        }
    }

    private static TypeName prim(Prim p) {
        return switch (p) {
            case BOOLEAN -> TypeName.BOOLEAN;
            case BYTE -> TypeName.BYTE;
            case SHORT -> TypeName.SHORT;
            case INT -> TypeName.INT;
            case LONG -> TypeName.LONG;
            case FLOAT -> TypeName.FLOAT;
            case DOUBLE -> TypeName.DOUBLE;
        };
    }

    private static String accessorName(Prim p) {
        return switch (p) {
            case BOOLEAN -> "Boolean";
            case BYTE -> "Byte";
            case SHORT -> "Short";
            case INT -> "Int";
            case LONG -> "Long";
            case FLOAT -> "Float";
            case DOUBLE -> "Double";
        };
    }

    // ------------------------------------------------------------------ enums

    private TypeSpec flavorEnum(FlavorGroup g) {
        ClassName self = nested(g.enumName());
        TypeSpec.Builder b = TypeSpec.enumBuilder(self).addModifiers(Modifier.PUBLIC)
                .addJavadoc("The flavors of kfunc {@code $L} this object declares.\n", g.essentialName())
                .addField(String.class, "externName", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addParameter(String.class, "externName")
                        .addStatement("this.externName = externName").build())
                .addMethod(MethodSpec.methodBuilder("externName").addModifiers(Modifier.PUBLIC).returns(String.class)
                        .addJavadoc("The extern's full name, as declared in the BPF object.\n")
                        .addStatement("return externName").build());
        for (Flavor f : g.flavors()) {
            b.addEnumConstant(f.constant(), TypeSpec.anonymousClassBuilder("$S", f.externName())
                    .addJavadoc("$L\n", f.doc()).build());
        }
        return b.build();
    }

    private TypeSpec enumType(EnumDecl e) {
        ClassName self = nested(e.className());
        TypeSpec.Builder b = TypeSpec.enumBuilder(self).addModifiers(Modifier.PUBLIC)
                .addJavadoc("$L\n", e.doc())
                .addField(long.class, "cValue", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addParameter(long.class, "cValue")
                        .addStatement("this.cValue = cValue").build())
                .addMethod(MethodSpec.methodBuilder("value").addModifiers(Modifier.PUBLIC).returns(long.class)
                        .addJavadoc("The enumerator's C value.\n")
                        .addStatement("return cValue").build())
                .addMethod(MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
                        .addParameter(long.class, "value")
                        .addJavadoc("The first enumerator with this C value, or null when there is none.\n")
                        .beginControlFlow("for ($T e : values())", self)
                        .beginControlFlow("if (e.cValue == value)")
                        .addStatement("return e")
                        .endControlFlow()
                        .endControlFlow()
                        .addStatement("return null").build());
        for (EnumConstant c : e.constants()) {
            b.addEnumConstant(c.javaName(), TypeSpec.anonymousClassBuilder("$LL", c.value())
                    .addJavadoc("$L\n", c.doc()).build());
        }
        return b.build();
    }
}

package io.bpfskel.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.bpfskel.processor.StructOpsModel.Data;
import io.bpfskel.processor.StructOpsModel.Member;
import io.bpfskel.processor.StructOpsModel.OpsView;
import io.bpfskel.processor.StructOpsModel.Program;
import javax.lang.model.element.Modifier;

/**
 * Renders {@link StructOpsModel} into the skeleton class: {@code structOps()} returning the {@code StructOps}
 * group, which has one typed view per struct_ops map. Added only when the object has struct_ops maps.
 */
final class StructOpsWriter {
    private static final ClassName BPF_COLLECTION = ClassName.get("io.bpfskel", "BpfCollection");
    private static final ClassName BPF_STRUCT_OPS = ClassName.get("io.bpfskel", "BpfStructOps");
    private static final ClassName BPF_PROGRAM = ClassName.get("io.bpfskel", "BpfProgram");
    private static final ClassName STRUCT_OPS_LINK = ClassName.get("io.bpfskel.link", "StructOpsLink");
    private static final ClassName VIEW_MEMORY = ClassName.get("io.bpfskel.skel", "ViewMemory");

    private StructOpsWriter() {}

    static void addTo(TypeSpec.Builder skeleton, ClassName skel, StructOpsModel model) {
        if (model == null || model.views().isEmpty()) {
            return;
        }
        ClassName group = skel.nestedClass("StructOps");
        skeleton.addMethod(MethodSpec.methodBuilder("structOps").addModifiers(Modifier.PUBLIC).returns(group)
                .addJavadoc("The object's struct_ops maps ({@code SEC(\".struct_ops\")}, {@code SEC(\".struct_ops.link\")}): "
                        + "kernel structs of callbacks implemented by the object's programs, each with a typed view.\n")
                .addStatement("return new $T(obj)", group).build());
        TypeSpec.Builder g = TypeSpec.classBuilder(group).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The struct_ops maps, one typed view each (libbpf's skeleton shadow types). Before load, "
                        + "function-pointer members can be pointed at other struct_ops programs and data members "
                        + "changed; after load, {@code attach()} registers the implementation with the kernel and "
                        + "closing the link (or the skeleton) unregisters it. {@link $T#attach()} registers every "
                        + "created map too.\n", skel)
                .addField(BPF_COLLECTION, "obj", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                        .addParameter(BPF_COLLECTION, "obj").addStatement("this.obj = obj").build());
        for (OpsView v : model.views()) {
            ClassName view = group.nestedClass(v.className());
            g.addMethod(MethodSpec.methodBuilder(v.accessor()).addModifiers(Modifier.PUBLIC).returns(view)
                    .addJavadoc("$L\n", doc(v))
                    .addStatement("return new $T(obj.structOps($S))", view, v.map()).build());
            g.addType(view(v, view));
        }
        skeleton.addType(g.build());
    }

    private static String doc(OpsView v) {
        return "struct_ops map {@code " + v.map() + "}: {@code SEC(\"" + (v.autocreate() ? "" : "?") + ".struct_ops"
                + (v.link() ? ".link" : "") + "\") struct " + v.typeName() + " " + v.map() + "}, registered as the kernel's "
                + "{@code struct " + v.kernelTypeName() + "}" + (v.link() ? " through a BPF link (swappable, pinnable)"
                        : " by the map update") + "."
                + (v.autocreate() ? "" : " Not created unless {@code handle().setAutocreate(true)} before load.");
    }

    private static TypeSpec view(OpsView v, ClassName self) {
        TypeSpec.Builder b = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n<p>Members in the object's layout of {@code struct $L}; the loader copies them by name "
                        + "into the kernel's.\n", doc(v), v.typeName())
                .addField(BPF_STRUCT_OPS, "ops", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                        .addParameter(BPF_STRUCT_OPS, "ops").addStatement("this.ops = ops").build())
                .addMethod(MethodSpec.methodBuilder("handle").addModifiers(Modifier.PUBLIC).returns(BPF_STRUCT_OPS)
                        .addJavadoc("The runtime's handle: autocreate, autoattach, the map, the loaded value, "
                                + "{@code replace(link)}.\n")
                        .addStatement("return ops").build())
                .addMethod(MethodSpec.methodBuilder("attach").addModifiers(Modifier.PUBLIC).returns(STRUCT_OPS_LINK)
                        .addJavadoc("Registers the implementation with the kernel (after load); closing the link "
                                + "unregisters it.\n")
                        .addStatement("return ops.attach()").build())
                .addMethod(MethodSpec.methodBuilder("link").addModifiers(Modifier.PUBLIC).returns(STRUCT_OPS_LINK)
                        .addJavadoc("The current registration, or null.\n")
                        .addStatement("return ops.link()").build());
        for (Member m : v.members()) {
            if (m instanceof Program p) {
                b.addMethod(MethodSpec.methodBuilder(p.javaName()).addModifiers(Modifier.PUBLIC).returns(BPF_PROGRAM)
                        .addJavadoc("{@code $L;}\n<p>The program this member points at, or null$L.\n", p.cDecl(),
                                p.initial() == null ? "" : " (in the object: {@code " + p.initial() + "})")
                        .addStatement("return ops.program($S).orElse(null)", p.cName()).build());
                b.addMethod(MethodSpec.methodBuilder(p.javaName()).addModifiers(Modifier.PUBLIC).returns(self)
                        .addParameter(BPF_PROGRAM, "program")
                        .addJavadoc("Points {@code $L} at another struct_ops program of the object, or at none (null); "
                                + "only before load. A program no created map points at is not loaded.\n\n"
                                + "@return this view, for chaining\n", p.cName())
                        .addStatement("ops.setProgram($S, program)", p.cName())
                        .addStatement("return this").build());
            } else if (m instanceof Data d) {
                data(b, self, d);
            }
        }
        return b.build();
    }

    private static void data(TypeSpec.Builder b, ClassName self, Data d) {
        String where = "{@code " + d.cDecl() + ";}\n<p>Offset " + d.offset() + ", " + d.size() + " bytes.";
        String read = "$T.of(ops.value(), BYTE_ORDER)";
        String write = "$T.of(ops.mutableValue(), BYTE_ORDER)";
        switch (d.kind()) {
            case SCALAR -> {
                String acc = switch (d.prim()) {
                    case BOOLEAN -> "Boolean";
                    case BYTE -> "Byte";
                    case SHORT -> "Short";
                    case INT -> "Int";
                    case LONG -> "Long";
                    case FLOAT -> "Float";
                    case DOUBLE -> "Double";
                };
                TypeName t = switch (d.prim()) {
                    case BOOLEAN -> TypeName.BOOLEAN;
                    case BYTE -> TypeName.BYTE;
                    case SHORT -> TypeName.SHORT;
                    case INT -> TypeName.INT;
                    case LONG -> TypeName.LONG;
                    case FLOAT -> TypeName.FLOAT;
                    case DOUBLE -> TypeName.DOUBLE;
                };
                String unsigned = d.unsigned() && d.prim() != SkeletonModel.Prim.BOOLEAN ? " Unsigned in C." : "";
                b.addMethod(MethodSpec.methodBuilder(d.javaName()).addModifiers(Modifier.PUBLIC).returns(t)
                        .addJavadoc("$L$L\n", where, unsigned)
                        .addStatement("return " + read + ".get$L($L)", VIEW_MEMORY, acc, d.offset()).build());
                b.addMethod(MethodSpec.methodBuilder(d.javaName()).addModifiers(Modifier.PUBLIC).returns(self)
                        .addParameter(t, "value")
                        .addJavadoc("Sets $L Only before load.\n\n@return this view, for chaining\n", where)
                        .addStatement(write + ".put$L($L, value)", VIEW_MEMORY, acc, d.offset())
                        .addStatement("return this").build());
            }
            case CHARS -> {
                b.addMethod(MethodSpec.methodBuilder(d.javaName()).addModifiers(Modifier.PUBLIC).returns(String.class)
                        .addJavadoc("$L As a C string: UTF-8 up to the first NUL.\n", where)
                        .addStatement("return " + read + ".getString($L, $L)", VIEW_MEMORY, d.offset(), d.size()).build());
                b.addMethod(MethodSpec.methodBuilder(d.javaName()).addModifiers(Modifier.PUBLIC).returns(self)
                        .addParameter(String.class, "value")
                        .addJavadoc("Sets $L At most $L bytes of UTF-8, then NUL-padded. Only before load.\n\n"
                                + "@return this view, for chaining\n", where, d.size() - 1)
                        .addStatement(write + ".putString($L, $L, value)", VIEW_MEMORY, d.offset(), d.size())
                        .addStatement("return this").build());
                bytes(b, self, d.bytesName(), d, where, read, write);
            }
            case BYTES -> bytes(b, self, d.javaName(), d, where, read, write);
        }
    }

    private static void bytes(TypeSpec.Builder b, ClassName self, String name, Data d, String where, String read,
            String write) {
        b.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(ArrayTypeName.of(byte.class))
                .addJavadoc("$L A copy of the bytes.\n", where)
                .addStatement("return " + read + ".getBytes($L, $L)", VIEW_MEMORY, d.offset(), d.size()).build());
        b.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(self)
                .addParameter(ArrayTypeName.of(byte.class), "value")
                .addJavadoc("Sets $L At most $L bytes, then zero-padded. Only before load.\n\n@return this view, for chaining\n",
                        where, d.size())
                .addStatement(write + ".putBytes($L, $L, value)", VIEW_MEMORY, d.offset(), d.size())
                .addStatement("return this").build());
    }
}

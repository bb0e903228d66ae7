package io.bpfskel.processor;

import com.google.auto.service.AutoService;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.error.BpfFormatException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.skel.SkeletonSupport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Generates a typed skeleton class for every type annotated {@code @io.bpfskel.BpfSkeleton}: finds the BPF object
 * ({@link ObjectLocator}), parses it ({@link BpfObject#parse}), builds and validates a model ({@link ModelBuilder})
 * and renders it ({@link SkeletonWriter}). Every problem is reported on the annotation; nothing escapes as an
 * exception.
 */
@AutoService(Processor.class)
public final class BpfSkeletonProcessor extends AbstractProcessor {
    static final String ANNOTATION = "io.bpfskel.BpfSkeleton";
    static final String OBJECT_PATH_OPTION = "bpfskel.objectPath";

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(ANNOTATION);
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(OBJECT_PATH_OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
        if (annotation == null) {
            return false;
        }
        for (Element e : round.getElementsAnnotatedWith(annotation)) {
            AnnotationMirror mirror = mirror(e, annotation);
            try {
                generate(e, mirror);
            } catch (OutOfMemoryError ex) {
                // Inputs are bounded (files, section sizes); this is the backstop, reported where the user looks.
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "bpfskel: ran out of memory while "
                        + "generating the skeleton (" + ex.getMessage() + "); is the BPF object damaged?", e, mirror);
            } catch (RuntimeException | LinkageError ex) {
                StringWriter sw = new StringWriter();
                ex.printStackTrace(new PrintWriter(sw));
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        "bpfskel: internal error while generating the skeleton: " + sw, e, mirror);
            }
        }
        return true;
    }

    private static AnnotationMirror mirror(Element e, TypeElement annotation) {
        for (AnnotationMirror m : e.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(ANNOTATION)) {
                return m;
            }
        }
        return null;
    }

    private static String stringValue(AnnotationMirror m, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v : m.getElementValues().entrySet()) {
            if (v.getKey().getSimpleName().contentEquals(name)) {
                Object o = v.getValue().getValue();
                return o instanceof String s ? s : String.valueOf(o);
            }
        }
        return "";
    }

    private void error(Element e, AnnotationMirror m, String msg) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, msg, e, m);
    }

    private void generate(Element e, AnnotationMirror mirror) {
        if (e.getKind() != ElementKind.INTERFACE && e.getKind() != ElementKind.CLASS) {
            error(e, mirror, "@BpfSkeleton belongs on a class or interface, not on " + e.getKind().toString().toLowerCase());
            return;
        }
        TypeElement type = (TypeElement) e;
        String resource = mirror == null ? "" : stringValue(mirror, "value");
        if (resource.isBlank()) {
            error(e, mirror, "@BpfSkeleton needs the BPF object's class path resource name, e.g. @BpfSkeleton(\"prog.bpf.o\")");
            return;
        }
        String className = mirror == null ? "" : stringValue(mirror, "className");
        if (className.isEmpty()) {
            className = type.getSimpleName() + "Skel";
        }
        if (!SourceVersion.isIdentifier(className) || SourceVersion.isKeyword(className)) {
            error(e, mirror, "@BpfSkeleton className \"" + className + "\" is not a valid Java class name");
            return;
        }
        PackageElement pkg = processingEnv.getElementUtils().getPackageOf(type);
        String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();

        ObjectLocator.Result located = new ObjectLocator(processingEnv.getFiler(),
                processingEnv.getOptions().get(OBJECT_PATH_OPTION)).locate(resource);
        if (located.found() == null) {
            error(e, mirror, "BPF object '" + resource + "' not found. Searched, in order:\n  "
                    + String.join("\n  ", located.searched())
                    + "\nPut the object among the resources (the class path), or pass -A" + OBJECT_PATH_OPTION
                    + "=DIR[" + java.io.File.pathSeparator + "DIR...] to the compiler.");
            return;
        }
        byte[] bytes = located.found().bytes();
        String where = located.found().where();
        String problem = checkObject(bytes);
        if (problem != null) {
            error(e, mirror, "'" + resource + "' (" + where + ") " + problem);
            return;
        }
        BpfObject obj;
        try {
            obj = BpfObject.parse(resource, bytes);
        } catch (BpfFormatException ex) {
            error(e, mirror, "'" + resource + "' (" + where + ") is not a valid BPF object: " + ex.getMessage());
            return;
        }
        if (obj.btf() == null) {
            error(e, mirror, "'" + resource + "' (" + where + ") has no BTF (.BTF section): the skeleton's types come "
                    + "from BTF; compile the BPF program with clang -g");
            return;
        }
        ModelBuilder.Result result = ModelBuilder.build(obj, packageName, className, resource,
                SkeletonSupport.sha256(bytes));
        StructOpsModel.Result structOps = StructOpsModel.build(obj, className);
        // distinct: corrupt BTF that both models trip over is one error
        Stream.concat(result.problems().stream(), structOps.problems().stream()).distinct().forEach(p ->
                processingEnv.getMessager().printMessage(p.kind(), "'" + resource + "': " + p.message(), e, mirror));
        if (result.hasErrors() || structOps.model() == null) {
            return;
        }
        boolean generated = processingEnv.getElementUtils().getTypeElement("javax.annotation.processing.Generated") != null;
        try {
            new SkeletonWriter(result.model(), generated).withStructOps(structOps.model()).write(type).writeTo(processingEnv.getFiler());
        } catch (IOException ex) {
            error(e, mirror, "cannot write " + packageName + (packageName.isEmpty() ? "" : ".") + className + ": "
                    + ex.getMessage());
        }
    }

    /** Cheap checks with precise messages before the full parse: ELF magic, EM_BPF, a .BTF section. */
    static String checkObject(byte[] b) {
        if (b.length < 4 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
            return "is not an ELF file (no \\x7fELF magic); expected a BPF object compiled with clang -target bpf";
        }
        ElfFile elf;
        try {
            elf = ElfFile.parse("object", b);
        } catch (BpfFormatException ex) {
            return "is not a valid ELF file: " + ex.getMessage();
        }
        if (elf.machine() != ElfFile.EM_BPF) {
            return "is not a BPF object: its ELF machine is " + elf.machine() + ", not " + ElfFile.EM_BPF
                    + " (EM_BPF); compile it with clang -target bpf";
        }
        if (elf.section(".BTF").isEmpty()) {
            return "has no BTF (.BTF section): the skeleton's types come from BTF; compile the BPF program with clang -g";
        }
        return null;
    }
}

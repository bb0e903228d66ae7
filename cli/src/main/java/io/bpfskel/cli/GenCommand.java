package io.bpfskel.cli;

import io.bpfskel.BpfSkeleton;
import io.bpfskel.object.BpfObject;
import io.bpfskel.processor.BpfSkeletonProcessor;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * Prints the skeleton source {@code @BpfSkeleton} would generate for an object, by running the annotation
 * processor itself on a one-line annotated interface: the output is exactly what a build produces, diagnostics
 * included. Needs a JDK (javac), not just a JRE.
 */
@Command(name = "gen", mixinStandardHelpOptions = true,
        description = {"Print the Java skeleton that @BpfSkeleton generates for a BPF object (the annotation "
                + "processor's own output). Needs a JDK."})
final class GenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OBJECT", description = "the BPF object (.bpf.o)")
    Path object;

    @Option(names = {"-p", "--package"}, paramLabel = "NAME", description = "package of the generated class (default: none)")
    String packageName = "";

    @Option(names = {"-c", "--class"}, paramLabel = "NAME",
            description = "simple name of the generated class (default: from the object name, e.g. CounterSkel)")
    String className;

    @Option(names = "--resource", paramLabel = "NAME",
            description = "class path resource name the skeleton loads the object from (default: the file name)")
    String resource;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "write the source under DIR (package directories included) instead of printing it")
    Path outputDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(object)) {
            throw new BpfskelCommand.UserError(object + ": no such file");
        }
        String res = resource != null ? resource : object.getFileName().toString();
        String cls = className != null ? className : defaultClassName(object.getFileName().toString());
        if (!SourceVersion.isIdentifier(cls) || SourceVersion.isKeyword(cls)) {
            throw new BpfskelCommand.UserError("--class " + cls + " is not a Java class name");
        }
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw new BpfskelCommand.UserError("--package " + packageName + " is not a Java package name");
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new BpfskelCommand.UserError("gen runs javac's annotation processing, and this Java ("
                    + System.getProperty("java.home") + ") has no compiler: run it with a JDK");
        }
        Path work = Files.createTempDirectory("bpfskel-gen");
        try {
            return generate(javac, res, cls, work);
        } finally {
            deleteTree(work);
        }
    }

    private int generate(JavaCompiler javac, String res, String cls, Path work) throws IOException {
        Path sources = Files.createDirectories(outputDir != null ? outputDir : work.resolve("generated"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        // The processor finds objects by resource name under -Abpfskel.objectPath: stage the file under that name.
        Path objects = work.resolve("objects");
        Path staged = objects.resolve(res.startsWith("/") ? res.substring(1) : res).normalize();
        if (!staged.startsWith(objects)) {
            throw new BpfskelCommand.UserError("--resource " + res + " leaves the class path root");
        }
        Files.createDirectories(staged.getParent());
        Files.copy(object, staged);
        String stubName = "BpfskelGen" + cls;
        String stub = (packageName.isEmpty() ? "" : "package " + packageName + ";\n")
                + "@" + BpfSkeleton.class.getName() + "(value = \"" + javaString(res) + "\", className = \"" + cls + "\")\n"
                + "interface " + stubName + " {}\n";
        JavaFileObject stubFile = new SimpleJavaFileObject(java.net.URI.create("string:///" + stubName + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return stub;
            }
        };
        List<String> options = new ArrayList<>(List.of("-proc:only", "-implicit:none", "-classpath", runtimeClassPath(),
                "-s", sources.toString(), "-d", classes.toString(),
                "-A" + "bpfskel.objectPath=" + objects));
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StringWriter javacOut = new StringWriter();
        boolean ok;
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = javac.getTask(javacOut, fm, diags, options, null, List.of(stubFile));
            task.setProcessors(List.of(new BpfSkeletonProcessor()));
            ok = task.call();
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean errors = !ok;
        for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            errors |= d.getKind() == Diagnostic.Kind.ERROR;
            // The staged copy in a temporary directory means nothing to the user: name the file they gave.
            String message = d.getMessage(Locale.ROOT)
                    .replace("-Abpfskel.objectPath directory " + objects + " (" + staged + ")", object.toString())
                    .replace(staged.toString(), object.toString());
            err.println("bpfskel gen: " + d.getKind().toString().toLowerCase(Locale.ROOT) + ": " + message);
        }
        if (!javacOut.toString().isBlank()) {
            err.print(javacOut);
        }
        err.flush();
        if (errors) {
            return 1;
        }
        Path generated = sources.resolve(packageName.replace('.', File.separatorChar)).resolve(cls + ".java");
        if (!Files.isRegularFile(generated)) {
            throw new IllegalStateException("the processor reported no error but wrote no " + generated);
        }
        if (outputDir != null) {
            spec.commandLine().getOut().println(generated);
        } else {
            spec.commandLine().getOut().print(Files.readString(generated, StandardCharsets.UTF_8));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** {@code counter.bpf.o} → {@code CounterSkel}; {@code tc-egress.bpf.o} → {@code TcEgressSkel}. */
    static String defaultClassName(String fileName) {
        StringBuilder sb = new StringBuilder();
        for (String part : BpfObject.objectName(fileName).split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) {
            sb.insert(0, "Bpf");
        }
        return sb.append("Skel").toString();
    }

    /**
     * Where the annotation and the runtime's types are, for javac: the jar or directory this code was loaded from
     * (the runtime's classes are in the same shaded jar), plus the runtime's own location when it differs.
     */
    private static String runtimeClassPath() {
        List<String> entries = new ArrayList<>();
        for (CodeSource cs : new CodeSource[] {BpfSkeleton.class.getProtectionDomain().getCodeSource(),
                GenCommand.class.getProtectionDomain().getCodeSource()}) {
            if (cs == null || cs.getLocation() == null) {
                continue;
            }
            try {
                String p = Path.of(cs.getLocation().toURI()).toString();
                if (!entries.contains(p)) {
                    entries.add(p);
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a file location: fall back to the class path below
            }
        }
        if (entries.isEmpty()) {
            return System.getProperty("java.class.path");
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String javaString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // a temporary directory; leaving a file behind is harmless
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // same
        }
    }
}

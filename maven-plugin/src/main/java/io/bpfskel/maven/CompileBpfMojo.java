package io.bpfskel.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles every {@code *.bpf.c} of the BPF source directory with clang into the class output directory
 * ({@code prog.bpf.c} → {@code target/classes/prog.bpf.o}), where {@code @BpfSkeleton("prog.bpf.o")} finds it at
 * compile time and {@code Skel.open()} at run time, with no further configuration.
 *
 * <p>Incremental: an object newer than its source and than every header under the source directory is kept.
 */
@Mojo(name = "compile-bpf", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CompileBpfMojo extends AbstractMojo {
    static final String INSTALL_HINT = "apt-get install clang libbpf-dev";

    /** Where the {@code *.bpf.c} files are (not searched recursively); also the first include directory. */
    @Parameter(property = "bpfskel.sourceDirectory", defaultValue = "${project.basedir}/src/main/bpf")
    File sourceDirectory;

    /** Where the objects go: the class output directory, so they are class path resources. */
    @Parameter(property = "bpfskel.outputDirectory", defaultValue = "${project.build.outputDirectory}")
    File outputDirectory;

    /** The clang executable: a name looked up on PATH, or a path. */
    @Parameter(property = "bpfskel.clang", defaultValue = "clang")
    String clang;

    /** {@code bpf} (the build machine's byte order), {@code bpfel} or {@code bpfeb}. */
    @Parameter(property = "bpfskel.target", defaultValue = "bpf")
    String target;

    /** More include directories, searched after the source directory and before the system one. */
    @Parameter
    List<File> includes = new ArrayList<>();

    /** Extra clang flags, e.g. {@code -Wall} or {@code -DDEBUG=1}; they come after the generated ones. */
    @Parameter
    List<String> cflags = new ArrayList<>();

    /** The system include directory for {@code asm/types.h}; default {@code /usr/include/<multiarch>}. */
    @Parameter(property = "bpfskel.multiarchInclude")
    File multiarchInclude;

    @Parameter(property = "bpfskel.skip", defaultValue = "false")
    boolean skip;

    /**
     * Deleted whenever an object is compiled: maven-compiler-plugin's incremental state. javac does not see the
     * objects as inputs, so without this a changed {@code .bpf.c} alone leaves the generated skeletons as they were,
     * and their {@code open()} refuses the new object as stale. Deleting the state makes javac (and the annotation
     * processor) run again. Set it empty to keep the state.
     */
    @Parameter(property = "bpfskel.compilerState",
            defaultValue = "${project.build.directory}/maven-status/maven-compiler-plugin/compile")
    File compilerState;

    /** What one run did, for the build log and tests. */
    record Outcome(List<Path> compiled, List<Path> upToDate) {}

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("bpfskel: skipping BPF compilation (bpfskel.skip)");
            return;
        }
        Outcome o = run();
        if (!o.compiled().isEmpty() || !o.upToDate().isEmpty()) {
            getLog().info("bpfskel: " + o.compiled().size() + " BPF object(s) compiled, " + o.upToDate().size()
                    + " up to date, in " + outputDirectory);
        }
    }

    Outcome run() throws MojoExecutionException, MojoFailureException {
        Path src = sourceDirectory.toPath();
        List<Path> sources = sources(src);
        List<Path> compiled = new ArrayList<>();
        List<Path> upToDate = new ArrayList<>();
        if (sources.isEmpty()) {
            getLog().debug("bpfskel: no *.bpf.c in " + src);
            return new Outcome(compiled, upToDate);
        }
        ClangCommand cmd = command();
        Path out = outputDirectory.toPath();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new MojoExecutionException("bpfskel: cannot create the output directory " + out + ": " + e.getMessage(), e);
        }
        FileTime newestHeader = Staleness.newestHeader(src);
        for (Path source : sources) {
            Path object = out.resolve(ClangCommand.objectName(source.getFileName().toString()));
            if (Staleness.upToDate(object, source, newestHeader)) {
                getLog().debug("bpfskel: " + object + " is up to date");
                upToDate.add(object);
                continue;
            }
            compile(cmd, source, object);
            compiled.add(object);
        }
        if (!compiled.isEmpty() && compilerState != null && !compilerState.getPath().isEmpty()) {
            deleteTree(compilerState.toPath());
        }
        return new Outcome(compiled, upToDate);
    }

    ClangCommand command() throws MojoExecutionException {
        List<Path> inc = new ArrayList<>();
        for (File f : includes) {
            inc.add(f.toPath());
        }
        String osArch = System.getProperty("os.arch");
        ClangCommand c;
        try {
            c = ClangCommand.forHost(clang, target, sourceDirectory.toPath(), inc, cflags, osArch);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("bpfskel: " + e.getMessage(), e);
        }
        if (multiarchInclude != null) {
            List<Path> withSystem = new ArrayList<>(c.includes().subList(0, c.includes().size() - 1));
            withSystem.add(multiarchInclude.toPath());
            c = new ClangCommand(c.clang(), c.target(), c.targetArch(), withSystem, c.cflags());
        }
        return c;
    }

    private static List<Path> sources(Path dir) throws MojoExecutionException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".bpf.c") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new MojoExecutionException("bpfskel: cannot list BPF sources in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Compiles into a temporary file and renames it, so a failed run never leaves a fresh-looking object. */
    private void compile(ClangCommand cmd, Path source, Path object) throws MojoExecutionException, MojoFailureException {
        Path tmp = object.resolveSibling(object.getFileName() + ".tmp");
        List<String> args = cmd.arguments(source, tmp);
        getLog().debug("bpfskel: " + String.join(" ", args));
        Process p;
        try {
            p = new ProcessBuilder(args).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new MojoExecutionException("bpfskel: cannot run clang ('" + cmd.clang() + "') to compile " + source
                    + ": " + e.getMessage() + "\nBPF sources need clang (with the BPF target) and libbpf's headers. "
                    + "Install them with: " + INSTALL_HINT + "\n(or point -Dbpfskel.clang=/path/to/clang at another clang)", e);
        }
        String output;
        int exit;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            exit = p.waitFor();
        } catch (IOException e) {
            p.destroyForcibly();
            throw new MojoExecutionException("bpfskel: reading clang's output for " + source + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("bpfskel: interrupted while compiling " + source, e);
        }
        if (exit != 0) {
            deleteQuietly(tmp);
            throw new MojoFailureException(failureMessage(source, exit, output, args));
        }
        if (!output.isBlank()) {
            getLog().warn("bpfskel: clang warnings for " + source + ":\n" + output.stripTrailing());
        }
        try {
            Files.move(tmp, object, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new MojoExecutionException("bpfskel: cannot move " + tmp + " to " + object + ": " + e.getMessage(), e);
        }
    }

    static String failureMessage(Path source, int exit, String clangOutput, List<String> args) {
        StringBuilder sb = new StringBuilder();
        sb.append("bpfskel: clang failed to compile ").append(source).append(" (exit ").append(exit).append("):\n");
        sb.append(clangOutput.stripTrailing()).append('\n');
        if (clangOutput.contains("bpf/bpf_helpers.h' file not found") || clangOutput.contains("bpf/bpf_helpers.h\" file not found")) {
            sb.append("libbpf's headers are missing. Install them with: ").append(INSTALL_HINT).append('\n');
        } else if (clangOutput.contains("asm/types.h' file not found")) {
            sb.append("the kernel's UAPI headers for this architecture are missing (asm/types.h). Install them with: "
                    + "apt-get install linux-libc-dev, or set bpfskel.multiarchInclude to the directory holding asm/\n");
        }
        sb.append("command: ").append(String.join(" ", args));
        return sb.toString();
    }

    private static void deleteTree(Path dir) throws MojoExecutionException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("bpfskel: cannot delete the compiler's incremental state " + dir
                    + " (so that javac regenerates the skeletons of the recompiled objects): " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the next run overwrites it
        }
    }
}

package io.bpfskel.cli;

import io.bpfskel.error.BpfException;
import io.bpfskel.fleet.FleetKernel;
import io.bpfskel.load.LiveKernel;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The kernels a {@code --btf} argument names: a BTF file (raw, a vmlinux ELF, or a BTFHub {@code .btf.tar.xz}
 * archive holding one), or a directory tree of them. Next to {@code NAME.btf} (or {@code NAME.btf.tar.xz}, or
 * {@code NAME}), {@code NAME.config} and {@code NAME.kallsyms} are that kernel's config and kallsyms.
 */
final class FleetFiles {
    private FleetFiles() {}

    /** One kernel's files, found but not read yet. */
    record Source(String label, Path btf, Path config, Path kallsyms) {}

    /** A kernel whose files could not be read: the check reports it instead of stopping the fleet. */
    record Unreadable(String label, String error) {}

    /** The kernels under {@code path}, sorted by label (the path relative to the directory, without suffix). */
    static List<Source> find(Path path) {
        if (!Files.exists(path)) {
            throw new BpfskelCommand.UserError("--btf " + path + ": no such file or directory");
        }
        if (!Files.isDirectory(path)) {
            return List.of(source(path, path.getFileName().toString()));
        }
        List<Source> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(path)) {
            s.filter(Files::isRegularFile).filter(FleetFiles::isKernelFile).sorted().forEach(p -> {
                String rel = path.relativize(p).toString();
                out.add(source(p, rel));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new BpfskelCommand.UserError("--btf " + path + ": the directory has no BTF files");
        }
        return out;
    }

    private static boolean isKernelFile(Path p) {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && !n.endsWith(".config") && !n.endsWith(".kallsyms") && !n.endsWith(".md")
                && !n.endsWith(".txt") && !n.endsWith(".sha256");
    }

    private static Source source(Path btf, String label) {
        String base = stem(label);
        String fileBase = stem(btf.getFileName().toString());
        return new Source(base, btf, sibling(btf, fileBase, ".config"), sibling(btf, fileBase, ".kallsyms"));
    }

    /** {@code x.btf.tar.xz}, {@code x.btf} → {@code x}. */
    static String stem(String name) {
        for (String suffix : new String[] {".btf.tar.xz", ".tar.xz", ".btf.xz", ".btf"}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private static Path sibling(Path btf, String base, String ext) {
        Path p = btf.resolveSibling(base + ext);
        return Files.isRegularFile(p) ? p : null;
    }

    /** Reads and parses one kernel: a {@link FleetKernel}, or an {@link Unreadable} saying why not. */
    static Object read(Source s) {
        return read(s, null);
    }

    /**
     * @param cache where decompressed archives are kept (see {@link #btfBytes(Path, Path)}), or null
     */
    static Object read(Source s, Path cache) {
        try {
            byte[] btf = btfBytes(s.btf(), cache);
            String config = s.config() == null ? null : LiveKernel.readMaybeGzip(s.config());
            String kallsyms = s.kallsyms() == null ? null : Files.readString(s.kallsyms(), StandardCharsets.ISO_8859_1);
            return FleetKernel.of(s.label(), btf, config, kallsyms);
        } catch (IOException e) {
            return new Unreadable(s.label(), s.btf() + ": " + e.getMessage());
        } catch (BpfException | UncheckedIOException e) {
            return new Unreadable(s.label(), e.getMessage());
        }
    }

    /** The BTF bytes of a file: as is, or the one BTF file inside an xz-compressed tar (BTFHub's layout). */
    static byte[] btfBytes(Path file) throws IOException {
        return btfBytes(file, null);
    }

    /**
     * Like {@link #btfBytes(Path)}; with a {@code cache} directory an archive's BTF is decompressed once and kept there
     * under a name derived from the archive's absolute path, size and modification time (a changed archive gets a
     * new entry), since xz decompression is most of the cost of checking a BTFHub tree.
     */
    static byte[] btfBytes(Path file, Path cache) throws IOException {
        String n = file.getFileName().toString();
        if (!n.endsWith(".tar.xz")) {
            return Files.readAllBytes(file);
        }
        if (cache == null) {
            return untarXz(file);
        }
        String key = file.toAbsolutePath().normalize() + "\0" + Files.size(file) + "\0"
                + Files.getLastModifiedTime(file).toMillis();
        Path cached = cache.resolve(stem(n) + "-" + sha256(key).substring(0, 16) + ".btf");
        if (Files.isRegularFile(cached)) {
            return Files.readAllBytes(cached);
        }
        byte[] bytes = untarXz(file);
        Files.createDirectories(cache);
        Path tmp = Files.createTempFile(cache, ".part-", ".btf");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return bytes;
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : d) {
                hex.append(String.format("%02x", b & 0xff));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] untarXz(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                XZCompressorInputStream xz = new XZCompressorInputStream(in);
                TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile()) {
                    continue;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(e.getSize(), 1 << 26)));
                tar.transferTo(out);
                return out.toByteArray();
            }
        }
        throw new IOException("the archive holds no file");
    }
}

package io.bpfskel.elf;

import io.bpfskel.error.BpfFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads object and BTF files with a size limit, so that no file (a 4 GiB sparse one, a pipe that never
 * ends) can make bpfskel allocate more than the limit: the size is checked before anything is allocated,
 * and streams are read in pieces that stop at the limit.
 */
public final class BoundedRead {
    /**
     * The largest file read: far above any BPF object or raw BTF (vmlinux BTF is a few MiB; the kernel
     * refuses BTF above 16 MiB and programs above a million instructions), and below what would exhaust a
     * small heap.
     */
    public static final long MAX_FILE_SIZE = 256L << 20;
    private static final int PIECE = 64 << 10;

    private BoundedRead() {}

    /** The whole file, or a {@link BpfFormatException} naming it and saying why not (too large, EACCES, ...). */
    public static byte[] file(Path path) {
        String name = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (Files.isDirectory(path)) {
                throw new BpfFormatException(name, "is a directory, not a file");
            }
            long size = ch.size();
            if (size > MAX_FILE_SIZE) {
                throw tooLarge(name, size);
            }
            if (size == 0) {
                // Pipes and some special files report 0: read them in pieces instead.
                return stream(name, java.nio.channels.Channels.newInputStream(ch));
            }
            byte[] out = new byte[(int) size];
            ByteBuffer b = ByteBuffer.wrap(out);
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    return Arrays.copyOf(out, b.position()); // shrank while we read
                }
            }
            return out;
        } catch (IOException e) {
            throw new BpfFormatException(name, "cannot read: " + reason(e), e);
        }
    }

    /** A stream (a class path resource, a pipe) read in pieces up to the limit. */
    public static byte[] stream(String name, InputStream in) throws IOException {
        return stream(name, in, (int) MAX_FILE_SIZE);
    }

    static byte[] stream(String name, InputStream in, int limit) throws IOException {
        byte[] out = new byte[Math.min(PIECE, limit)];
        int n = 0;
        while (true) {
            if (n == out.length) {
                if (n == limit) {
                    if (in.read() < 0) {
                        return out;
                    }
                    throw tooLarge(name, -1);
                }
                out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
            }
            int r = in.read(out, n, out.length - n);
            if (r < 0) {
                return Arrays.copyOf(out, n);
            }
            n += r;
        }
    }

    /** Why an I/O operation failed, in words: the errno's meaning rather than just the path. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (EACCES)";
        }
        if (e instanceof FileSystemException f) {
            String r = f.getReason();
            return r != null ? r : f.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static BpfFormatException tooLarge(String name, long size) {
        return new BpfFormatException(name, (size >= 0 ? "is " + size + " bytes" : "is larger than the limit")
                + "; bpfskel reads files of at most " + (MAX_FILE_SIZE >> 20) + " MiB (BPF objects and BTF are far smaller)");
    }
}

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

    /**
     * For an ELF file above the limit (a vmlinux with DWARF is hundreds of MiB): only the named section, read
     * from the section headers without reading the rest. Empty when the file is within the limit (read it
     * whole instead).
     *
     * @throws BpfFormatException when the file is too large and not ELF, or the section is missing or too large
     */
    public static java.util.Optional<byte[]> sectionOfLargeElf(Path path, String section) {
        String name = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= MAX_FILE_SIZE) {
                return java.util.Optional.empty();
            }
            ByteBuffer eh = readAt(ch, 0, 64, name);
            if (eh.getInt(0) != 0x7f454c46 || eh.get(4) != 2) {
                throw tooLarge(name, size);
            }
            eh.order(eh.get(5) == 2 ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
            long shoff = eh.getLong(40);
            int shentsize = Short.toUnsignedInt(eh.getShort(58));
            int shnum = Short.toUnsignedInt(eh.getShort(60));
            int shstrndx = Short.toUnsignedInt(eh.getShort(62));
            if (shentsize != 64 || shnum == 0 || shstrndx >= shnum || shoff < 0 || shoff > size - 64L * shnum) {
                throw new BpfFormatException(name, "bad ELF section header table");
            }
            ByteBuffer sh = readAt(ch, shoff, 64 * shnum, name).order(eh.order());
            byte[] names = sectionBytes(ch, sh, shstrndx, size, name, "section names");
            byte[] want = (section + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < shnum; i++) {
                int n = sh.getInt(64 * i);
                if (n >= 0 && n <= names.length - want.length
                        && Arrays.equals(names, n, n + want.length, want, 0, want.length)) {
                    if (sh.getInt(64 * i + 4) == ElfSection.SHT_NOBITS) {
                        throw new BpfFormatException(name, section + " section has no data in the file");
                    }
                    return java.util.Optional.of(sectionBytes(ch, sh, i, size, name, section));
                }
            }
            throw new BpfFormatException(name, "is " + size + " bytes and has no " + section + " section");
        } catch (IOException e) {
            throw new BpfFormatException(name, "cannot read: " + reason(e), e);
        }
    }

    private static byte[] sectionBytes(FileChannel ch, ByteBuffer sh, int index, long fileSize, String name,
            String what) throws IOException {
        long off = sh.getLong(64 * index + 24);
        long len = sh.getLong(64 * index + 32);
        if (off < 0 || len < 0 || off > fileSize || len > fileSize - off) {
            throw new BpfFormatException(name, what + " [" + off + ", +" + len + ") is outside the file");
        }
        if (len > MAX_FILE_SIZE) {
            throw new BpfFormatException(name, what + " is " + len + " bytes; at most " + (MAX_FILE_SIZE >> 20)
                    + " MiB are read");
        }
        return readAt(ch, off, (int) len, name).array();
    }

    private static ByteBuffer readAt(FileChannel ch, long off, int len, String name) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (ch.read(b, off + b.position()) < 0) {
                throw new BpfFormatException(name, "truncated at " + (off + b.position()));
            }
        }
        return b.clear();
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

package io.bpfskel.sys;

import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.error.BpfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Pins on a bpf filesystem, the same way for maps, programs and links: a pin keeps the object alive after every fd
 * is closed, until the pin file is removed. Pinning creates missing parent directories (as libbpf does), and
 * refuses a path outside a bpf filesystem with a message that says so, instead of the kernel's bare EPERM/EINVAL.
 */
public final class BpfFs {
    /** statfs(2) {@code f_type} of a bpf filesystem ({@code BPF_FS_MAGIC}, linux/magic.h). */
    static final long BPF_FS_MAGIC = 0xcafe4a11L;
    /** Larger than {@code struct statfs} on every Linux ABI; {@code f_type} is its first field. */
    private static final int STATFS_SIZE = 256;

    private BpfFs() {}

    /** Pins {@code obj} at {@code path}; {@code what} names the object in errors ("map 'counts'"). */
    public static void pin(Fd obj, Path path, String what) {
        Path abs = path.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new BpfException("cannot pin " + what + " at " + path + ": a pin is a file inside a bpf filesystem");
        }
        Path existing = parent;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        requireBpfFs(existing, "cannot pin " + what + " at " + path);
        if (existing != parent) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new BpfException("cannot pin " + what + " at " + path + ": cannot create " + parent + ": "
                        + reason(e), e);
            }
        }
        Bpf.objPin(obj, abs.toString(), "pin of " + what + " at " + abs);
    }

    /** Removes the pin at {@code path}; false when there was none. The object lives on while fds refer to it. */
    public static boolean unpin(Path path, String what) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new BpfException("cannot unpin " + what + " at " + path + ": " + reason(e), e);
        }
    }

    /**
     * Opens the object pinned at {@code path} (BPF_OBJ_GET); the caller owns the fd.
     *
     * @param fileFlags 0, {@link io.bpfskel.uapi.BpfFlags#BPF_F_RDONLY} or {@link io.bpfskel.uapi.BpfFlags#BPF_F_WRONLY}
     */
    public static Fd open(Path path, int fileFlags, String what) {
        Path abs = path.toAbsolutePath().normalize();
        if (Files.exists(abs) && abs.getParent() != null) {
            requireBpfFs(abs.getParent(), "cannot open " + what + " at " + path);
        }
        return Bpf.objGet(abs.toString(), fileFlags, "open of " + what + " at " + abs);
    }

    /** True when {@code dir} is on a bpf filesystem. */
    public static boolean isBpfFs(Path dir) {
        return fsType(dir) == BPF_FS_MAGIC;
    }

    private static void requireBpfFs(Path dir, String doing) {
        if (dir == null) {
            throw new BpfException(doing + ": no such directory");
        }
        long type = fsType(dir);
        if (type != BPF_FS_MAGIC) {
            throw new BpfException(doing + ": " + dir + " is not on a bpf filesystem (its type is 0x" + Long.toHexString(type)
                    + "); pins live on bpffs, e.g. /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)");
        }
    }

    private static long fsType(Path dir) {
        try (NativeScope scope = new NativeScope()) {
            NativeMemory buf = scope.alloc(STATFS_SIZE);
            int r = Syscalls.NATIVE.statfs(scope.cString(dir.toString()), buf.address());
            if (r < 0) {
                throw new BpfSyscallException("statfs", -r, "bpf filesystem check", "path " + dir, null);
            }
            // f_type is a signed long (__fsword_t); BPF_FS_MAGIC does not fit an int, so read it unsigned.
            return buf.getLong(0) & 0xffffffffL;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}

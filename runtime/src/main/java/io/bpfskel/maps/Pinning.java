package io.bpfskel.maps;

import io.bpfskel.BpfException;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pinning objects on a bpf filesystem (maps, programs; links pin the same way). A pin keeps the object
 * alive after every fd is closed, until the pin file is removed.
 */
public final class Pinning {
    private Pinning() {}

    /** Pins {@code obj} at {@code path}, creating missing parent directories as libbpf does. */
    public static void pin(Fd obj, Path path, String what) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new BpfException("cannot pin " + what + " at " + path + ": cannot create " + parent, e);
            }
        }
        Bpf.objPin(obj, path.toString(), "pin of " + what);
    }

    /** Removes the pin at {@code path}; false when there was none. The object lives on while fds refer to it. */
    public static boolean unpin(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new BpfException("cannot unpin " + path, e);
        }
    }

    /** Opens a pinned object (BPF_OBJ_GET); the caller owns the fd. */
    public static Fd open(Path path, int fileFlags, String what) {
        return Bpf.objGet(path.toString(), fileFlags, "open of " + what);
    }
}

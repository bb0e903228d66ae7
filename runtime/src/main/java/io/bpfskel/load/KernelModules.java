package io.bpfskel.load;

import io.bpfskel.btf.Btf;
import io.bpfskel.error.BpfFormatException;
import io.bpfskel.sys.Bpf;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.sys.BtfInfo;
import io.bpfskel.error.Errno;
import io.bpfskel.sys.Fd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads the BTF of every loaded kernel module through bpf(2), as libbpf's {@code load_module_btfs}: iterate BTF
 * object ids, open each, keep those the kernel marks as kernel BTF other than vmlinux, and parse them as split
 * BTF on top of vmlinux. The fds stay open (they go into {@code fd_array} and {@code ld_imm64}) until
 * {@link #close()}.
 *
 * <p>Unlike libbpf, a module whose BTF cannot be opened or parsed is skipped with a warning instead of failing
 * every extern of the load (sched-ext/scx#2108).
 */
final class KernelModules implements AutoCloseable {
    private final Map<Integer, Fd> fds = new HashMap<>();

    List<ModuleBtf> load(Btf vmlinux, List<String> warnings) {
        List<ModuleBtf> out = new ArrayList<>();
        int id = 0;
        while (true) {
            OptionalInt next;
            try {
                next = Bpf.btfGetNextId(id);
            } catch (BpfSyscallException e) {
                if (e.errno() == Errno.EPERM) {
                    // As libbpf: without the privilege to enumerate BTF objects, module kfuncs simply are not found.
                    warnings.add("cannot enumerate kernel BTF objects (EPERM): module BTF not searched");
                    return out;
                }
                throw e;
            }
            if (next.isEmpty()) {
                return out;
            }
            id = next.getAsInt();
            Fd fd;
            try {
                fd = Bpf.btfGetFdById(id);
            } catch (BpfSyscallException e) {
                if (e.errno() != Errno.ENOENT) {
                    warnings.add("BTF object " + id + ": " + e.getMessage());
                }
                continue; // ENOENT: unloaded since we saw its id
            }
            boolean keep = false;
            try {
                BtfInfo info = Bpf.btfInfo(fd, false, "BTF object " + id);
                if (!info.kernelBtf() || info.name().equals("vmlinux")) {
                    continue;
                }
                BtfInfo full = Bpf.btfInfo(fd, true, "module '" + info.name() + "' BTF");
                Btf btf = Btf.parseSplit("module " + info.name() + " BTF", full.btf(), vmlinux);
                out.add(new ModuleBtf(info.name(), btf, fd.raw()));
                fds.put(fd.raw(), fd);
                keep = true;
            } catch (BpfSyscallException | BpfFormatException e) {
                warnings.add("skipping kernel BTF object " + id + ": " + e.getMessage());
            } finally {
                if (!keep) {
                    fd.close();
                }
            }
        }
    }

    /** The handle of a module BTF fd this instance opened, or null. */
    Fd handle(int raw) {
        return fds.get(raw);
    }

    @Override
    public void close() {
        for (Fd fd : fds.values()) {
            fd.close();
        }
        fds.clear();
    }
}

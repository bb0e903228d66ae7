package io.bpfskel;

import io.bpfskel.fd.BpfFd;
import io.bpfskel.link.ProgramRef;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.BpfFs;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.ProgInfo;
import io.bpfskel.sys.ProgTestRunAttr;
import io.bpfskel.sys.ProgTestRunResult;
import io.bpfskel.uapi.ProgramType;
import java.nio.file.Path;

/**
 * A program opened outside a collection (from a bpffs pin or by id), described by what the kernel reports.
 * Owns its fd: close it.
 */
public final class KernelProgram implements AutoCloseable {
    private final Fd fd;
    private final ProgInfo info;
    private final String origin;

    private KernelProgram(Fd fd, ProgInfo info, String origin) {
        this.fd = fd;
        this.info = info;
        this.origin = origin;
    }

    /** Takes ownership of {@code fd} (closing it on failure too). */
    static KernelProgram adopt(Fd fd, String origin) {
        try {
            return new KernelProgram(fd, Bpf.progInfo(fd, origin), origin);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    public static KernelProgram openPinned(Path path) {
        return adopt(BpfFs.open(path, 0, "pinned program"), "program pinned at " + path);
    }

    public static KernelProgram byId(int id) {
        return adopt(Bpf.progGetFdById(id), "program id " + id);
    }

    ProgInfo info() {
        return info;
    }

    public int id() {
        return info.id();
    }

    /** The kernel's name for it (the first 15 bytes of the function name). */
    public String name() {
        return info.name();
    }

    /** The program type, or null when this version of bpfskel does not know the kernel's number. */
    public ProgramType type() {
        return ProgramType.of(info.type());
    }

    /** The program's fd, owned by this object: closed by {@link #close()}. */
    public BpfFd handle() {
        return fd;
    }

    /** This program as the attach layer and prog arrays take it; it has no section, so attach by kind. */
    public ProgramRef ref() {
        return ProgramRef.of(name(), fd);
    }

    public void pin(Path path) {
        BpfFs.pin(fd, path, origin);
    }

    /** Runs the program once with BPF_PROG_TEST_RUN and the given context. */
    public TestRunResult testRun(byte[] ctxIn) {
        ProgTestRunResult r = Bpf.progTestRun(new ProgTestRunAttr(fd, null, 0, ctxIn, 0, 0, 0, 0, 0),
                "test run of " + origin);
        return new TestRunResult(r.retval(), r.durationNs(), r.dataOut(), r.ctxOut());
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "KernelProgram[" + info.name() + ", id " + info.id() + ", " + fd + "]";
    }
}

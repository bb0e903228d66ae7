package io.bpfskel;

import io.bpfskel.maps.Pinning;
import io.bpfskel.object.AttachType;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.ProgramType;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.ProgTestRunAttr;
import io.bpfskel.sys.ProgTestRunResult;
import java.nio.file.Path;

/**
 * A program of a {@link BpfCollection}. Before load its settings can change; after load it has a kernel fd.
 */
public final class BpfProgram {
    private final BpfCollection owner;
    private final ProgramSpec spec;
    private boolean autoload;
    private AttachType expectedAttachType;
    private Fd fd;
    private int id;

    BpfProgram(BpfCollection owner, ProgramSpec spec) {
        this.owner = owner;
        this.spec = spec;
        this.autoload = spec.autoload();
        this.expectedAttachType = spec.expectedAttachType();
    }

    public String name() {
        return spec.name();
    }

    public String sectionName() {
        return spec.sectionName();
    }

    public ProgramType type() {
        return spec.type();
    }

    public AttachType expectedAttachType() {
        return expectedAttachType;
    }

    public ProgramSpec spec() {
        return spec;
    }

    public boolean autoload() {
        return autoload;
    }

    /** Whether {@link BpfCollection#load()} loads this program; {@code SEC("?...")} programs start disabled. */
    public void setAutoload(boolean autoload) {
        owner.checkOpened("set autoload of program '" + name() + "'");
        this.autoload = autoload;
    }

    /** The kernel fd; only after load, and only for loaded programs. */
    public int fd() {
        return handle().raw();
    }

    /** The program's fd handle, owned by the collection (do not close it). */
    public Fd handle() {
        if (fd == null || fd.isClosed()) {
            throw new IllegalStateException("program '" + name() + "' is not loaded");
        }
        return fd;
    }

    /** Runs the program once with BPF_PROG_TEST_RUN and the given context (e.g. a syscall program's arguments). */
    public TestRunResult testRun(byte[] ctxIn) {
        return testRun(new ProgTestRunAttr(handle(), null, 0, ctxIn, 0, 0, 0, 0, 0));
    }

    /** Runs a packet program on {@code dataIn}, {@code repeat} times, returning up to {@code dataOutSize} bytes of output. */
    public TestRunResult testRun(byte[] dataIn, int dataOutSize, int repeat) {
        return testRun(new ProgTestRunAttr(handle(), dataIn, dataOutSize, null, 0, repeat, 0, 0, 0));
    }

    private TestRunResult testRun(ProgTestRunAttr attr) {
        ProgTestRunResult r = Bpf.progTestRun(attr, "test run of program '" + name() + "'");
        return new TestRunResult(r.retval(), r.durationNs(), r.dataOut(), r.ctxOut());
    }

    /** Pins the loaded program at {@code path} on a bpf filesystem, creating missing parent directories. */
    public void pin(Path path) {
        Pinning.pin(handle(), path, "program '" + name() + "'");
    }

    /** Removes a pin; false when there was none. Open fds (and attachments) keep the program alive. */
    public static boolean unpin(Path path) {
        return Pinning.unpin(path);
    }

    /** Opens a program pinned on a bpf filesystem; the caller closes it. */
    public static KernelProgram openPinned(Path path) {
        return KernelProgram.openPinned(path);
    }

    /** The kernel's program id, 0 before load. */
    public int id() {
        return id;
    }

    public boolean isLoaded() {
        return fd != null && !fd.isClosed();
    }

    void loaded(Fd fd, int id) {
        this.fd = fd;
        this.id = id;
    }

    void closed() {
        this.fd = null;
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name() + ", " + sectionName() + ", " + type() + (isLoaded() ? ", fd " + fd.raw() : "") + "]";
    }
}

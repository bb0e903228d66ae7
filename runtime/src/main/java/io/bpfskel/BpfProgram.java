package io.bpfskel;

import io.bpfskel.object.AttachType;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.ProgramType;

/**
 * A program of a {@link BpfCollection}. Before load its settings can change; after load it has a kernel fd.
 */
public final class BpfProgram {
    private final BpfCollection owner;
    private final ProgramSpec spec;
    private boolean autoload;
    private AttachType expectedAttachType;
    private int fd = -1;
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
        if (fd < 0) {
            throw new IllegalStateException("program '" + name() + "' is not loaded");
        }
        return fd;
    }

    /** The kernel's program id, 0 before load. */
    public int id() {
        return id;
    }

    public boolean isLoaded() {
        return fd >= 0;
    }

    void loaded(int fd, int id) {
        this.fd = fd;
        this.id = id;
    }

    void closed() {
        this.fd = -1;
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name() + ", " + sectionName() + ", " + type() + (fd >= 0 ? ", fd " + fd : "") + "]";
    }
}

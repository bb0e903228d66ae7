package io.bpfskel;

import io.bpfskel.error.BpfException;
import io.bpfskel.link.BpfLink;
import io.bpfskel.link.IterLink;
import io.bpfskel.link.KprobeMultiOptions;
import io.bpfskel.link.KprobeOptions;
import io.bpfskel.link.LinkGroup;
import io.bpfskel.link.Links;
import io.bpfskel.link.PerfEvent;
import io.bpfskel.link.ProgramRef;
import io.bpfskel.link.TcxDirection;
import io.bpfskel.link.UprobeMultiOptions;
import io.bpfskel.link.UprobeOptions;
import io.bpfskel.link.UsdtOptions;
import io.bpfskel.link.XdpMode;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.BpfFs;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.ProgTestRunAttr;
import io.bpfskel.sys.ProgTestRunResult;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.ProgramType;
import java.nio.file.Path;

/**
 * A program of a {@link BpfCollection}. Before load its settings can change; after load it has a kernel fd and
 * can be attached: {@link #attach()} as its section says, or with an {@code attachXxx} method. The collection
 * keeps track of every link made here and closes them on {@link BpfCollection#detach()} and
 * {@link BpfCollection#close()}; closing a link earlier detaches just that one.
 */
public final class BpfProgram {
    private final BpfCollection owner;
    private final ProgramSpec spec;
    private boolean autoload;
    private boolean autoattach = true;
    private AttachType expectedAttachType;
    /** Set by load, cleared by close; read by any thread that uses the program. */
    private volatile Fd fd;
    private volatile boolean closed;
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

    ProgramSpec spec() {
        return spec;
    }

    public boolean autoload() {
        return autoload;
    }

    /**
     * Whether {@link BpfCollection#load()} loads this program; {@code SEC("?...")} programs start disabled. A struct_ops
     * program that a struct_ops map points at follows its maps instead: it loads if and only if one of them is created
     * (libbpf's rule), and after load this reports that decision.
     */
    public void setAutoload(boolean autoload) {
        owner.checkOpened("set autoload of program '" + name() + "'");
        this.autoload = autoload;
    }

    /** The loader's decision for a struct_ops program, whose autoload follows its maps (libbpf changes it too). */
    void autoloadDecided(boolean loaded) {
        this.autoload = loaded;
    }

    /** Whether {@link BpfCollection#attach()} attaches this program (when its section says where). */
    public boolean autoattach() {
        return autoattach;
    }

    public void setAutoattach(boolean autoattach) {
        this.autoattach = autoattach;
    }

    /** The kernel fd; only after load, and only for loaded programs. */
    public int fd() {
        return handle().raw();
    }

    /** The program's fd handle, owned by the collection (do not close it). */
    Fd handle() {
        Fd f = fd;
        if (f == null || f.isClosed()) {
            throw new IllegalStateException("program '" + name() + "' is " + (closed || f != null
                    ? "closed (its collection was closed)" : "not loaded"));
        }
        return f;
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

    /** This loaded program as {@link Links} takes it. */
    public ProgramRef ref() {
        return new ProgramRef(name(), handle(), sectionName(), expectedAttachType);
    }

    // ---------------------------------------------------------------- attaching

    /**
     * Attaches where the section says ({@code tp/syscalls/sys_enter_getpid}, {@code uprobe/libc.so.6:getpid},
     * {@code iter/task}, ...); see {@link Links#auto}.
     *
     * @throws BpfException when the section does not say where (bare {@code uprobe}, {@code xdp}, ...)
     */
    public BpfLink attach() {
        if (type() == io.bpfskel.uapi.ProgramType.STRUCT_OPS) {
            throw new BpfException("program '" + name() + "' (" + sectionName() + ") implements a member of a struct_ops"
                    + " map and is not attached on its own: register the map (BpfCollection.structOps(name).attach())");
        }
        return owner.track(Links.auto(ref(), isUsdt() ? owner.usdtManager() : null).orElseThrow(() -> new BpfException("program '" + name() + "': section '"
                + sectionName() + "' does not say where to attach; use one of the attachXxx methods")));
    }

    /**
     * A USDT probe ({@code SEC("usdt")} programs using {@code <bpf/usdt.bpf.h>}): every site of
     * {@code provider:name} in {@code binary}; see {@link Links#usdt}.
     */
    public BpfLink attachUsdt(Path binary, String provider, String name, UsdtOptions options) {
        return owner.track(Links.usdt(ref(), owner.usdtManager(), binary, provider, name, options));
    }

    /**
     * The USDT probe this program's section names ({@code SEC("usdt/libjvm.so:hotspot:gc__begin")}) with options,
     * e.g. {@code UsdtOptions.defaults().withPid(pid)}: a binary named without a directory is then found among that
     * process's mappings.
     */
    public BpfLink attachUsdt(UsdtOptions options) {
        return owner.track(Links.usdt(ref(), owner.usdtManager(), options));
    }

    /** The functions of {@code binary} matching a glob, with one uprobe.multi link; see {@link Links#uprobeMulti}. */
    public BpfLink attachUprobeMulti(Path binary, String pattern, UprobeMultiOptions options) {
        return owner.track(Links.uprobeMulti(ref(), binary, pattern, options));
    }

    /** Functions or offsets given in {@code options}, with one uprobe.multi link. */
    public BpfLink attachUprobeMulti(Path binary, UprobeMultiOptions options) {
        return owner.track(Links.uprobeMulti(ref(), binary, null, options));
    }

    /** Kernel functions matching a glob, with one kprobe.multi link; see {@link Links#kprobeMulti}. */
    public BpfLink attachKprobeMulti(String pattern, KprobeMultiOptions options) {
        return owner.track(Links.kprobeMulti(ref(), pattern, options));
    }

    /** Kernel functions or addresses given in {@code options}, with one kprobe.multi link. */
    public BpfLink attachKprobeMulti(KprobeMultiOptions options) {
        return owner.track(Links.kprobeMulti(ref(), null, options));
    }

    boolean isUsdt() {
        return spec.def() != null && (spec.def().flags() & io.bpfskel.object.SectionDef.USDT) != 0;
    }

    public BpfLink attachTracepoint(String category, String name) {
        return owner.track(Links.tracepoint(ref(), category, name));
    }

    public BpfLink attachRawTracepoint(String name) {
        return owner.track(Links.rawTracepoint(ref(), name));
    }

    /** @throws BpfNotSupportedException on kernels without kprobes */
    public BpfLink attachKprobe(String function, KprobeOptions options) {
        return owner.track(Links.kprobe(ref(), function, options));
    }

    /** A uprobe at {@code function} of {@code binary} (symbol from its .dynsym/.symtab). */
    public BpfLink attachUprobe(Path binary, String function, UprobeOptions options) {
        return owner.track(Links.uprobe(ref(), binary, function, 0, options));
    }

    /** A uprobe at a file offset of {@code binary}. */
    public BpfLink attachUprobe(Path binary, long offset, UprobeOptions options) {
        return owner.track(Links.uprobe(ref(), binary, null, offset, options));
    }

    /** Opens {@code event} on every online CPU (all processes) and attaches to each: sampling. */
    public LinkGroup attachPerfEvent(PerfEvent event) {
        return owner.track(Links.perfEventOnEachCpu(ref(), event));
    }

    /** fentry/fexit/fmod_ret/tp_btf/lsm: the target was fixed at load. */
    public BpfLink attachTrace() {
        return owner.track(Links.tracing(ref(), 0));
    }

    /** An {@code iter/...} program; read it with {@link IterLink#readAll()}. */
    public IterLink attachIter() {
        return owner.track(Links.iter(ref(), null));
    }

    public BpfLink attachXdp(int ifindex, XdpMode mode) {
        return owner.track(Links.xdp(ref(), ifindex, mode));
    }

    /** XDP on an interface of the calling thread's network namespace. */
    public BpfLink attachXdp(String ifname, XdpMode mode) {
        return owner.track(Links.xdp(ref(), ifname, mode));
    }

    public BpfLink attachTcx(int ifindex, TcxDirection direction) {
        return owner.track(Links.tcx(ref(), ifindex, direction));
    }

    public BpfLink attachTcx(String ifname, TcxDirection direction) {
        return owner.track(Links.tcx(ref(), ifname, direction));
    }

    /** A cgroup v2 directory, with the section's attach type. */
    public BpfLink attachCgroup(Path cgroup) {
        return owner.track(Links.cgroup(ref(), cgroup));
    }

    public BpfLink attachCgroup(Path cgroup, AttachType type) {
        return owner.track(Links.cgroup(ref(), cgroup, type));
    }

    /** A network namespace file (sk_lookup, flow dissector), e.g. {@code /run/netns/NAME}. */
    public BpfLink attachNetns(Path netns) {
        return owner.track(Links.netns(ref(), netns));
    }

    /**
     * A socket filter ({@code SO_ATTACH_BPF}) on an open socket; the caller keeps owning {@code socketFd} (the link
     * holds its own reference to the socket). See {@link Links#socketFilter}.
     */
    public BpfLink attachSocket(int socketFd) {
        return owner.track(Links.socketFilter(ref(), socketFd));
    }

    /**
     * This program's current link, like the per-program slot of a libbpf skeleton's {@code links}: the newest
     * still-open link made for it by {@link BpfCollection#attach()}, {@link #attach()} or an {@code attachXxx}
     * method; null before any attachment and after {@link BpfCollection#detach()} or closing the link.
     */
    public BpfLink link() {
        return owner.linkOf(name());
    }

    /** Pins the loaded program at {@code path} on a bpf filesystem, creating missing parent directories. */
    public void pin(Path path) {
        BpfFs.pin(handle(), path, "program '" + name() + "'");
    }

    /** Removes a pin; false when there was none. Open fds (and attachments) keep the program alive. */
    public static boolean unpin(Path path) {
        return BpfFs.unpin(path, "program");
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
        Fd f = fd;
        return f != null && !f.isClosed();
    }

    void loaded(Fd fd, int id) {
        this.expectedAttachType = io.bpfskel.load.ObjectLoader.attachTypeAtLoad(spec);
        this.fd = fd;
        this.id = id;
    }

    void closed() {
        this.closed = true;
        this.fd = null;
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name() + ", " + sectionName() + ", " + type() + (isLoaded() ? ", " + fd : "") + "]";
    }
}

/**
 * bpfskel's runtime: a pure-Java BPF loader and what generated skeletons use.
 *
 * <p>Applications use the exported packages: the collection API ({@code io.bpfskel}), attaching
 * ({@code io.bpfskel.link}), typed maps ({@code io.bpfskel.maps}), ring and perf buffers ({@code io.bpfskel.ringbuf}),
 * the exceptions ({@code io.bpfskel.error}), file descriptors handed out ({@code io.bpfskel.fd}), the kernel's enumerations ({@code io.bpfskel.uapi}) and the support of
 * generated skeletons ({@code io.bpfskel.skel}). The readers, the object model, the loader and the syscall layer are
 * internal; the project's own tools (the annotation processor, the command line, the benchmarks) reach them through
 * qualified exports.
 */
module io.bpfskel {
    requires com.sun.jna;
    // sun.misc.Unsafe for the ring consumer on Java 17–21 (io.bpfskel.ringbuf.RingMemory; 22+ uses java.lang.foreign)
    requires jdk.unsupported;

    exports io.bpfskel;
    exports io.bpfskel.error;
    exports io.bpfskel.fd;
    exports io.bpfskel.link;
    exports io.bpfskel.maps;
    exports io.bpfskel.ringbuf;
    exports io.bpfskel.skel;
    exports io.bpfskel.uapi;
    exports io.bpfskel.usdt;

    exports io.bpfskel.asm to io.bpfskel.cli, io.bpfskel.bench;
    exports io.bpfskel.btf to io.bpfskel.processor, io.bpfskel.cli, io.bpfskel.bench;
    exports io.bpfskel.core to io.bpfskel.cli, io.bpfskel.bench;
    exports io.bpfskel.fleet to io.bpfskel.cli, io.bpfskel.bench;
    exports io.bpfskel.elf to io.bpfskel.processor, io.bpfskel.cli, io.bpfskel.bench;
    exports io.bpfskel.load to io.bpfskel.cli, io.bpfskel.bench;
    exports io.bpfskel.object to io.bpfskel.processor, io.bpfskel.cli, io.bpfskel.bench;
    exports io.bpfskel.sys to io.bpfskel.cli, io.bpfskel.bench;
}

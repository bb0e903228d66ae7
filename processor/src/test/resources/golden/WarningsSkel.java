package test;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfMap;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.BpfProgram;
import io.bpfskel.ExternStatus;
import io.bpfskel.link.BpfLink;
import io.bpfskel.skel.SkeletonSupport;
import io.bpfskel.skel.ViewMemory;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * Typed skeleton of the BPF object {@code warnings.bpf.o}: 1 program(s), 2 map(s), 4 extern(s).
 *
 * <pre>{@code
 * try (WarningsSkel skel = WarningsSkel.open()) {
 *     skel.load();
 * }
 * }</pre>
 * Generated from the object's BTF; recompile when the object changes ({@link #open()} refuses a different object).
 */
@Generated(
        value = "io.bpfskel.processor.BpfSkeletonProcessor",
        comments = "from BPF object warnings.bpf.o"
)
public final class WarningsSkel implements AutoCloseable {
    /**
     * Class path resource of the BPF object, read by {@link #open()}.
     */
    public static final String OBJECT_RESOURCE = "warnings.bpf.o";

    /**
     * SHA-256 of the object this skeleton was generated from; {@link #open()} refuses any other.
     */
    public static final String OBJECT_SHA256 = "<sha256>";

    /**
     * Byte order of the object (its ELF header): the views read and write values in it.
     */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    private final BpfCollection obj;

    private final Maps maps;

    private final Progs progs;

    private final Links links;

    private final Bss bss;

    private WarningsSkel(BpfCollection obj) {
        this.obj = obj;
        this.maps = new Maps(obj);
        this.progs = new Progs(obj);
        this.links = new Links(obj);
        this.bss = new Bss(ViewMemory.section(obj, ".bss", BYTE_ORDER, ViewMemory.Access.READ_WRITE));
    }

    /**
     * Opens the object with default options: reads it from the class path and parses it. Maps, programs and {@code .rodata} values can be changed until {@link #load()}.
     *
     * @throws io.bpfskel.error.BpfException when the object is missing or differs from the one this skeleton was generated from
     */
    public static WarningsSkel open() {
        return open(BpfOpenOptions.defaults());
    }

    /**
     * Opens the object with {@code options}: reads it from the class path (checking its SHA-256 against {@link #OBJECT_SHA256}) and parses it.
     *
     * @throws io.bpfskel.error.BpfException when the object is missing or differs from the one this skeleton was generated from
     */
    public static WarningsSkel open(BpfOpenOptions options) {
        byte[] bytes = SkeletonSupport.readObject(WarningsSkel.class, OBJECT_RESOURCE, OBJECT_SHA256);
        return new WarningsSkel(BpfCollection.open(OBJECT_RESOURCE, bytes, options));
    }

    /**
     * {@link #open()} then {@link #load()}; closes the object when loading fails.
     */
    public static WarningsSkel openAndLoad() {
        return openAndLoad(BpfOpenOptions.defaults());
    }

    /**
     * {@link #open(BpfOpenOptions)} then {@link #load()}; closes the object when loading fails.
     */
    public static WarningsSkel openAndLoad(BpfOpenOptions options) {
        WarningsSkel skel = open(options);
        try {
            skel.load();
            return skel;
        } catch (RuntimeException | Error e) {
            skel.close();
            throw e;
        }
    }

    /**
     * Loads the object into the kernel: resolves externs, creates maps (with the current section values), loads programs. Afterwards {@code .rodata} is frozen, {@code .kconfig} readable and the extern accessors answer.
     */
    public void load() {
        obj.load();
    }

    /**
     * Attaches every auto-attachable program (libbpf's {@code bpf_object__attach_skeleton}): those whose section says where; programs still attached are skipped. Each program's link is then in {@link #links()}.
     */
    public void attach() {
        obj.attach();
    }

    /**
     * Destroys every link made by {@link #attach()} and by the programs' attach methods.
     */
    public void detach() {
        obj.detach();
    }

    /**
     * The underlying collection, for everything the skeleton does not wrap.
     */
    public BpfCollection object() {
        return obj;
    }

    /**
     * The object's maps, internal ones included.
     */
    public Maps maps() {
        return maps;
    }

    /**
     * The object's programs.
     */
    public Progs progs() {
        return progs;
    }

    /**
     * Each program's current link (null until it is attached).
     */
    public Links links() {
        return links;
    }

    /**
     * Section {@code .bss} (8 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public Bss bss() {
        return bss;
    }

    /**
     * Whether the loader resolved this kfunc:
     * <pre>{@code
     * extern int bpf_strlen___a(const char *) __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 0; the loader searches the kernel for {@code bpf_strlen} (flavor {@code a}).
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasBpfStrlenA() {
        return obj.extern("bpf_strlen___a").resolved();
    }

    /**
     * Whether the loader resolved this kfunc:
     * <pre>{@code
     * extern long bpf_strlen___b(const unsigned char *) __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 1; the loader searches the kernel for {@code bpf_strlen} (flavor {@code b}).
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasBpfStrlenB() {
        return obj.extern("bpf_strlen___b").resolved();
    }

    /**
     * Whether the loader resolved this kfunc:
     * <pre>{@code
     * extern int bpf_strlen___strong(const char *) __ksym;
     * }</pre>
     * Section {@code .ksyms}, extern index 2; the loader searches the kernel for {@code bpf_strlen} (flavor {@code strong}).
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasBpfStrlenStrong() {
        return obj.extern("bpf_strlen___strong").resolved();
    }

    /**
     * Whether the loader resolved this typed ksym variable (resolved by BTF id):
     * <pre>{@code
     * extern volatile const unsigned long jiffies___x __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 3; the loader searches the kernel for {@code jiffies___x}.
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasJiffiesX() {
        return obj.extern("jiffies___x").resolved();
    }

    /**
     * The flavors of kfunc {@code bpf_strlen} the loader resolved (an {@link java.util.EnumSet}; empty when none did). Each flavor is resolved independently against the kernel's {@code bpf_strlen}; several may resolve at once.
     * <pre>{@code
     * extern int bpf_strlen___a(const char *) __ksym __weak;
     * extern long bpf_strlen___b(const unsigned char *) __ksym __weak;
     * extern int bpf_strlen___strong(const char *) __ksym;
     * }</pre>
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public Set<BpfStrlenFlavor> bpfStrlenFlavors() {
        EnumSet<BpfStrlenFlavor> resolved = EnumSet.noneOf(BpfStrlenFlavor.class);
        for (BpfStrlenFlavor flavor : BpfStrlenFlavor.values()) {
            if (obj.extern(flavor.externName()).resolved()) {
                resolved.add(flavor);
            }
        }
        return resolved;
    }

    /**
     * The loader's resolution of every extern (name, essential name, kind, weak, resolved, kernel BTF id, module), in libbpf's extern order.
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public List<ExternStatus> externs() {
        return obj.externs();
    }

    /**
     * Closes the object: unloads programs and maps (links go with them).
     */
    @Override
    public void close() {
        obj.close();
    }

    /**
     * The object's maps. Each map has a plain accessor named after it, returning the {@link io.bpfskel.BpfMap}; maps of plain-data kinds (hash, array, LRU, LPM trie, their per-CPU forms, queue, stack, bloom filter) with BTF key/value types also have {@code <name>Typed()}, returning the view of {@code io.bpfskel.maps} with codecs derived from those types.
     */
    public static final class Maps {
        private final BpfCollection obj;

        Maps(BpfCollection obj) {
            this.obj = obj;
        }

        /**
         * Internal map of section {@code .rodata.str1.1} (kernel name {@code .rodata.str1.1}): ARRAY, key 4 bytes, value 8 bytes, max_entries 1, flags 0x80.
         */
        public BpfMap rodataStr11() {
            return obj.map(".rodata.str1.1");
        }

        /**
         * Internal map of section {@code .bss} (kernel name {@code warnings.bss}): ARRAY, key 4 bytes, value 8 bytes, max_entries 1, flags 0x400.
         */
        public BpfMap bss() {
            return obj.map(".bss");
        }
    }

    /**
     * The object's programs.
     */
    public static final class Progs {
        private final BpfCollection obj;

        Progs(BpfCollection obj) {
            this.obj = obj;
        }

        /**
         * Program {@code warnings_run}:
         * <pre>{@code
         * SEC("syscall")
         * int warnings_run(void *ctx)
         * }</pre>
         * Program type SYSCALL.
         */
        public BpfProgram warningsRun() {
            return obj.program("warnings_run");
        }
    }

    /**
     * The programs' links, like the {@code links} of a libbpf skeleton: each accessor returns the program's newest open link, made by {@link WarningsSkel#attach()} or one of the program's attach methods; null before it is attached and after {@link WarningsSkel#detach()} or closing the link.
     */
    public static final class Links {
        private final BpfCollection obj;

        Links(BpfCollection obj) {
            this.obj = obj;
        }

        /**
         * The current link of program {@code warnings_run}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink warningsRun() {
            return obj.program("warnings_run").link();
        }
    }

    /**
     * Section {@code .bss} (8 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public static final class Bss {
        private final ViewMemory mem;

        Bss(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code __u64 total;}
         * <p>Section {@code .bss}, offset 0, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long total() {
            return mem.getLong(0);
        }

        /**
         * Sets {@code __u64 total;}
         * <p>Section {@code .bss}, offset 0, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         *
         * @return this view, for chaining
         */
        public Bss total(long value) {
            mem.putLong(0, value);
            return this;
        }
    }

    /**
     * The flavors of kfunc {@code bpf_strlen} this object declares.
     */
    public enum BpfStrlenFlavor {
        /**
         * {@code extern int bpf_strlen___a(const char *) __ksym __weak;}
         */
        A("bpf_strlen___a"),

        /**
         * {@code extern long bpf_strlen___b(const unsigned char *) __ksym __weak;}
         */
        B("bpf_strlen___b"),

        /**
         * {@code extern int bpf_strlen___strong(const char *) __ksym;}
         */
        STRONG("bpf_strlen___strong");

        private final String externName;

        BpfStrlenFlavor(String externName) {
            this.externName = externName;
        }

        /**
         * The extern's full name, as declared in the BPF object.
         */
        public String externName() {
            return externName;
        }
    }
}

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
 * Typed skeleton of the BPF object {@code flavors.bpf.o}: 1 program(s), 3 map(s), 8 extern(s).
 *
 * <pre>{@code
 * try (FlavorsSkel skel = FlavorsSkel.open()) {
 *     skel.load();
 * }
 * }</pre>
 * Generated from the object's BTF; recompile when the object changes ({@link #open()} refuses a different object).
 */
@Generated(
        value = "io.bpfskel.processor.BpfSkeletonProcessor",
        comments = "from BPF object flavors.bpf.o"
)
public final class FlavorsSkel implements AutoCloseable {
    /**
     * Class path resource of the BPF object, read by {@link #open()}.
     */
    public static final String OBJECT_RESOURCE = "flavors.bpf.o";

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

    private final Rodata rodata;

    private final Data data;

    private final Bss bss;

    private FlavorsSkel(BpfCollection obj) {
        this.obj = obj;
        this.maps = new Maps(obj);
        this.progs = new Progs(obj);
        this.links = new Links(obj);
        this.rodata = new Rodata(ViewMemory.section(obj, ".rodata", BYTE_ORDER, ViewMemory.Access.WRITE_BEFORE_LOAD));
        this.data = new Data(ViewMemory.section(obj, ".data", BYTE_ORDER, ViewMemory.Access.READ_WRITE));
        this.bss = new Bss(ViewMemory.section(obj, ".bss", BYTE_ORDER, ViewMemory.Access.READ_WRITE));
    }

    /**
     * Opens the object with default options: reads it from the class path and parses it. Maps, programs and {@code .rodata} values can be changed until {@link #load()}.
     *
     * @throws io.bpfskel.error.BpfException when the object is missing or differs from the one this skeleton was generated from
     */
    public static FlavorsSkel open() {
        return open(BpfOpenOptions.defaults());
    }

    /**
     * Opens the object with {@code options}: reads it from the class path (checking its SHA-256 against {@link #OBJECT_SHA256}) and parses it.
     *
     * @throws io.bpfskel.error.BpfException when the object is missing or differs from the one this skeleton was generated from
     */
    public static FlavorsSkel open(BpfOpenOptions options) {
        byte[] bytes = SkeletonSupport.readObject(FlavorsSkel.class, OBJECT_RESOURCE, OBJECT_SHA256);
        return new FlavorsSkel(BpfCollection.open(OBJECT_RESOURCE, bytes, options));
    }

    /**
     * {@link #open()} then {@link #load()}; closes the object when loading fails.
     */
    public static FlavorsSkel openAndLoad() {
        return openAndLoad(BpfOpenOptions.defaults());
    }

    /**
     * {@link #open(BpfOpenOptions)} then {@link #load()}; closes the object when loading fails.
     */
    public static FlavorsSkel openAndLoad(BpfOpenOptions options) {
        FlavorsSkel skel = open(options);
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
     * Section {@code .rodata} (68 bytes): writable only before {@code load()} (the kernel freezes it at load; setters then throw {@link IllegalStateException}), readable any time.
     */
    public Rodata rodata() {
        return rodata;
    }

    /**
     * Section {@code .data} (4 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public Data data() {
        return data;
    }

    /**
     * Section {@code .bss} (12 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public Bss bss() {
        return bss;
    }

    /**
     * Whether the loader resolved this typeless ksym (resolved by address from /proc/kallsyms):
     * <pre>{@code
     * extern const void bpf_link_fops __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 0; the loader searches the kernel for {@code bpf_link_fops}.
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasBpfLinkFops() {
        return obj.extern("bpf_link_fops").resolved();
    }

    /**
     * Whether the loader resolved this kfunc:
     * <pre>{@code
     * extern int bpf_strlen___new(const char *) __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 1; the loader searches the kernel for {@code bpf_strlen} (flavor {@code new}).
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasBpfStrlenNew() {
        return obj.extern("bpf_strlen___new").resolved();
    }

    /**
     * Whether the loader resolved this kfunc:
     * <pre>{@code
     * extern int bpf_strlen___old(const char *, int) __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 2; the loader searches the kernel for {@code bpf_strlen} (flavor {@code old}).
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasBpfStrlenOld() {
        return obj.extern("bpf_strlen___old").resolved();
    }

    /**
     * Whether the loader resolved this kfunc:
     * <pre>{@code
     * extern struct task_struct *bpf_task_from_pid(__s32) __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 3; the loader searches the kernel for {@code bpf_task_from_pid}.
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasBpfTaskFromPid() {
        return obj.extern("bpf_task_from_pid").resolved();
    }

    /**
     * Whether the loader resolved this kfunc:
     * <pre>{@code
     * extern void bpf_task_release(struct task_struct *) __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 4; the loader searches the kernel for {@code bpf_task_release}.
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasBpfTaskRelease() {
        return obj.extern("bpf_task_release").resolved();
    }

    /**
     * Whether the loader resolved this typed ksym variable (resolved by BTF id):
     * <pre>{@code
     * extern const struct rq runqueues __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 5; the loader searches the kernel for {@code runqueues}.
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasRunqueues() {
        return obj.extern("runqueues").resolved();
    }

    /**
     * Whether the loader resolved this kfunc:
     * <pre>{@code
     * extern int some_kfunc___new(void *, __u64) __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 6; the loader searches the kernel for {@code some_kfunc} (flavor {@code new}).
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasSomeKfuncNew() {
        return obj.extern("some_kfunc___new").resolved();
    }

    /**
     * Whether the loader resolved this kfunc:
     * <pre>{@code
     * extern int some_kfunc___old(void *) __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 7; the loader searches the kernel for {@code some_kfunc} (flavor {@code old}).
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasSomeKfuncOld() {
        return obj.extern("some_kfunc___old").resolved();
    }

    /**
     * The flavors of kfunc {@code bpf_strlen} the loader resolved (an {@link java.util.EnumSet}; empty when none did). Each flavor is resolved independently against the kernel's {@code bpf_strlen}; several may resolve at once.
     * <pre>{@code
     * extern int bpf_strlen___new(const char *) __ksym __weak;
     * extern int bpf_strlen___old(const char *, int) __ksym __weak;
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
     * The flavors of kfunc {@code some_kfunc} the loader resolved (an {@link java.util.EnumSet}; empty when none did). Each flavor is resolved independently against the kernel's {@code some_kfunc}; several may resolve at once.
     * <pre>{@code
     * extern int some_kfunc___new(void *, __u64) __ksym __weak;
     * extern int some_kfunc___old(void *) __ksym __weak;
     * }</pre>
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public Set<SomeKfuncFlavor> someKfuncFlavors() {
        EnumSet<SomeKfuncFlavor> resolved = EnumSet.noneOf(SomeKfuncFlavor.class);
        for (SomeKfuncFlavor flavor : SomeKfuncFlavor.values()) {
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
         * Internal map of section {@code .rodata} (kernel name {@code flavors.rodata}): ARRAY, key 4 bytes, value 68 bytes, max_entries 1, flags 0x480.
         */
        public BpfMap rodata() {
            return obj.map(".rodata");
        }

        /**
         * Internal map of section {@code .data} (kernel name {@code flavors.data}): ARRAY, key 4 bytes, value 4 bytes, max_entries 1, flags 0x400.
         */
        public BpfMap data() {
            return obj.map(".data");
        }

        /**
         * Internal map of section {@code .bss} (kernel name {@code flavors.bss}): ARRAY, key 4 bytes, value 12 bytes, max_entries 1, flags 0x400.
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
         * Program {@code flavors_run}:
         * <pre>{@code
         * SEC("syscall")
         * int flavors_run(void *ctx)
         * }</pre>
         * Program type SYSCALL.
         */
        public BpfProgram flavorsRun() {
            return obj.program("flavors_run");
        }
    }

    /**
     * The programs' links, like the {@code links} of a libbpf skeleton: each accessor returns the program's newest open link, made by {@link FlavorsSkel#attach()} or one of the program's attach methods; null before it is attached and after {@link FlavorsSkel#detach()} or closing the link.
     */
    public static final class Links {
        private final BpfCollection obj;

        Links(BpfCollection obj) {
            this.obj = obj;
        }

        /**
         * The current link of program {@code flavors_run}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink flavorsRun() {
            return obj.program("flavors_run").link();
        }
    }

    /**
     * Section {@code .rodata} (68 bytes): writable only before {@code load()} (the kernel freezes it at load; setters then throw {@link IllegalStateException}), readable any time.
     */
    public static final class Rodata {
        private final ViewMemory mem;

        Rodata(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code volatile const __s32 target_pid;}
         * <p>Section {@code .rodata}, offset 0, size 4.
         */
        public int targetPid() {
            return mem.getInt(0);
        }

        /**
         * Sets {@code volatile const __s32 target_pid;}
         * <p>Section {@code .rodata}, offset 0, size 4. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.
         *
         * @return this view, for chaining
         */
        public Rodata targetPid(int value) {
            mem.putInt(0, value);
            return this;
        }

        /**
         * {@code volatile const char input[64];}
         * <p>Section {@code .rodata}, offset 4, size 64. As a C string: UTF-8 up to the first NUL.
         */
        public String input() {
            return mem.getString(4, 64);
        }

        /**
         * {@code volatile const char input[64];}
         * <p>Section {@code .rodata}, offset 4, size 64. A copy of all 64 bytes.
         */
        public byte[] inputBytes() {
            return mem.getBytes(4, 64);
        }

        /**
         * Sets {@code volatile const char input[64];}
         * <p>Section {@code .rodata}, offset 4, size 64. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}. At most 63 bytes of UTF-8, then NUL-padded.
         *
         * @return this view, for chaining
         */
        public Rodata input(String value) {
            mem.putString(4, 64, value);
            return this;
        }

        /**
         * Sets {@code volatile const char input[64];}
         * <p>Section {@code .rodata}, offset 4, size 64. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}. At most 64 bytes, then zero-padded.
         *
         * @return this view, for chaining
         */
        public Rodata inputBytes(byte[] value) {
            mem.putBytes(4, 64, value);
            return this;
        }
    }

    /**
     * Section {@code .data} (4 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public static final class Data {
        private final ViewMemory mem;

        Data(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code __s32 length;}
         * <p>Section {@code .data}, offset 0, size 4.
         */
        public int length() {
            return mem.getInt(0);
        }

        /**
         * Sets {@code __s32 length;}
         * <p>Section {@code .data}, offset 0, size 4.
         *
         * @return this view, for chaining
         */
        public Data length(int value) {
            mem.putInt(0, value);
            return this;
        }
    }

    /**
     * Section {@code .bss} (12 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public static final class Bss {
        private final ViewMemory mem;

        Bss(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code __u64 counter;}
         * <p>Section {@code .bss}, offset 0, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long counter() {
            return mem.getLong(0);
        }

        /**
         * Sets {@code __u64 counter;}
         * <p>Section {@code .bss}, offset 0, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         *
         * @return this view, for chaining
         */
        public Bss counter(long value) {
            mem.putLong(0, value);
            return this;
        }

        /**
         * {@code __u32 branch;}
         * <p>Section {@code .bss}, offset 8, size 4. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int branch() {
            return mem.getInt(8);
        }

        /**
         * Sets {@code __u32 branch;}
         * <p>Section {@code .bss}, offset 8, size 4. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public Bss branch(int value) {
            mem.putInt(8, value);
            return this;
        }
    }

    /**
     * The flavors of kfunc {@code bpf_strlen} this object declares.
     */
    public enum BpfStrlenFlavor {
        /**
         * {@code extern int bpf_strlen___new(const char *) __ksym __weak;}
         */
        NEW("bpf_strlen___new"),

        /**
         * {@code extern int bpf_strlen___old(const char *, int) __ksym __weak;}
         */
        OLD("bpf_strlen___old");

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

    /**
     * The flavors of kfunc {@code some_kfunc} this object declares.
     */
    public enum SomeKfuncFlavor {
        /**
         * {@code extern int some_kfunc___new(void *, __u64) __ksym __weak;}
         */
        NEW("some_kfunc___new"),

        /**
         * {@code extern int some_kfunc___old(void *) __ksym __weak;}
         */
        OLD("some_kfunc___old");

        private final String externName;

        SomeKfuncFlavor(String externName) {
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

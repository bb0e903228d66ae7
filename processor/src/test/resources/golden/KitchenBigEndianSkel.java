package test;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfMap;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.BpfProgram;
import io.bpfskel.ExternStatus;
import io.bpfskel.link.BpfLink;
import io.bpfskel.maps.Codec;
import io.bpfskel.maps.Codecs;
import io.bpfskel.maps.TypedMap;
import io.bpfskel.skel.SkeletonSupport;
import io.bpfskel.skel.ViewMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Typed skeleton of the BPF object {@code kitchen.bpf.o}: 2 program(s), 9 map(s), 5 extern(s).
 *
 * <pre>{@code
 * try (KitchenBigEndianSkel skel = KitchenBigEndianSkel.open()) {
 *     skel.load();
 * }
 * }</pre>
 * Generated from the object's BTF; recompile when the object changes ({@link #open()} refuses a different object).
 */
@Generated(
        value = "io.bpfskel.processor.BpfSkeletonProcessor",
        comments = "from BPF object kitchen.bpf.o"
)
public final class KitchenBigEndianSkel implements AutoCloseable {
    /**
     * Class path resource of the BPF object, read by {@link #open()}.
     */
    public static final String OBJECT_RESOURCE = "kitchen.bpf.o";

    /**
     * SHA-256 of the object this skeleton was generated from; {@link #open()} refuses any other.
     */
    public static final String OBJECT_SHA256 = "<sha256>";

    /**
     * Byte order of the object (its ELF header): the views read and write values in it.
     */
    public static final ByteOrder BYTE_ORDER = ByteOrder.BIG_ENDIAN;

    private final BpfCollection obj;

    private final Maps maps;

    private final Progs progs;

    private final Links links;

    private final Data data;

    private final Rodata rodata;

    private final DataFoo dataFoo;

    private final RodataBar rodataBar;

    private final Bss bss;

    private final Kconfig kconfig;

    private KitchenBigEndianSkel(BpfCollection obj) {
        this.obj = obj;
        this.maps = new Maps(obj);
        this.progs = new Progs(obj);
        this.links = new Links(obj);
        this.data = new Data(ViewMemory.section(obj, ".data", BYTE_ORDER, ViewMemory.Access.READ_WRITE));
        this.rodata = new Rodata(ViewMemory.section(obj, ".rodata", BYTE_ORDER, ViewMemory.Access.WRITE_BEFORE_LOAD));
        this.dataFoo = new DataFoo(ViewMemory.section(obj, ".data.foo", BYTE_ORDER, ViewMemory.Access.READ_WRITE));
        this.rodataBar = new RodataBar(ViewMemory.section(obj, ".rodata.bar", BYTE_ORDER, ViewMemory.Access.WRITE_BEFORE_LOAD));
        this.bss = new Bss(ViewMemory.section(obj, ".bss", BYTE_ORDER, ViewMemory.Access.READ_WRITE));
        this.kconfig = new Kconfig(ViewMemory.section(obj, ".kconfig", BYTE_ORDER, ViewMemory.Access.READ_AFTER_LOAD));
    }

    /**
     * Opens the object with default options: reads it from the class path and parses it. Maps, programs and {@code .rodata} values can be changed until {@link #load()}.
     *
     * @throws io.bpfskel.error.BpfException when the object is missing or differs from the one this skeleton was generated from
     */
    public static KitchenBigEndianSkel open() {
        return open(BpfOpenOptions.defaults());
    }

    /**
     * Opens the object with {@code options}: reads it from the class path (checking its SHA-256 against {@link #OBJECT_SHA256}) and parses it.
     *
     * @throws io.bpfskel.error.BpfException when the object is missing or differs from the one this skeleton was generated from
     */
    public static KitchenBigEndianSkel open(BpfOpenOptions options) {
        byte[] bytes = SkeletonSupport.readObject(KitchenBigEndianSkel.class, OBJECT_RESOURCE, OBJECT_SHA256);
        return new KitchenBigEndianSkel(BpfCollection.open(OBJECT_RESOURCE, bytes, options));
    }

    /**
     * {@link #open()} then {@link #load()}; closes the object when loading fails.
     */
    public static KitchenBigEndianSkel openAndLoad() {
        return openAndLoad(BpfOpenOptions.defaults());
    }

    /**
     * {@link #open(BpfOpenOptions)} then {@link #load()}; closes the object when loading fails.
     */
    public static KitchenBigEndianSkel openAndLoad(BpfOpenOptions options) {
        KitchenBigEndianSkel skel = open(options);
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
     * Section {@code .data} (112 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public Data data() {
        return data;
    }

    /**
     * Section {@code .rodata} (47 bytes): writable only before {@code load()} (the kernel freezes it at load; setters then throw {@link IllegalStateException}), readable any time.
     */
    public Rodata rodata() {
        return rodata;
    }

    /**
     * Section {@code .data.foo} (12 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public DataFoo dataFoo() {
        return dataFoo;
    }

    /**
     * Section {@code .rodata.bar} (8 bytes): writable only before {@code load()} (the kernel freezes it at load; setters then throw {@link IllegalStateException}), readable any time.
     */
    public RodataBar rodataBar() {
        return rodataBar;
    }

    /**
     * Section {@code .bss} (304 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public Bss bss() {
        return bss;
    }

    /**
     * Section {@code .kconfig} (29 bytes): the kconfig externs, filled by the loader from the running kernel (and {@code BpfOpenOptions.kconfig}). Readable only after {@code load()}: before, every accessor throws {@link IllegalStateException}. Read-only.
     */
    public Kconfig kconfig() {
        return kconfig;
    }

    /**
     * The loader's resolution of every extern (name, essential name, kind, weak, resolved, kernel BTF id, module), in libbpf's extern order.
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public java.util.List<ExternStatus> externs() {
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
         * Map {@code points_by_pid} from section {@code .maps} (kernel name {@code points_by_pid}): HASH, key 4 bytes ({@code __u32}), value 8 bytes ({@code struct point}), max_entries 128.
         */
        public BpfMap pointsByPid() {
            return obj.map("points_by_pid");
        }

        /**
         * Map {@code events} from section {@code .maps} (kernel name {@code events}): RINGBUF, key 0 bytes, value 0 bytes, max_entries 4096.
         */
        public BpfMap events() {
            return obj.map("events");
        }

        /**
         * Internal map of section {@code .data} (kernel name {@code kitchen.data}): ARRAY, key 4 bytes, value 112 bytes, max_entries 1, flags 0x400.
         */
        public BpfMap data() {
            return obj.map(".data");
        }

        /**
         * Internal map of section {@code .rodata} (kernel name {@code kitchen.rodata}): ARRAY, key 4 bytes, value 47 bytes, max_entries 1, flags 0x480.
         */
        public BpfMap rodata() {
            return obj.map(".rodata");
        }

        /**
         * Internal map of section {@code .data.foo} (kernel name {@code .data.foo}): ARRAY, key 4 bytes, value 12 bytes, max_entries 1, flags 0x400.
         */
        public BpfMap dataFoo() {
            return obj.map(".data.foo");
        }

        /**
         * Internal map of section {@code .rodata.bar} (kernel name {@code .rodata.bar}): ARRAY, key 4 bytes, value 8 bytes, max_entries 1, flags 0x480.
         */
        public BpfMap rodataBar() {
            return obj.map(".rodata.bar");
        }

        /**
         * Internal map of section {@code .bss} (kernel name {@code kitchen.bss}): ARRAY, key 4 bytes, value 304 bytes, max_entries 1, flags 0x400.
         */
        public BpfMap bss() {
            return obj.map(".bss");
        }

        /**
         * Internal map of section {@code .rodata.str1.1} (kernel name {@code .rodata.str1.1}): ARRAY, key 4 bytes, value 15 bytes, max_entries 1, flags 0x80.
         */
        public BpfMap rodataStr11() {
            return obj.map(".rodata.str1.1");
        }

        /**
         * Internal map of section {@code .kconfig} (kernel name {@code kitchen.kconfig}): ARRAY, key 4 bytes, value 29 bytes, max_entries 1, flags 0x480.
         */
        public BpfMap kconfig() {
            return obj.map(".kconfig");
        }

        /**
         * The typed view of map {@code points_by_pid} (a new view on each call, over {@link #pointsByPid()}).
         * <p>The key (4 bytes) is an unsigned integer, widened to the next larger Java type so it is never negative ({@code __u64} stays a {@code long}: read it with {@code Long.toUnsignedString}).
         * <p>The value (8 bytes) is the record {@link PointValue} (fields at their BTF offsets).
         */
        public TypedMap<Long, PointValue> pointsByPidTyped() {
            return obj.map("points_by_pid").typed(Codecs.uint32(), PointValue.CODEC);
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
         * Program {@code kitchen_run}:
         * <pre>{@code
         * SEC("syscall")
         * int kitchen_run(void *ctx)
         * }</pre>
         * Program type SYSCALL.
         */
        public BpfProgram kitchenRun() {
            return obj.program("kitchen_run");
        }

        /**
         * Program {@code handle_getpid}:
         * <pre>{@code
         * SEC("tp/syscalls/sys_enter_getpid")
         * int handle_getpid(void *ctx)
         * }</pre>
         * Program type TRACEPOINT.
         */
        public BpfProgram handleGetpid() {
            return obj.program("handle_getpid");
        }
    }

    /**
     * The programs' links, like the {@code links} of a libbpf skeleton: each accessor returns the program's newest open link, made by {@link KitchenBigEndianSkel#attach()} or one of the program's attach methods; null before it is attached and after {@link KitchenBigEndianSkel#detach()} or closing the link.
     */
    public static final class Links {
        private final BpfCollection obj;

        Links(BpfCollection obj) {
            this.obj = obj;
        }

        /**
         * The current link of program {@code kitchen_run}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink kitchenRun() {
            return obj.program("kitchen_run").link();
        }

        /**
         * The current link of program {@code handle_getpid}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink handleGetpid() {
            return obj.program("handle_getpid").link();
        }
    }

    /**
     * Section {@code .data} (112 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public static final class Data {
        private final ViewMemory mem;

        Data(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code struct config init_cfg;}
         * <p>Section {@code .data}, offset 0, size 64. A view of the same memory.
         */
        public Config initCfg() {
            return new Config(mem, 0);
        }

        /**
         * {@code struct list lst;}
         * <p>Section {@code .data}, offset 64, size 4. A view of the same memory.
         */
        public List lst() {
            return new List(mem, 64);
        }

        /**
         * {@code char comm[16];}
         * <p>Section {@code .data}, offset 68, size 16. As a C string: UTF-8 up to the first NUL.
         */
        public String comm() {
            return mem.getString(68, 16);
        }

        /**
         * {@code char comm[16];}
         * <p>Section {@code .data}, offset 68, size 16. A copy of all 16 bytes.
         */
        public byte[] commBytes() {
            return mem.getBytes(68, 16);
        }

        /**
         * Sets {@code char comm[16];}
         * <p>Section {@code .data}, offset 68, size 16. At most 15 bytes of UTF-8, then NUL-padded.
         *
         * @return this view, for chaining
         */
        public Data comm(String value) {
            mem.putString(68, 16, value);
            return this;
        }

        /**
         * Sets {@code char comm[16];}
         * <p>Section {@code .data}, offset 68, size 16. At most 16 bytes, then zero-padded.
         *
         * @return this view, for chaining
         */
        public Data commBytes(byte[] value) {
            mem.putBytes(68, 16, value);
            return this;
        }

        /**
         * {@code __u8 raw[8];}
         * <p>Section {@code .data}, offset 84, size 8. Unsigned 8-bit, held in a {@code byte}: use {@code Byte.toUnsignedInt}.
         *
         * @param i index, 0 to 7
         * @throws IndexOutOfBoundsException when an index is out of range
         */
        public byte raw(int i) {
            return mem.getByte(84 + Objects.checkIndex(i, 8));
        }

        /**
         * Sets {@code __u8 raw[8];}
         * <p>Section {@code .data}, offset 84, size 8. Unsigned 8-bit, held in a {@code byte}: use {@code Byte.toUnsignedInt}.
         *
         * @param i index, 0 to 7
         * @throws IndexOutOfBoundsException when an index is out of range
         * @return this view, for chaining
         */
        public Data raw(int i, byte value) {
            mem.putByte(84 + Objects.checkIndex(i, 8), value);
            return this;
        }

        /**
         * {@code int data_int;}
         * <p>Section {@code .data}, offset 92, size 4.
         */
        public int dataInt() {
            return mem.getInt(92);
        }

        /**
         * Sets {@code int data_int;}
         * <p>Section {@code .data}, offset 92, size 4.
         *
         * @return this view, for chaining
         */
        public Data dataInt(int value) {
            mem.putInt(92, value);
            return this;
        }

        /**
         * {@code float ratio;}
         * <p>Section {@code .data}, offset 96, size 4.
         */
        public float ratio() {
            return mem.getFloat(96);
        }

        /**
         * Sets {@code float ratio;}
         * <p>Section {@code .data}, offset 96, size 4.
         *
         * @return this view, for chaining
         */
        public Data ratio(float value) {
            mem.putFloat(96, value);
            return this;
        }

        /**
         * {@code double precise;}
         * <p>Section {@code .data}, offset 104, size 8.
         */
        public double precise() {
            return mem.getDouble(104);
        }

        /**
         * Sets {@code double precise;}
         * <p>Section {@code .data}, offset 104, size 8.
         *
         * @return this view, for chaining
         */
        public Data precise(double value) {
            mem.putDouble(104, value);
            return this;
        }
    }

    /**
     * Section {@code .rodata} (47 bytes): writable only before {@code load()} (the kernel freezes it at load; setters then throw {@link IllegalStateException}), readable any time.
     */
    public static final class Rodata {
        private final ViewMemory mem;

        Rodata(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code volatile const __u32 target_pid;}
         * <p>Section {@code .rodata}, offset 0, size 4. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int targetPid() {
            return mem.getInt(0);
        }

        /**
         * Sets {@code volatile const __u32 target_pid;}
         * <p>Section {@code .rodata}, offset 0, size 4. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.
         *
         * @return this view, for chaining
         */
        public Rodata targetPid(int value) {
            mem.putInt(0, value);
            return this;
        }

        /**
         * {@code volatile const _Bool enabled;}
         * <p>Section {@code .rodata}, offset 4, size 1.
         */
        public boolean enabled() {
            return mem.getBoolean(4);
        }

        /**
         * Sets {@code volatile const _Bool enabled;}
         * <p>Section {@code .rodata}, offset 4, size 1. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.
         *
         * @return this view, for chaining
         */
        public Rodata enabled(boolean value) {
            mem.putBoolean(4, value);
            return this;
        }

        /**
         * {@code volatile const char greeting[32];}
         * <p>Section {@code .rodata}, offset 5, size 32. As a C string: UTF-8 up to the first NUL.
         */
        public String greeting() {
            return mem.getString(5, 32);
        }

        /**
         * {@code volatile const char greeting[32];}
         * <p>Section {@code .rodata}, offset 5, size 32. A copy of all 32 bytes.
         */
        public byte[] greetingBytes() {
            return mem.getBytes(5, 32);
        }

        /**
         * Sets {@code volatile const char greeting[32];}
         * <p>Section {@code .rodata}, offset 5, size 32. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}. At most 31 bytes of UTF-8, then NUL-padded.
         *
         * @return this view, for chaining
         */
        public Rodata greeting(String value) {
            mem.putString(5, 32, value);
            return this;
        }

        /**
         * Sets {@code volatile const char greeting[32];}
         * <p>Section {@code .rodata}, offset 5, size 32. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}. At most 32 bytes, then zero-padded.
         *
         * @return this view, for chaining
         */
        public Rodata greetingBytes(byte[] value) {
            mem.putBytes(5, 32, value);
            return this;
        }
    }

    /**
     * Section {@code .data.foo} (12 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public static final class DataFoo {
        private final ViewMemory mem;

        DataFoo(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code __u32 foo_hits;}
         * <p>Section {@code .data.foo}, offset 0, size 4. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int fooHits() {
            return mem.getInt(0);
        }

        /**
         * Sets {@code __u32 foo_hits;}
         * <p>Section {@code .data.foo}, offset 0, size 4. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public DataFoo fooHits(int value) {
            mem.putInt(0, value);
            return this;
        }

        /**
         * {@code struct point foo_where;}
         * <p>Section {@code .data.foo}, offset 4, size 8. A view of the same memory.
         */
        public Point fooWhere() {
            return new Point(mem, 4);
        }
    }

    /**
     * Section {@code .rodata.bar} (8 bytes): writable only before {@code load()} (the kernel freezes it at load; setters then throw {@link IllegalStateException}), readable any time.
     */
    public static final class RodataBar {
        private final ViewMemory mem;

        RodataBar(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code volatile const __u64 bar_limit;}
         * <p>Section {@code .rodata.bar}, offset 0, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long barLimit() {
            return mem.getLong(0);
        }

        /**
         * Sets {@code volatile const __u64 bar_limit;}
         * <p>Section {@code .rodata.bar}, offset 0, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.
         *
         * @return this view, for chaining
         */
        public RodataBar barLimit(long value) {
            mem.putLong(0, value);
            return this;
        }
    }

    /**
     * Section {@code .bss} (304 bytes): readable and writable before and after {@code load()}; after load the accessors work on the memory-mapped map shared with the kernel.
     */
    public static final class Bss {
        private final ViewMemory mem;

        Bss(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code int class;}
         * <p>Section {@code .bss}, offset 20, size 4.
         */
        public int class_() {
            return mem.getInt(20);
        }

        /**
         * Sets {@code int class;}
         * <p>Section {@code .bss}, offset 20, size 4.
         *
         * @return this view, for chaining
         */
        public Bss class_(int value) {
            mem.putInt(20, value);
            return this;
        }

        /**
         * {@code int wait;}
         * <p>Section {@code .bss}, offset 24, size 4.
         */
        public int wait_() {
            return mem.getInt(24);
        }

        /**
         * Sets {@code int wait;}
         * <p>Section {@code .bss}, offset 24, size 4.
         *
         * @return this view, for chaining
         */
        public Bss wait_(int value) {
            mem.putInt(24, value);
            return this;
        }

        /**
         * {@code struct Point cap_point;}
         * <p>Section {@code .bss}, offset 32, size 8. A view of the same memory.
         */
        public Point2 capPoint() {
            return new Point2(mem, 32);
        }

        /**
         * {@code struct maps maps_struct;}
         * <p>Section {@code .bss}, offset 40, size 4. A view of the same memory.
         */
        public Maps2 mapsStruct() {
            return new Maps2(mem, 40);
        }

        /**
         * {@code struct config cfg;}
         * <p>Section {@code .bss}, offset 48, size 64. A view of the same memory.
         */
        public Config cfg() {
            return new Config(mem, 48);
        }

        /**
         * {@code struct {...} anon;}
         * <p>Section {@code .bss}, offset 112, size 8. A view of the same memory.
         */
        public BssAnon anon() {
            return new BssAnon(mem, 112);
        }

        /**
         * {@code int matrix[2][3];}
         * <p>Section {@code .bss}, offset 120, size 24.
         *
         * @param i index, 0 to 1
         * @param j index, 0 to 2
         * @throws IndexOutOfBoundsException when an index is out of range
         */
        public int matrix(int i, int j) {
            return mem.getInt(120 + Objects.checkIndex(i, 2) * 12 + Objects.checkIndex(j, 3) * 4);
        }

        /**
         * Sets {@code int matrix[2][3];}
         * <p>Section {@code .bss}, offset 120, size 24.
         *
         * @param i index, 0 to 1
         * @param j index, 0 to 2
         * @throws IndexOutOfBoundsException when an index is out of range
         * @return this view, for chaining
         */
        public Bss matrix(int i, int j, int value) {
            mem.putInt(120 + Objects.checkIndex(i, 2) * 12 + Objects.checkIndex(j, 3) * 4, value);
            return this;
        }

        /**
         * {@code struct point points[4];}
         * <p>Section {@code .bss}, offset 144, size 32. A view of the same memory.
         *
         * @param i index, 0 to 3
         * @throws IndexOutOfBoundsException when an index is out of range
         */
        public Point points(int i) {
            return new Point(mem, 144 + Objects.checkIndex(i, 4) * 8);
        }

        /**
         * {@code char names[3][8];}
         * <p>Section {@code .bss}, offset 176, size 24. As a C string: UTF-8 up to the first NUL.
         *
         * @param i index, 0 to 2
         * @throws IndexOutOfBoundsException when an index is out of range
         */
        public String names(int i) {
            return mem.getString(176 + Objects.checkIndex(i, 3) * 8, 8);
        }

        /**
         * {@code char names[3][8];}
         * <p>Section {@code .bss}, offset 176, size 24. A copy of all 8 bytes.
         *
         * @param i index, 0 to 2
         * @throws IndexOutOfBoundsException when an index is out of range
         */
        public byte[] namesBytes(int i) {
            return mem.getBytes(176 + Objects.checkIndex(i, 3) * 8, 8);
        }

        /**
         * Sets {@code char names[3][8];}
         * <p>Section {@code .bss}, offset 176, size 24. At most 7 bytes of UTF-8, then NUL-padded.
         *
         * @param i index, 0 to 2
         * @throws IndexOutOfBoundsException when an index is out of range
         * @return this view, for chaining
         */
        public Bss names(int i, String value) {
            mem.putString(176 + Objects.checkIndex(i, 3) * 8, 8, value);
            return this;
        }

        /**
         * Sets {@code char names[3][8];}
         * <p>Section {@code .bss}, offset 176, size 24. At most 8 bytes, then zero-padded.
         *
         * @param i index, 0 to 2
         * @throws IndexOutOfBoundsException when an index is out of range
         * @return this view, for chaining
         */
        public Bss namesBytes(int i, byte[] value) {
            mem.putBytes(176 + Objects.checkIndex(i, 3) * 8, 8, value);
            return this;
        }

        /**
         * {@code __s8 s8v;}
         * <p>Section {@code .bss}, offset 200, size 1.
         */
        public byte s8v() {
            return mem.getByte(200);
        }

        /**
         * Sets {@code __s8 s8v;}
         * <p>Section {@code .bss}, offset 200, size 1.
         *
         * @return this view, for chaining
         */
        public Bss s8v(byte value) {
            mem.putByte(200, value);
            return this;
        }

        /**
         * {@code __u8 u8v;}
         * <p>Section {@code .bss}, offset 201, size 1. Unsigned 8-bit, held in a {@code byte}: use {@code Byte.toUnsignedInt}.
         */
        public byte u8v() {
            return mem.getByte(201);
        }

        /**
         * Sets {@code __u8 u8v;}
         * <p>Section {@code .bss}, offset 201, size 1. Unsigned 8-bit, held in a {@code byte}: use {@code Byte.toUnsignedInt}.
         *
         * @return this view, for chaining
         */
        public Bss u8v(byte value) {
            mem.putByte(201, value);
            return this;
        }

        /**
         * {@code __u64 counter;}
         * <p>Section {@code .bss}, offset 208, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long counter() {
            return mem.getLong(208);
        }

        /**
         * Sets {@code __u64 counter;}
         * <p>Section {@code .bss}, offset 208, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         *
         * @return this view, for chaining
         */
        public Bss counter(long value) {
            mem.putLong(208, value);
            return this;
        }

        /**
         * {@code __s16 s16v;}
         * <p>Section {@code .bss}, offset 216, size 2.
         */
        public short s16v() {
            return mem.getShort(216);
        }

        /**
         * Sets {@code __s16 s16v;}
         * <p>Section {@code .bss}, offset 216, size 2.
         *
         * @return this view, for chaining
         */
        public Bss s16v(short value) {
            mem.putShort(216, value);
            return this;
        }

        /**
         * {@code __u16 u16v;}
         * <p>Section {@code .bss}, offset 218, size 2. Unsigned 16-bit, held in a {@code short}: use {@code Short.toUnsignedInt}.
         */
        public short u16v() {
            return mem.getShort(218);
        }

        /**
         * Sets {@code __u16 u16v;}
         * <p>Section {@code .bss}, offset 218, size 2. Unsigned 16-bit, held in a {@code short}: use {@code Short.toUnsignedInt}.
         *
         * @return this view, for chaining
         */
        public Bss u16v(short value) {
            mem.putShort(218, value);
            return this;
        }

        /**
         * {@code __s32 s32v;}
         * <p>Section {@code .bss}, offset 220, size 4.
         */
        public int s32v() {
            return mem.getInt(220);
        }

        /**
         * Sets {@code __s32 s32v;}
         * <p>Section {@code .bss}, offset 220, size 4.
         *
         * @return this view, for chaining
         */
        public Bss s32v(int value) {
            mem.putInt(220, value);
            return this;
        }

        /**
         * {@code __u32 u32v;}
         * <p>Section {@code .bss}, offset 224, size 4. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int u32v() {
            return mem.getInt(224);
        }

        /**
         * Sets {@code __u32 u32v;}
         * <p>Section {@code .bss}, offset 224, size 4. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public Bss u32v(int value) {
            mem.putInt(224, value);
            return this;
        }

        /**
         * {@code __s64 s64v;}
         * <p>Section {@code .bss}, offset 232, size 8.
         */
        public long s64v() {
            return mem.getLong(232);
        }

        /**
         * Sets {@code __s64 s64v;}
         * <p>Section {@code .bss}, offset 232, size 8.
         *
         * @return this view, for chaining
         */
        public Bss s64v(long value) {
            mem.putLong(232, value);
            return this;
        }

        /**
         * {@code _Bool flag;}
         * <p>Section {@code .bss}, offset 240, size 1.
         */
        public boolean flag() {
            return mem.getBoolean(240);
        }

        /**
         * Sets {@code _Bool flag;}
         * <p>Section {@code .bss}, offset 240, size 1.
         *
         * @return this view, for chaining
         */
        public Bss flag(boolean value) {
            mem.putBoolean(240, value);
            return this;
        }

        /**
         * {@code void *ptr;}
         * <p>Section {@code .bss}, offset 248, size 8. A pointer: the value is the raw address.
         */
        public long ptr() {
            return mem.getLong(248);
        }

        /**
         * Sets {@code void *ptr;}
         * <p>Section {@code .bss}, offset 248, size 8. A pointer: the value is the raw address.
         *
         * @return this view, for chaining
         */
        public Bss ptr(long value) {
            mem.putLong(248, value);
            return this;
        }

        /**
         * {@code union value val;}
         * <p>Section {@code .bss}, offset 256, size 8. A view of the same memory.
         */
        public Value val() {
            return new Value(mem, 256);
        }

        /**
         * {@code pair_t pair;}
         * <p>Section {@code .bss}, offset 264, size 8. A view of the same memory.
         */
        public PairT pair() {
            return new PairT(mem, 264);
        }

        /**
         * {@code enum color color;}
         * <p>Section {@code .bss}, offset 272, size 4. Returns null when the stored value matches no enumerator.
         */
        public Color color() {
            return Color.of(mem.getInteger(272, 4, false));
        }

        /**
         * Sets {@code enum color color;}
         * <p>Section {@code .bss}, offset 272, size 4. Returns null when the stored value matches no enumerator.
         *
         * @return this view, for chaining
         */
        public Bss color(Color value) {
            mem.putInteger(272, 4, value.value());
            return this;
        }

        /**
         * {@code enum big big;}
         * <p>Section {@code .bss}, offset 280, size 8. Returns null when the stored value matches no enumerator.
         */
        public Big big() {
            return Big.of(mem.getInteger(280, 8, false));
        }

        /**
         * Sets {@code enum big big;}
         * <p>Section {@code .bss}, offset 280, size 8. Returns null when the stored value matches no enumerator.
         *
         * @return this view, for chaining
         */
        public Bss big(Big value) {
            mem.putInteger(280, 8, value.value());
            return this;
        }

        /**
         * {@code int (*callback)(int, const char *);}
         * <p>Section {@code .bss}, offset 288, size 8. A pointer: the value is the raw address.
         */
        public long callback() {
            return mem.getLong(288);
        }

        /**
         * Sets {@code int (*callback)(int, const char *);}
         * <p>Section {@code .bss}, offset 288, size 8. A pointer: the value is the raw address.
         *
         * @return this view, for chaining
         */
        public Bss callback(long value) {
            mem.putLong(288, value);
            return this;
        }

        /**
         * {@code int (*row_ptr)[4];}
         * <p>Section {@code .bss}, offset 296, size 8. A pointer: the value is the raw address.
         */
        public long rowPtr() {
            return mem.getLong(296);
        }

        /**
         * Sets {@code int (*row_ptr)[4];}
         * <p>Section {@code .bss}, offset 296, size 8. A pointer: the value is the raw address.
         *
         * @return this view, for chaining
         */
        public Bss rowPtr(long value) {
            mem.putLong(296, value);
            return this;
        }
    }

    /**
     * Section {@code .kconfig} (29 bytes): the kconfig externs, filled by the loader from the running kernel (and {@code BpfOpenOptions.kconfig}). Readable only after {@code load()}: before, every accessor throws {@link IllegalStateException}. Read-only.
     */
    public static final class Kconfig {
        private final ViewMemory mem;

        Kconfig(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code extern enum libbpf_tristate CONFIG_BPF_LSM __kconfig __weak;}
         * <p>Section {@code .kconfig}, offset 0, size 4 (libbpf's sorted layout). Returns null when the stored value matches no enumerator. Readable only after {@code load()}; before, throws {@link IllegalStateException}.
         */
        public LibbpfTristate configBpfLsm() {
            return LibbpfTristate.of(mem.getInteger(0, 4, false));
        }

        /**
         * {@code extern unsigned int CONFIG_HZ __kconfig __weak;}
         * <p>Section {@code .kconfig}, offset 4, size 4 (libbpf's sorted layout). Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}. Readable only after {@code load()}; before, throws {@link IllegalStateException}.
         */
        public int configHz() {
            return mem.getInt(4);
        }

        /**
         * {@code extern int LINUX_KERNEL_VERSION __kconfig;}
         * <p>Section {@code .kconfig}, offset 8, size 4 (libbpf's sorted layout). Readable only after {@code load()}; before, throws {@link IllegalStateException}.
         */
        public int linuxKernelVersion() {
            return mem.getInt(8);
        }

        /**
         * {@code extern _Bool CONFIG_BPF_SYSCALL __kconfig __weak;}
         * <p>Section {@code .kconfig}, offset 12, size 1 (libbpf's sorted layout). Readable only after {@code load()}; before, throws {@link IllegalStateException}.
         */
        public boolean configBpfSyscall() {
            return mem.getBoolean(12);
        }

        /**
         * {@code extern char CONFIG_LOCALVERSION[16] __kconfig __weak;}
         * <p>Section {@code .kconfig}, offset 13, size 16 (libbpf's sorted layout). Readable only after {@code load()}; before, throws {@link IllegalStateException}. As a C string: UTF-8 up to the first NUL.
         */
        public String configLocalversion() {
            return mem.getString(13, 16);
        }

        /**
         * {@code extern char CONFIG_LOCALVERSION[16] __kconfig __weak;}
         * <p>Section {@code .kconfig}, offset 13, size 16 (libbpf's sorted layout). Readable only after {@code load()}; before, throws {@link IllegalStateException}. A copy of all 16 bytes.
         */
        public byte[] configLocalversionBytes() {
            return mem.getBytes(13, 16);
        }
    }

    /**
     * View of {@code struct config} (64 bytes):
     * <pre>{@code
     * struct config {
     * 	__u32 pid;
     * 	char comm[16];
     * 	__u8 mode: 3;
     * 	__u8 verbose: 1;
     * 	__u8 level: 4;
     * 	__s16 delta: 5;
     * 	union {
     * 		__u32 as_u32;
     * 		__u8 bytes[4];
     * 	};
     * 	struct point origin;
     * 	struct {
     * 		__u64 hits;
     * 		__u64 misses;
     * 	} stats;
     * 	enum color tint;
     * };
     * }</pre>
     */
    public static final class Config {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 64;

        private final ViewMemory mem;

        private final int base;

        Config(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static Config wrap(ByteBuffer buffer, int offset) {
            return new Config(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code __u32 pid;}
         * <p>Offset 0, size 4 in {@code struct config}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int pid() {
            return mem.getInt(base);
        }

        /**
         * Sets {@code __u32 pid;}
         * <p>Offset 0, size 4 in {@code struct config}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public Config pid(int value) {
            mem.putInt(base, value);
            return this;
        }

        /**
         * {@code char comm[16];}
         * <p>Offset 4, size 16 in {@code struct config}. As a C string: UTF-8 up to the first NUL.
         */
        public String comm() {
            return mem.getString(base + 4, 16);
        }

        /**
         * {@code char comm[16];}
         * <p>Offset 4, size 16 in {@code struct config}. A copy of all 16 bytes.
         */
        public byte[] commBytes() {
            return mem.getBytes(base + 4, 16);
        }

        /**
         * Sets {@code char comm[16];}
         * <p>Offset 4, size 16 in {@code struct config}. At most 15 bytes of UTF-8, then NUL-padded.
         *
         * @return this view, for chaining
         */
        public Config comm(String value) {
            mem.putString(base + 4, 16, value);
            return this;
        }

        /**
         * Sets {@code char comm[16];}
         * <p>Offset 4, size 16 in {@code struct config}. At most 16 bytes, then zero-padded.
         *
         * @return this view, for chaining
         */
        public Config commBytes(byte[] value) {
            mem.putBytes(base + 4, 16, value);
            return this;
        }

        /**
         * {@code __u8 mode: 3;}
         * <p>Offset 20, bit 0, 3 bits in {@code struct config}. A unsigned bitfield.
         */
        public byte mode() {
            return (byte) mem.getBits(base + 20, 0, 3, false);
        }

        /**
         * Sets {@code __u8 mode: 3;}
         * <p>Offset 20, bit 0, 3 bits in {@code struct config}. A unsigned bitfield. Only the low 3 bits are stored.
         *
         * @return this view, for chaining
         */
        public Config mode(byte value) {
            mem.putBits(base + 20, 0, 3, value);
            return this;
        }

        /**
         * {@code __u8 verbose: 1;}
         * <p>Offset 20, bit 3, 1 bit in {@code struct config}. A unsigned bitfield.
         */
        public byte verbose() {
            return (byte) mem.getBits(base + 20, 3, 1, false);
        }

        /**
         * Sets {@code __u8 verbose: 1;}
         * <p>Offset 20, bit 3, 1 bit in {@code struct config}. A unsigned bitfield. Only the low 1 bits are stored.
         *
         * @return this view, for chaining
         */
        public Config verbose(byte value) {
            mem.putBits(base + 20, 3, 1, value);
            return this;
        }

        /**
         * {@code __u8 level: 4;}
         * <p>Offset 20, bit 4, 4 bits in {@code struct config}. A unsigned bitfield.
         */
        public byte level() {
            return (byte) mem.getBits(base + 20, 4, 4, false);
        }

        /**
         * Sets {@code __u8 level: 4;}
         * <p>Offset 20, bit 4, 4 bits in {@code struct config}. A unsigned bitfield. Only the low 4 bits are stored.
         *
         * @return this view, for chaining
         */
        public Config level(byte value) {
            mem.putBits(base + 20, 4, 4, value);
            return this;
        }

        /**
         * {@code __s16 delta: 5;}
         * <p>Offset 21, bit 0, 5 bits in {@code struct config}. A signed bitfield.
         */
        public short delta() {
            return (short) mem.getBits(base + 21, 0, 5, true);
        }

        /**
         * Sets {@code __s16 delta: 5;}
         * <p>Offset 21, bit 0, 5 bits in {@code struct config}. A signed bitfield. Only the low 5 bits are stored.
         *
         * @return this view, for chaining
         */
        public Config delta(short value) {
            mem.putBits(base + 21, 0, 5, value);
            return this;
        }

        /**
         * {@code __u32 as_u32;}
         * <p>Offset 24, size 4 in {@code struct config}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int asU32() {
            return mem.getInt(base + 24);
        }

        /**
         * Sets {@code __u32 as_u32;}
         * <p>Offset 24, size 4 in {@code struct config}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public Config asU32(int value) {
            mem.putInt(base + 24, value);
            return this;
        }

        /**
         * {@code __u8 bytes[4];}
         * <p>Offset 24, size 4 in {@code struct config}. Unsigned 8-bit, held in a {@code byte}: use {@code Byte.toUnsignedInt}.
         *
         * @param i index, 0 to 3
         * @throws IndexOutOfBoundsException when an index is out of range
         */
        public byte bytes(int i) {
            return mem.getByte(base + 24 + Objects.checkIndex(i, 4));
        }

        /**
         * Sets {@code __u8 bytes[4];}
         * <p>Offset 24, size 4 in {@code struct config}. Unsigned 8-bit, held in a {@code byte}: use {@code Byte.toUnsignedInt}.
         *
         * @param i index, 0 to 3
         * @throws IndexOutOfBoundsException when an index is out of range
         * @return this view, for chaining
         */
        public Config bytes(int i, byte value) {
            mem.putByte(base + 24 + Objects.checkIndex(i, 4), value);
            return this;
        }

        /**
         * {@code struct point origin;}
         * <p>Offset 28, size 8 in {@code struct config}. A view of the same memory.
         */
        public Point origin() {
            return new Point(mem, base + 28);
        }

        /**
         * {@code struct {...} stats;}
         * <p>Offset 40, size 16 in {@code struct config}. A view of the same memory.
         */
        public ConfigStats stats() {
            return new ConfigStats(mem, base + 40);
        }

        /**
         * {@code enum color tint;}
         * <p>Offset 56, size 4 in {@code struct config}. Returns null when the stored value matches no enumerator.
         */
        public Color tint() {
            return Color.of(mem.getInteger(base + 56, 4, false));
        }

        /**
         * Sets {@code enum color tint;}
         * <p>Offset 56, size 4 in {@code struct config}. Returns null when the stored value matches no enumerator.
         *
         * @return this view, for chaining
         */
        public Config tint(Color value) {
            mem.putInteger(base + 56, 4, value.value());
            return this;
        }
    }

    /**
     * View of {@code struct point} (8 bytes):
     * <pre>{@code
     * struct point {
     * 	int x;
     * 	int y;
     * };
     * }</pre>
     */
    public static final class Point {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 8;

        private final ViewMemory mem;

        private final int base;

        Point(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static Point wrap(ByteBuffer buffer, int offset) {
            return new Point(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code int x;}
         * <p>Offset 0, size 4 in {@code struct point}.
         */
        public int x() {
            return mem.getInt(base);
        }

        /**
         * Sets {@code int x;}
         * <p>Offset 0, size 4 in {@code struct point}.
         *
         * @return this view, for chaining
         */
        public Point x(int value) {
            mem.putInt(base, value);
            return this;
        }

        /**
         * {@code int y;}
         * <p>Offset 4, size 4 in {@code struct point}.
         */
        public int y() {
            return mem.getInt(base + 4);
        }

        /**
         * Sets {@code int y;}
         * <p>Offset 4, size 4 in {@code struct point}.
         *
         * @return this view, for chaining
         */
        public Point y(int value) {
            mem.putInt(base + 4, value);
            return this;
        }
    }

    /**
     * View of {@code anonymous struct} (16 bytes):
     * <pre>{@code
     * struct {
     * 	__u64 hits;
     * 	__u64 misses;
     * };
     * }</pre>
     */
    public static final class ConfigStats {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 16;

        private final ViewMemory mem;

        private final int base;

        ConfigStats(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static ConfigStats wrap(ByteBuffer buffer, int offset) {
            return new ConfigStats(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code __u64 hits;}
         * <p>Offset 0, size 8 in {@code anonymous struct}. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long hits() {
            return mem.getLong(base);
        }

        /**
         * Sets {@code __u64 hits;}
         * <p>Offset 0, size 8 in {@code anonymous struct}. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         *
         * @return this view, for chaining
         */
        public ConfigStats hits(long value) {
            mem.putLong(base, value);
            return this;
        }

        /**
         * {@code __u64 misses;}
         * <p>Offset 8, size 8 in {@code anonymous struct}. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long misses() {
            return mem.getLong(base + 8);
        }

        /**
         * Sets {@code __u64 misses;}
         * <p>Offset 8, size 8 in {@code anonymous struct}. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         *
         * @return this view, for chaining
         */
        public ConfigStats misses(long value) {
            mem.putLong(base + 8, value);
            return this;
        }
    }

    /**
     * {@code enum color} (4 bytes, unsigned):
     * <pre>{@code
     * enum color {
     * 	RED = 0,
     * 	GREEN = 5,
     * 	BLUE = 6,
     * };
     * }</pre>
     */
    public enum Color {
        /**
         * {@code RED = 0}
         */
        RED(0L),

        /**
         * {@code GREEN = 5}
         */
        GREEN(5L),

        /**
         * {@code BLUE = 6}
         */
        BLUE(6L);

        private final long cValue;

        Color(long cValue) {
            this.cValue = cValue;
        }

        /**
         * The enumerator's C value.
         */
        public long value() {
            return cValue;
        }

        /**
         * The first enumerator with this C value, or null when there is none.
         */
        public static Color of(long value) {
            for (Color e : values()) {
                if (e.cValue == value) {
                    return e;
                }
            }
            return null;
        }
    }

    /**
     * View of {@code struct list} (4 bytes):
     * <pre>{@code
     * struct list {
     * 	int n;
     * };
     * }</pre>
     */
    public static final class List {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 4;

        private final ViewMemory mem;

        private final int base;

        List(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static List wrap(ByteBuffer buffer, int offset) {
            return new List(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code int n;}
         * <p>Offset 0, size 4 in {@code struct list}.
         */
        public int n() {
            return mem.getInt(base);
        }

        /**
         * Sets {@code int n;}
         * <p>Offset 0, size 4 in {@code struct list}.
         *
         * @return this view, for chaining
         */
        public List n(int value) {
            mem.putInt(base, value);
            return this;
        }
    }

    /**
     * View of {@code struct Point} (8 bytes):
     * <pre>{@code
     * struct Point {
     * 	long lx;
     * };
     * }</pre>
     */
    public static final class Point2 {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 8;

        private final ViewMemory mem;

        private final int base;

        Point2(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static Point2 wrap(ByteBuffer buffer, int offset) {
            return new Point2(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code long lx;}
         * <p>Offset 0, size 8 in {@code struct Point}.
         */
        public long lx() {
            return mem.getLong(base);
        }

        /**
         * Sets {@code long lx;}
         * <p>Offset 0, size 8 in {@code struct Point}.
         *
         * @return this view, for chaining
         */
        public Point2 lx(long value) {
            mem.putLong(base, value);
            return this;
        }
    }

    /**
     * View of {@code struct maps} (4 bytes):
     * <pre>{@code
     * struct maps {
     * 	int m;
     * };
     * }</pre>
     */
    public static final class Maps2 {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 4;

        private final ViewMemory mem;

        private final int base;

        Maps2(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static Maps2 wrap(ByteBuffer buffer, int offset) {
            return new Maps2(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code int m;}
         * <p>Offset 0, size 4 in {@code struct maps}.
         */
        public int m() {
            return mem.getInt(base);
        }

        /**
         * Sets {@code int m;}
         * <p>Offset 0, size 4 in {@code struct maps}.
         *
         * @return this view, for chaining
         */
        public Maps2 m(int value) {
            mem.putInt(base, value);
            return this;
        }
    }

    /**
     * View of {@code anonymous struct} (8 bytes):
     * <pre>{@code
     * struct {
     * 	int inner;
     * 	enum {
     * 		ANON_A = 0,
     * 		ANON_B = 1,
     * 	} kind;
     * };
     * }</pre>
     */
    public static final class BssAnon {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 8;

        private final ViewMemory mem;

        private final int base;

        BssAnon(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static BssAnon wrap(ByteBuffer buffer, int offset) {
            return new BssAnon(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code int inner;}
         * <p>Offset 0, size 4 in {@code anonymous struct}.
         */
        public int inner() {
            return mem.getInt(base);
        }

        /**
         * Sets {@code int inner;}
         * <p>Offset 0, size 4 in {@code anonymous struct}.
         *
         * @return this view, for chaining
         */
        public BssAnon inner(int value) {
            mem.putInt(base, value);
            return this;
        }

        /**
         * {@code enum {...} kind;}
         * <p>Offset 4, size 4 in {@code anonymous struct}. Returns null when the stored value matches no enumerator.
         */
        public BssAnonKind kind() {
            return BssAnonKind.of(mem.getInteger(base + 4, 4, false));
        }

        /**
         * Sets {@code enum {...} kind;}
         * <p>Offset 4, size 4 in {@code anonymous struct}. Returns null when the stored value matches no enumerator.
         *
         * @return this view, for chaining
         */
        public BssAnon kind(BssAnonKind value) {
            mem.putInteger(base + 4, 4, value.value());
            return this;
        }
    }

    /**
     * {@code anonymous enum} (4 bytes, unsigned):
     * <pre>{@code
     * enum {
     * 	ANON_A = 0,
     * 	ANON_B = 1,
     * };
     * }</pre>
     */
    public enum BssAnonKind {
        /**
         * {@code ANON_A = 0}
         */
        ANON_A(0L),

        /**
         * {@code ANON_B = 1}
         */
        ANON_B(1L);

        private final long cValue;

        BssAnonKind(long cValue) {
            this.cValue = cValue;
        }

        /**
         * The enumerator's C value.
         */
        public long value() {
            return cValue;
        }

        /**
         * The first enumerator with this C value, or null when there is none.
         */
        public static BssAnonKind of(long value) {
            for (BssAnonKind e : values()) {
                if (e.cValue == value) {
                    return e;
                }
            }
            return null;
        }
    }

    /**
     * View of {@code union value} (8 bytes):
     * <pre>{@code
     * union value {
     * 	__s64 i;
     * 	__u64 u;
     * 	double d;
     * };
     * }</pre>
     */
    public static final class Value {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 8;

        private final ViewMemory mem;

        private final int base;

        Value(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static Value wrap(ByteBuffer buffer, int offset) {
            return new Value(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code __s64 i;}
         * <p>Offset 0, size 8 in {@code union value}.
         */
        public long i() {
            return mem.getLong(base);
        }

        /**
         * Sets {@code __s64 i;}
         * <p>Offset 0, size 8 in {@code union value}.
         *
         * @return this view, for chaining
         */
        public Value i(long value) {
            mem.putLong(base, value);
            return this;
        }

        /**
         * {@code __u64 u;}
         * <p>Offset 0, size 8 in {@code union value}. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long u() {
            return mem.getLong(base);
        }

        /**
         * Sets {@code __u64 u;}
         * <p>Offset 0, size 8 in {@code union value}. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         *
         * @return this view, for chaining
         */
        public Value u(long value) {
            mem.putLong(base, value);
            return this;
        }

        /**
         * {@code double d;}
         * <p>Offset 0, size 8 in {@code union value}.
         */
        public double d() {
            return mem.getDouble(base);
        }

        /**
         * Sets {@code double d;}
         * <p>Offset 0, size 8 in {@code union value}.
         *
         * @return this view, for chaining
         */
        public Value d(double value) {
            mem.putDouble(base, value);
            return this;
        }
    }

    /**
     * View of {@code pair_t} (8 bytes):
     * <pre>{@code
     * struct {
     * 	__u32 a;
     * 	__s32 b;
     * };
     * }</pre>
     */
    public static final class PairT {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 8;

        private final ViewMemory mem;

        private final int base;

        PairT(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static PairT wrap(ByteBuffer buffer, int offset) {
            return new PairT(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code __u32 a;}
         * <p>Offset 0, size 4 in {@code pair_t}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int a() {
            return mem.getInt(base);
        }

        /**
         * Sets {@code __u32 a;}
         * <p>Offset 0, size 4 in {@code pair_t}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public PairT a(int value) {
            mem.putInt(base, value);
            return this;
        }

        /**
         * {@code __s32 b;}
         * <p>Offset 4, size 4 in {@code pair_t}.
         */
        public int b() {
            return mem.getInt(base + 4);
        }

        /**
         * Sets {@code __s32 b;}
         * <p>Offset 4, size 4 in {@code pair_t}.
         *
         * @return this view, for chaining
         */
        public PairT b(int value) {
            mem.putInt(base + 4, value);
            return this;
        }
    }

    /**
     * {@code enum big} (8 bytes, unsigned):
     * <pre>{@code
     * enum big {
     * 	BIG_ONE = 1,
     * 	BIG_HUGE = 0,
     * } __attribute__((mode(word)));
     * }</pre>
     */
    public enum Big {
        /**
         * {@code BIG_ONE = 1}
         */
        BIG_ONE(1L),

        /**
         * {@code BIG_HUGE = 0}
         */
        BIG_HUGE(0L);

        private final long cValue;

        Big(long cValue) {
            this.cValue = cValue;
        }

        /**
         * The enumerator's C value.
         */
        public long value() {
            return cValue;
        }

        /**
         * The first enumerator with this C value, or null when there is none.
         */
        public static Big of(long value) {
            for (Big e : values()) {
                if (e.cValue == value) {
                    return e;
                }
            }
            return null;
        }
    }

    /**
     * {@code enum libbpf_tristate} (4 bytes, unsigned):
     * <pre>{@code
     * enum libbpf_tristate {
     * 	TRI_NO = 0,
     * 	TRI_YES = 1,
     * 	TRI_MODULE = 2,
     * };
     * }</pre>
     */
    public enum LibbpfTristate {
        /**
         * {@code TRI_NO = 0}
         */
        TRI_NO(0L),

        /**
         * {@code TRI_YES = 1}
         */
        TRI_YES(1L),

        /**
         * {@code TRI_MODULE = 2}
         */
        TRI_MODULE(2L);

        private final long cValue;

        LibbpfTristate(long cValue) {
            this.cValue = cValue;
        }

        /**
         * The enumerator's C value.
         */
        public long value() {
            return cValue;
        }

        /**
         * The first enumerator with this C value, or null when there is none.
         */
        public static LibbpfTristate of(long value) {
            for (LibbpfTristate e : values()) {
                if (e.cValue == value) {
                    return e;
                }
            }
            return null;
        }
    }

    /**
     * The bytes of {@link Point} as a record (a map key or value), with {@link #CODEC}; integers keep the C width (unsigned members are documented on the view {@link Point}), {@code char} arrays are Strings, other arrays {@code byte[]}.
     */
    public static record PointValue(int x, int y) {
        /**
         * Encodes and decodes the 8 bytes of {@link Point}; padding stays zero.
         */
        public static final Codec<PointValue> CODEC = Codec.of(8, PointValue::encode, PointValue::decode);

        private static void encode(PointValue v, ByteBuffer b) {
            int p = b.position();
            b.putInt(p + 0, v.x());
            b.putInt(p + 4, v.y());
        }

        private static PointValue decode(ByteBuffer b) {
            int p = b.position();
            return new PointValue(b.getInt(p + 0),
                    b.getInt(p + 4));
        }
    }
}

package test;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfMap;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.BpfProgram;
import io.bpfskel.ExternStatus;
import io.bpfskel.link.BpfLink;
import io.bpfskel.maps.Codec;
import io.bpfskel.maps.Codecs;
import io.bpfskel.maps.PerCpuMap;
import io.bpfskel.maps.TypedMap;
import io.bpfskel.skel.SkeletonSupport;
import io.bpfskel.skel.ViewMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Typed skeleton of the BPF object {@code tools.bpf.o}: 8 program(s), 12 map(s), 2 extern(s).
 *
 * <pre>{@code
 * try (ToolsSkel skel = ToolsSkel.open()) {
 *     skel.load();
 * }
 * }</pre>
 * Generated from the object's BTF; recompile when the object changes ({@link #open()} refuses a different object).
 */
@Generated(
        value = "io.bpfskel.processor.BpfSkeletonProcessor",
        comments = "from BPF object tools.bpf.o"
)
public final class ToolsSkel implements AutoCloseable {
    /**
     * Class path resource of the BPF object, read by {@link #open()}.
     */
    public static final String OBJECT_RESOURCE = "tools.bpf.o";

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

    private ToolsSkel(BpfCollection obj) {
        this.obj = obj;
        this.maps = new Maps(obj);
        this.progs = new Progs(obj);
        this.links = new Links(obj);
        this.rodata = new Rodata(ViewMemory.section(obj, ".rodata", BYTE_ORDER, ViewMemory.Access.WRITE_BEFORE_LOAD));
    }

    /**
     * Opens the object with default options: reads it from the class path and parses it. Maps, programs and {@code .rodata} values can be changed until {@link #load()}.
     *
     * @throws io.bpfskel.error.BpfException when the object is missing or differs from the one this skeleton was generated from
     */
    public static ToolsSkel open() {
        return open(BpfOpenOptions.defaults());
    }

    /**
     * Opens the object with {@code options}: reads it from the class path (checking its SHA-256 against {@link #OBJECT_SHA256}) and parses it.
     *
     * @throws io.bpfskel.error.BpfException when the object is missing or differs from the one this skeleton was generated from
     */
    public static ToolsSkel open(BpfOpenOptions options) {
        byte[] bytes = SkeletonSupport.readObject(ToolsSkel.class, OBJECT_RESOURCE, OBJECT_SHA256);
        return new ToolsSkel(BpfCollection.open(OBJECT_RESOURCE, bytes, options));
    }

    /**
     * {@link #open()} then {@link #load()}; closes the object when loading fails.
     */
    public static ToolsSkel openAndLoad() {
        return openAndLoad(BpfOpenOptions.defaults());
    }

    /**
     * {@link #open(BpfOpenOptions)} then {@link #load()}; closes the object when loading fails.
     */
    public static ToolsSkel openAndLoad(BpfOpenOptions options) {
        ToolsSkel skel = open(options);
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
     * Section {@code .rodata} (32 bytes): writable only before {@code load()} (the kernel freezes it at load; setters then throw {@link IllegalStateException}), readable any time.
     */
    public Rodata rodata() {
        return rodata;
    }

    /**
     * Whether the loader resolved this typeless ksym (resolved by address from /proc/kallsyms):
     * <pre>{@code
     * extern const void __per_cpu_offset __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 0; the loader searches the kernel for {@code __per_cpu_offset}.
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean has__perCpuOffset() {
        return obj.extern("__per_cpu_offset").resolved();
    }

    /**
     * Whether the loader resolved this typeless ksym (resolved by address from /proc/kallsyms):
     * <pre>{@code
     * extern const void per_cpu_offset __ksym __weak;
     * }</pre>
     * Section {@code .ksyms}, extern index 1; the loader searches the kernel for {@code per_cpu_offset}.
     * The answer is the loader's own decision, the one it patched the instructions with ({@link ExternStatus#resolved()}).
     *
     * @throws IllegalStateException before {@link #load()}
     */
    public boolean hasPerCpuOffset() {
        return obj.extern("per_cpu_offset").resolved();
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
         * Map {@code start} from section {@code .maps} (kernel name {@code start}): HASH, key 4 bytes ({@code __u32}), value 8 bytes ({@code __u64}), max_entries 10240.
         */
        public BpfMap start() {
            return obj.map("start");
        }

        /**
         * Map {@code hists} from section {@code .maps} (kernel name {@code hists}): HASH, key 12 bytes ({@code struct hist_key}), value 108 bytes ({@code struct hist}), max_entries 10240.
         */
        public BpfMap hists() {
            return obj.map("hists");
        }

        /**
         * Map {@code cpu_hist} from section {@code .maps} (kernel name {@code cpu_hist}): PERCPU_ARRAY, key 4 bytes ({@code __u32}), value 108 bytes ({@code struct hist}), max_entries 1.
         */
        public BpfMap cpuHist() {
            return obj.map("cpu_hist");
        }

        /**
         * Map {@code __start} from section {@code .maps} (kernel name {@code __start}): HASH, key 4 bytes ({@code __u32}), value 8 bytes ({@code __u64}), max_entries 10240.
         */
        public BpfMap __start() {
            return obj.map("__start");
        }

        /**
         * Map {@code tasks} from section {@code .maps} (kernel name {@code tasks}): HASH, key 4 bytes ({@code __u32}), value 32 bytes ({@code struct task_state}), max_entries 128.
         */
        public BpfMap tasks() {
            return obj.map("tasks");
        }

        /**
         * Map {@code events} from section {@code .maps} (kernel name {@code events}): PERF_EVENT_ARRAY, key 4 bytes, value 4 bytes, max_entries 0.
         */
        public BpfMap events() {
            return obj.map("events");
        }

        /**
         * Map {@code ipv4_count} from section {@code .maps} (kernel name {@code ipv4_count}): HASH, key 16 bytes ({@code struct ipv4_flow_key}), value 32 bytes ({@code struct conn_stats}), max_entries 4096.
         */
        public BpfMap ipv4Count() {
            return obj.map("ipv4_count");
        }

        /**
         * Map {@code shadows} from section {@code .maps} (kernel name {@code shadows}): LRU_HASH, key 1 bytes ({@code enum conn_state}), value 32 bytes ({@code struct shadowing}), max_entries 4096.
         */
        public BpfMap shadows() {
            return obj.map("shadows");
        }

        /**
         * Map {@code tasks_typed} from section {@code .maps} (kernel name {@code tasks_typed}): ARRAY, key 4 bytes ({@code __u32}), value 8 bytes ({@code __u64}), max_entries 1.
         */
        public BpfMap tasksTyped() {
            return obj.map("tasks_typed");
        }

        /**
         * Internal map of section {@code .rodata} (kernel name {@code tools.rodata}): ARRAY, key 4 bytes, value 32 bytes, max_entries 1, flags 0x480.
         */
        public BpfMap rodata() {
            return obj.map(".rodata");
        }

        /**
         * Internal map of section {@code .rodata.cst16} (kernel name {@code .rodata.cst16}): ARRAY, key 4 bytes, value 16 bytes, max_entries 1, flags 0x80.
         */
        public BpfMap rodataCst16() {
            return obj.map(".rodata.cst16");
        }

        /**
         * Internal map of section {@code .rodata.cst32} (kernel name {@code .rodata.cst32}): ARRAY, key 4 bytes, value 32 bytes, max_entries 1, flags 0x80.
         */
        public BpfMap rodataCst32() {
            return obj.map(".rodata.cst32");
        }

        /**
         * The typed view of map {@code start} (a new view on each call, over {@link #start()}).
         * <p>The key (4 bytes) is an unsigned integer, widened to the next larger Java type so it is never negative ({@code __u64} stays a {@code long}: read it with {@code Long.toUnsignedString}).
         * <p>The value (8 bytes) is an unsigned integer, widened to the next larger Java type so it is never negative ({@code __u64} stays a {@code long}: read it with {@code Long.toUnsignedString}).
         */
        public TypedMap<Long, Long> startTyped() {
            return obj.map("start").typed(Codecs.uint32(), Codecs.uint64());
        }

        /**
         * The typed view of map {@code hists} (a new view on each call, over {@link #hists()}).
         * <p>The key (12 bytes) is the record {@link HistKeyValue} (fields at their BTF offsets).
         * <p>The value (108 bytes) is the record {@link HistValue} (fields at their BTF offsets).
         */
        public TypedMap<HistKeyValue, HistValue> histsTyped() {
            return obj.map("hists").typed(HistKeyValue.CODEC, HistValue.CODEC);
        }

        /**
         * The per-CPU view (one value per possible CPU) of map {@code cpu_hist} (a new view on each call, over {@link #cpuHist()}).
         * <p>The key (4 bytes) is an unsigned integer, widened to the next larger Java type so it is never negative ({@code __u64} stays a {@code long}: read it with {@code Long.toUnsignedString}).
         * <p>The value (108 bytes) is the record {@link HistValue} (fields at their BTF offsets).
         */
        public PerCpuMap<Long, HistValue> cpuHistTyped() {
            return obj.map("cpu_hist").perCpu(Codecs.uint32(), HistValue.CODEC);
        }

        /**
         * The typed view of map {@code __start} (a new view on each call, over {@link #__start()}).
         * <p>The key (4 bytes) is an unsigned integer, widened to the next larger Java type so it is never negative ({@code __u64} stays a {@code long}: read it with {@code Long.toUnsignedString}).
         * <p>The value (8 bytes) is an unsigned integer, widened to the next larger Java type so it is never negative ({@code __u64} stays a {@code long}: read it with {@code Long.toUnsignedString}).
         */
        public TypedMap<Long, Long> __startTyped() {
            return obj.map("__start").typed(Codecs.uint32(), Codecs.uint64());
        }

        /**
         * The typed view of map {@code tasks} (a new view on each call, over {@link #tasks()}).
         * <p>The key (4 bytes) is an unsigned integer, widened to the next larger Java type so it is never negative ({@code __u64} stays a {@code long}: read it with {@code Long.toUnsignedString}).
         * <p>The value (32 bytes) is the record {@link TaskStateValue} (fields at their BTF offsets).
         */
        public TypedMap<Long, TaskStateValue> tasksTyped_() {
            return obj.map("tasks").typed(Codecs.uint32(), TaskStateValue.CODEC);
        }

        /**
         * The typed view of map {@code ipv4_count} (a new view on each call, over {@link #ipv4Count()}).
         * <p>The key (16 bytes) is the record {@link Ipv4FlowKeyValue} (fields at their BTF offsets).
         * <p>The value (32 bytes) is the record {@link ConnStatsValue} (fields at their BTF offsets).
         */
        public TypedMap<Ipv4FlowKeyValue, ConnStatsValue> ipv4CountTyped() {
            return obj.map("ipv4_count").typed(Ipv4FlowKeyValue.CODEC, ConnStatsValue.CODEC);
        }

        /**
         * The typed view of map {@code shadows} (a new view on each call, over {@link #shadows()}).
         * <p>The key (1 bytes) is the enum {@link ConnState} (null for values without a constant).
         * <p>The value (32 bytes) is the record {@link ShadowingValue} (fields at their BTF offsets).
         */
        public TypedMap<ConnState, ShadowingValue> shadowsTyped() {
            return obj.map("shadows").typed(Codecs.uint8().map((ConnState v) -> (int) v.value(), v -> ConnState.of(v)), ShadowingValue.CODEC);
        }

        /**
         * The typed view of map {@code tasks_typed} (a new view on each call, over {@link #tasksTyped()}).
         * <p>The key (4 bytes) is an unsigned integer, widened to the next larger Java type so it is never negative ({@code __u64} stays a {@code long}: read it with {@code Long.toUnsignedString}).
         * <p>The value (8 bytes) is an unsigned integer, widened to the next larger Java type so it is never negative ({@code __u64} stays a {@code long}: read it with {@code Long.toUnsignedString}).
         */
        public TypedMap<Long, Long> tasksTypedTyped() {
            return obj.map("tasks_typed").typed(Codecs.uint32(), Codecs.uint64());
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
         * Program {@code block_rq_insert}:
         * <pre>{@code
         * SEC("tracepoint/block/block_rq_insert")
         * int block_rq_insert(void *ctx)
         * }</pre>
         * Program type TRACEPOINT.
         */
        public BpfProgram blockRqInsert() {
            return obj.program("block_rq_insert");
        }

        /**
         * Program {@code block_rq_issue}:
         * <pre>{@code
         * SEC("raw_tp/block_rq_issue")
         * int block_rq_issue(struct bpf_raw_tracepoint_args *ctx)
         * }</pre>
         * Program type RAW_TRACEPOINT.
         */
        public BpfProgram blockRqIssue() {
            return obj.program("block_rq_issue");
        }

        /**
         * Program {@code block_rq_complete}:
         * <pre>{@code
         * SEC("tracepoint/block/block_rq_complete")
         * int block_rq_complete(void *ctx)
         * }</pre>
         * Program type TRACEPOINT.
         */
        public BpfProgram blockRqComplete() {
            return obj.program("block_rq_complete");
        }

        /**
         * Program {@code blk_account_io_start}:
         * <pre>{@code
         * SEC("kprobe/blk_account_io_start")
         * int blk_account_io_start(void *ctx)
         * }</pre>
         * Program type KPROBE.
         */
        public BpfProgram blkAccountIoStart() {
            return obj.program("blk_account_io_start");
        }

        /**
         * Program {@code __blk_account_io_start}:
         * <pre>{@code
         * SEC("kprobe/__blk_account_io_start")
         * int __blk_account_io_start(void *ctx)
         * }</pre>
         * Program type KPROBE.
         */
        public BpfProgram __blkAccountIoStart() {
            return obj.program("__blk_account_io_start");
        }

        /**
         * Program {@code handle__sched_wakeup}:
         * <pre>{@code
         * SEC("tp_btf/sched_wakeup")
         * int handle__sched_wakeup(__u64 *ctx)
         * }</pre>
         * Program type TRACING.
         */
        public BpfProgram handle__schedWakeup() {
            return obj.program("handle__sched_wakeup");
        }

        /**
         * Program {@code handle_sched_wakeup}:
         * <pre>{@code
         * SEC("raw_tp/sched_wakeup")
         * int handle_sched_wakeup(struct bpf_raw_tracepoint_args *ctx)
         * }</pre>
         * Program type RAW_TRACEPOINT.
         */
        public BpfProgram handleSchedWakeup() {
            return obj.program("handle_sched_wakeup");
        }

        /**
         * Program {@code tcp_set_state}:
         * <pre>{@code
         * SEC("raw_tp/inet_sock_set_state")
         * int tcp_set_state(struct bpf_raw_tracepoint_args *ctx)
         * }</pre>
         * Program type RAW_TRACEPOINT.
         */
        public BpfProgram tcpSetState() {
            return obj.program("tcp_set_state");
        }
    }

    /**
     * The programs' links, like the {@code links} of a libbpf skeleton: each accessor returns the program's newest open link, made by {@link ToolsSkel#attach()} or one of the program's attach methods; null before it is attached and after {@link ToolsSkel#detach()} or closing the link.
     */
    public static final class Links {
        private final BpfCollection obj;

        Links(BpfCollection obj) {
            this.obj = obj;
        }

        /**
         * The current link of program {@code block_rq_insert}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink blockRqInsert() {
            return obj.program("block_rq_insert").link();
        }

        /**
         * The current link of program {@code block_rq_issue}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink blockRqIssue() {
            return obj.program("block_rq_issue").link();
        }

        /**
         * The current link of program {@code block_rq_complete}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink blockRqComplete() {
            return obj.program("block_rq_complete").link();
        }

        /**
         * The current link of program {@code blk_account_io_start}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink blkAccountIoStart() {
            return obj.program("blk_account_io_start").link();
        }

        /**
         * The current link of program {@code __blk_account_io_start}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink __blkAccountIoStart() {
            return obj.program("__blk_account_io_start").link();
        }

        /**
         * The current link of program {@code handle__sched_wakeup}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink handle__schedWakeup() {
            return obj.program("handle__sched_wakeup").link();
        }

        /**
         * The current link of program {@code handle_sched_wakeup}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink handleSchedWakeup() {
            return obj.program("handle_sched_wakeup").link();
        }

        /**
         * The current link of program {@code tcp_set_state}, or null (see {@link io.bpfskel.BpfProgram#link()}).
         */
        public BpfLink tcpSetState() {
            return obj.program("tcp_set_state").link();
        }
    }

    /**
     * Section {@code .rodata} (32 bytes): writable only before {@code load()} (the kernel freezes it at load; setters then throw {@link IllegalStateException}), readable any time.
     */
    public static final class Rodata {
        private final ViewMemory mem;

        Rodata(ViewMemory mem) {
            this.mem = mem;
        }

        /**
         * {@code volatile const __u64 min_us;}
         * <p>Section {@code .rodata}, offset 0, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long minUs() {
            return mem.getLong(0);
        }

        /**
         * Sets {@code volatile const __u64 min_us;}
         * <p>Section {@code .rodata}, offset 0, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.
         *
         * @return this view, for chaining
         */
        public Rodata minUs(long value) {
            mem.putLong(0, value);
            return this;
        }

        /**
         * {@code volatile const __s32 targ_pid;}
         * <p>Section {@code .rodata}, offset 8, size 4.
         */
        public int targPid() {
            return mem.getInt(8);
        }

        /**
         * Sets {@code volatile const __s32 targ_pid;}
         * <p>Section {@code .rodata}, offset 8, size 4. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.
         *
         * @return this view, for chaining
         */
        public Rodata targPid(int value) {
            mem.putInt(8, value);
            return this;
        }

        /**
         * {@code volatile const __s32 targ_tgid;}
         * <p>Section {@code .rodata}, offset 12, size 4.
         */
        public int targTgid() {
            return mem.getInt(12);
        }

        /**
         * Sets {@code volatile const __s32 targ_tgid;}
         * <p>Section {@code .rodata}, offset 12, size 4. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.
         *
         * @return this view, for chaining
         */
        public Rodata targTgid(int value) {
            mem.putInt(12, value);
            return this;
        }

        /**
         * {@code volatile const _Bool targ_per_disk;}
         * <p>Section {@code .rodata}, offset 16, size 1.
         */
        public boolean targPerDisk() {
            return mem.getBoolean(16);
        }

        /**
         * Sets {@code volatile const _Bool targ_per_disk;}
         * <p>Section {@code .rodata}, offset 16, size 1. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.
         *
         * @return this view, for chaining
         */
        public Rodata targPerDisk(boolean value) {
            mem.putBoolean(16, value);
            return this;
        }

        /**
         * {@code volatile const enum hist_unit targ_unit;}
         * <p>Section {@code .rodata}, offset 20, size 4. Returns null when the stored value matches no enumerator.
         */
        public HistUnit targUnit() {
            return HistUnit.of(mem.getInteger(20, 4, false));
        }

        /**
         * Sets {@code volatile const enum hist_unit targ_unit;}
         * <p>Section {@code .rodata}, offset 20, size 4. Returns null when the stored value matches no enumerator. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.
         *
         * @return this view, for chaining
         */
        public Rodata targUnit(HistUnit value) {
            mem.putInteger(20, 4, value.value());
            return this;
        }

        /**
         * {@code volatile const __u64 __min_us;}
         * <p>Section {@code .rodata}, offset 24, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long __minUs() {
            return mem.getLong(24);
        }

        /**
         * Sets {@code volatile const __u64 __min_us;}
         * <p>Section {@code .rodata}, offset 24, size 8. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}. Writable only before {@code load()}; afterwards throws {@link IllegalStateException}.
         *
         * @return this view, for chaining
         */
        public Rodata __minUs(long value) {
            mem.putLong(24, value);
            return this;
        }
    }

    /**
     * {@code enum hist_unit} (4 bytes, unsigned):
     * <pre>{@code
     * enum hist_unit {
     * 	UNIT_USEC = 0,
     * 	UNIT_MSEC = 1,
     * };
     * }</pre>
     */
    public enum HistUnit {
        /**
         * {@code UNIT_USEC = 0}
         */
        UNIT_USEC(0L),

        /**
         * {@code UNIT_MSEC = 1}
         */
        UNIT_MSEC(1L);

        private final long cValue;

        HistUnit(long cValue) {
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
        public static HistUnit of(long value) {
            for (HistUnit e : values()) {
                if (e.cValue == value) {
                    return e;
                }
            }
            return null;
        }
    }

    /**
     * View of {@code struct hist_key} (12 bytes):
     * <pre>{@code
     * struct hist_key {
     * 	__u32 dev;
     * 	__u32 cmd_flags;
     * 	enum hist_unit unit;
     * };
     * }</pre>
     */
    public static final class HistKey {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 12;

        private final ViewMemory mem;

        private final int base;

        HistKey(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static HistKey wrap(ByteBuffer buffer, int offset) {
            return new HistKey(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code __u32 dev;}
         * <p>Offset 0, size 4 in {@code struct hist_key}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int dev() {
            return mem.getInt(base);
        }

        /**
         * Sets {@code __u32 dev;}
         * <p>Offset 0, size 4 in {@code struct hist_key}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public HistKey dev(int value) {
            mem.putInt(base, value);
            return this;
        }

        /**
         * {@code __u32 cmd_flags;}
         * <p>Offset 4, size 4 in {@code struct hist_key}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int cmdFlags() {
            return mem.getInt(base + 4);
        }

        /**
         * Sets {@code __u32 cmd_flags;}
         * <p>Offset 4, size 4 in {@code struct hist_key}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public HistKey cmdFlags(int value) {
            mem.putInt(base + 4, value);
            return this;
        }

        /**
         * {@code enum hist_unit unit;}
         * <p>Offset 8, size 4 in {@code struct hist_key}. Returns null when the stored value matches no enumerator.
         */
        public HistUnit unit() {
            return HistUnit.of(mem.getInteger(base + 8, 4, false));
        }

        /**
         * Sets {@code enum hist_unit unit;}
         * <p>Offset 8, size 4 in {@code struct hist_key}. Returns null when the stored value matches no enumerator.
         *
         * @return this view, for chaining
         */
        public HistKey unit(HistUnit value) {
            mem.putInteger(base + 8, 4, value.value());
            return this;
        }
    }

    /**
     * View of {@code struct hist} (108 bytes):
     * <pre>{@code
     * struct hist {
     * 	__u32 slots[27];
     * };
     * }</pre>
     */
    public static final class Hist {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 108;

        private final ViewMemory mem;

        private final int base;

        Hist(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static Hist wrap(ByteBuffer buffer, int offset) {
            return new Hist(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code __u32 slots[27];}
         * <p>Offset 0, size 108 in {@code struct hist}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @param i index, 0 to 26
         * @throws IndexOutOfBoundsException when an index is out of range
         */
        public int slots(int i) {
            return mem.getInt(base + Objects.checkIndex(i, 27) * 4);
        }

        /**
         * Sets {@code __u32 slots[27];}
         * <p>Offset 0, size 108 in {@code struct hist}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @param i index, 0 to 26
         * @throws IndexOutOfBoundsException when an index is out of range
         * @return this view, for chaining
         */
        public Hist slots(int i, int value) {
            mem.putInt(base + Objects.checkIndex(i, 27) * 4, value);
            return this;
        }
    }

    /**
     * View of {@code struct task_state} (32 bytes):
     * <pre>{@code
     * struct task_state {
     * 	long state;
     * 	unsigned int __state;
     * 	__u32 task_bytes;
     * 	char task[16];
     * };
     * }</pre>
     */
    public static final class TaskState {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 32;

        private final ViewMemory mem;

        private final int base;

        TaskState(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static TaskState wrap(ByteBuffer buffer, int offset) {
            return new TaskState(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code long state;}
         * <p>Offset 0, size 8 in {@code struct task_state}.
         */
        public long state() {
            return mem.getLong(base);
        }

        /**
         * Sets {@code long state;}
         * <p>Offset 0, size 8 in {@code struct task_state}.
         *
         * @return this view, for chaining
         */
        public TaskState state(long value) {
            mem.putLong(base, value);
            return this;
        }

        /**
         * {@code unsigned int __state;}
         * <p>Offset 8, size 4 in {@code struct task_state}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int __state() {
            return mem.getInt(base + 8);
        }

        /**
         * Sets {@code unsigned int __state;}
         * <p>Offset 8, size 4 in {@code struct task_state}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public TaskState __state(int value) {
            mem.putInt(base + 8, value);
            return this;
        }

        /**
         * {@code __u32 task_bytes;}
         * <p>Offset 12, size 4 in {@code struct task_state}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int taskBytes() {
            return mem.getInt(base + 12);
        }

        /**
         * Sets {@code __u32 task_bytes;}
         * <p>Offset 12, size 4 in {@code struct task_state}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public TaskState taskBytes(int value) {
            mem.putInt(base + 12, value);
            return this;
        }

        /**
         * {@code char task[16];}
         * <p>Offset 16, size 16 in {@code struct task_state}. As a C string: UTF-8 up to the first NUL.
         */
        public String task() {
            return mem.getString(base + 16, 16);
        }

        /**
         * {@code char task[16];}
         * <p>Offset 16, size 16 in {@code struct task_state}. A copy of all 16 bytes.
         */
        public byte[] taskBytes_() {
            return mem.getBytes(base + 16, 16);
        }

        /**
         * Sets {@code char task[16];}
         * <p>Offset 16, size 16 in {@code struct task_state}. At most 15 bytes of UTF-8, then NUL-padded.
         *
         * @return this view, for chaining
         */
        public TaskState task(String value) {
            mem.putString(base + 16, 16, value);
            return this;
        }

        /**
         * Sets {@code char task[16];}
         * <p>Offset 16, size 16 in {@code struct task_state}. At most 16 bytes, then zero-padded.
         *
         * @return this view, for chaining
         */
        public TaskState taskBytes_(byte[] value) {
            mem.putBytes(base + 16, 16, value);
            return this;
        }
    }

    /**
     * View of {@code struct ipv4_flow_key} (16 bytes):
     * <pre>{@code
     * struct ipv4_flow_key {
     * 	__u32 saddr;
     * 	__u32 daddr;
     * 	__u16 dport;
     * 	enum ip_family family;
     * };
     * }</pre>
     */
    public static final class Ipv4FlowKey {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 16;

        private final ViewMemory mem;

        private final int base;

        Ipv4FlowKey(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static Ipv4FlowKey wrap(ByteBuffer buffer, int offset) {
            return new Ipv4FlowKey(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code __u32 saddr;}
         * <p>Offset 0, size 4 in {@code struct ipv4_flow_key}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int saddr() {
            return mem.getInt(base);
        }

        /**
         * Sets {@code __u32 saddr;}
         * <p>Offset 0, size 4 in {@code struct ipv4_flow_key}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public Ipv4FlowKey saddr(int value) {
            mem.putInt(base, value);
            return this;
        }

        /**
         * {@code __u32 daddr;}
         * <p>Offset 4, size 4 in {@code struct ipv4_flow_key}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int daddr() {
            return mem.getInt(base + 4);
        }

        /**
         * Sets {@code __u32 daddr;}
         * <p>Offset 4, size 4 in {@code struct ipv4_flow_key}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public Ipv4FlowKey daddr(int value) {
            mem.putInt(base + 4, value);
            return this;
        }

        /**
         * {@code __u16 dport;}
         * <p>Offset 8, size 2 in {@code struct ipv4_flow_key}. Unsigned 16-bit, held in a {@code short}: use {@code Short.toUnsignedInt}.
         */
        public short dport() {
            return mem.getShort(base + 8);
        }

        /**
         * Sets {@code __u16 dport;}
         * <p>Offset 8, size 2 in {@code struct ipv4_flow_key}. Unsigned 16-bit, held in a {@code short}: use {@code Short.toUnsignedInt}.
         *
         * @return this view, for chaining
         */
        public Ipv4FlowKey dport(short value) {
            mem.putShort(base + 8, value);
            return this;
        }

        /**
         * {@code enum ip_family family;}
         * <p>Offset 12, size 4 in {@code struct ipv4_flow_key}. Returns null when the stored value matches no enumerator.
         */
        public IpFamily family() {
            return IpFamily.of(mem.getInteger(base + 12, 4, false));
        }

        /**
         * Sets {@code enum ip_family family;}
         * <p>Offset 12, size 4 in {@code struct ipv4_flow_key}. Returns null when the stored value matches no enumerator.
         *
         * @return this view, for chaining
         */
        public Ipv4FlowKey family(IpFamily value) {
            mem.putInteger(base + 12, 4, value.value());
            return this;
        }
    }

    /**
     * {@code enum ip_family} (4 bytes, unsigned):
     * <pre>{@code
     * enum ip_family {
     * 	FAMILY_V4 = 2,
     * 	FAMILY_V6 = 10,
     * };
     * }</pre>
     */
    public enum IpFamily {
        /**
         * {@code FAMILY_V4 = 2}
         */
        FAMILY_V4(2L),

        /**
         * {@code FAMILY_V6 = 10}
         */
        FAMILY_V6(10L);

        private final long cValue;

        IpFamily(long cValue) {
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
        public static IpFamily of(long value) {
            for (IpFamily e : values()) {
                if (e.cValue == value) {
                    return e;
                }
            }
            return null;
        }
    }

    /**
     * View of {@code struct conn_stats} (32 bytes):
     * <pre>{@code
     * struct conn_stats {
     * 	__u64 count;
     * 	enum ip_family family;
     * 	enum conn_state state;
     * 	char comm[16];
     * };
     * }</pre>
     */
    public static final class ConnStats {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 32;

        private final ViewMemory mem;

        private final int base;

        ConnStats(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static ConnStats wrap(ByteBuffer buffer, int offset) {
            return new ConnStats(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code __u64 count;}
         * <p>Offset 0, size 8 in {@code struct conn_stats}. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long count() {
            return mem.getLong(base);
        }

        /**
         * Sets {@code __u64 count;}
         * <p>Offset 0, size 8 in {@code struct conn_stats}. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         *
         * @return this view, for chaining
         */
        public ConnStats count(long value) {
            mem.putLong(base, value);
            return this;
        }

        /**
         * {@code enum ip_family family;}
         * <p>Offset 8, size 4 in {@code struct conn_stats}. Returns null when the stored value matches no enumerator.
         */
        public IpFamily family() {
            return IpFamily.of(mem.getInteger(base + 8, 4, false));
        }

        /**
         * Sets {@code enum ip_family family;}
         * <p>Offset 8, size 4 in {@code struct conn_stats}. Returns null when the stored value matches no enumerator.
         *
         * @return this view, for chaining
         */
        public ConnStats family(IpFamily value) {
            mem.putInteger(base + 8, 4, value.value());
            return this;
        }

        /**
         * {@code enum conn_state state;}
         * <p>Offset 12, size 1 in {@code struct conn_stats}. Returns null when the stored value matches no enumerator.
         */
        public ConnState state() {
            return ConnState.of(mem.getInteger(base + 12, 1, false));
        }

        /**
         * Sets {@code enum conn_state state;}
         * <p>Offset 12, size 1 in {@code struct conn_stats}. Returns null when the stored value matches no enumerator.
         *
         * @return this view, for chaining
         */
        public ConnStats state(ConnState value) {
            mem.putInteger(base + 12, 1, value.value());
            return this;
        }

        /**
         * {@code char comm[16];}
         * <p>Offset 13, size 16 in {@code struct conn_stats}. As a C string: UTF-8 up to the first NUL.
         */
        public String comm() {
            return mem.getString(base + 13, 16);
        }

        /**
         * {@code char comm[16];}
         * <p>Offset 13, size 16 in {@code struct conn_stats}. A copy of all 16 bytes.
         */
        public byte[] commBytes() {
            return mem.getBytes(base + 13, 16);
        }

        /**
         * Sets {@code char comm[16];}
         * <p>Offset 13, size 16 in {@code struct conn_stats}. At most 15 bytes of UTF-8, then NUL-padded.
         *
         * @return this view, for chaining
         */
        public ConnStats comm(String value) {
            mem.putString(base + 13, 16, value);
            return this;
        }

        /**
         * Sets {@code char comm[16];}
         * <p>Offset 13, size 16 in {@code struct conn_stats}. At most 16 bytes, then zero-padded.
         *
         * @return this view, for chaining
         */
        public ConnStats commBytes(byte[] value) {
            mem.putBytes(base + 13, 16, value);
            return this;
        }
    }

    /**
     * {@code enum conn_state} (1 bytes, unsigned):
     * <pre>{@code
     * enum conn_state {
     * 	CONN_NEW = 1,
     * 	CONN_ESTABLISHED = 2,
     * 	CONN_CLOSED = 7,
     * } __attribute__((mode(byte)));
     * }</pre>
     */
    public enum ConnState {
        /**
         * {@code CONN_NEW = 1}
         */
        CONN_NEW(1L),

        /**
         * {@code CONN_ESTABLISHED = 2}
         */
        CONN_ESTABLISHED(2L),

        /**
         * {@code CONN_CLOSED = 7}
         */
        CONN_CLOSED(7L);

        private final long cValue;

        ConnState(long cValue) {
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
        public static ConnState of(long value) {
            for (ConnState e : values()) {
                if (e.cValue == value) {
                    return e;
                }
            }
            return null;
        }
    }

    /**
     * View of {@code struct shadowing} (32 bytes):
     * <pre>{@code
     * struct shadowing {
     * 	__u32 v;
     * 	__u32 b;
     * 	__u32 p;
     * 	enum conn_state value;
     * 	__u64 CODEC;
     * 	__u16 encode;
     * 	__u16 decode;
     * 	enum hist_unit unit;
     * };
     * }</pre>
     */
    public static final class Shadowing {
        /**
         * Size in bytes.
         */
        public static final int SIZE = 32;

        private final ViewMemory mem;

        private final int base;

        Shadowing(ViewMemory mem, int base) {
            this.mem = mem;
            this.base = base;
        }

        /**
         * A view over {@code buffer} at {@code offset} (e.g. a map value), in the object's byte order.
         */
        public static Shadowing wrap(ByteBuffer buffer, int offset) {
            return new Shadowing(ViewMemory.of(buffer, BYTE_ORDER), offset);
        }

        /**
         * {@code __u32 v;}
         * <p>Offset 0, size 4 in {@code struct shadowing}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int v() {
            return mem.getInt(base);
        }

        /**
         * Sets {@code __u32 v;}
         * <p>Offset 0, size 4 in {@code struct shadowing}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public Shadowing v(int value) {
            mem.putInt(base, value);
            return this;
        }

        /**
         * {@code __u32 b;}
         * <p>Offset 4, size 4 in {@code struct shadowing}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int b() {
            return mem.getInt(base + 4);
        }

        /**
         * Sets {@code __u32 b;}
         * <p>Offset 4, size 4 in {@code struct shadowing}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public Shadowing b(int value) {
            mem.putInt(base + 4, value);
            return this;
        }

        /**
         * {@code __u32 p;}
         * <p>Offset 8, size 4 in {@code struct shadowing}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         */
        public int p() {
            return mem.getInt(base + 8);
        }

        /**
         * Sets {@code __u32 p;}
         * <p>Offset 8, size 4 in {@code struct shadowing}. Unsigned 32-bit, held in an {@code int}: use {@code Integer.toUnsignedLong}.
         *
         * @return this view, for chaining
         */
        public Shadowing p(int value) {
            mem.putInt(base + 8, value);
            return this;
        }

        /**
         * {@code enum conn_state value;}
         * <p>Offset 12, size 1 in {@code struct shadowing}. Returns null when the stored value matches no enumerator.
         */
        public ConnState value() {
            return ConnState.of(mem.getInteger(base + 12, 1, false));
        }

        /**
         * Sets {@code enum conn_state value;}
         * <p>Offset 12, size 1 in {@code struct shadowing}. Returns null when the stored value matches no enumerator.
         *
         * @return this view, for chaining
         */
        public Shadowing value(ConnState value) {
            mem.putInteger(base + 12, 1, value.value());
            return this;
        }

        /**
         * {@code __u64 CODEC;}
         * <p>Offset 16, size 8 in {@code struct shadowing}. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         */
        public long codec() {
            return mem.getLong(base + 16);
        }

        /**
         * Sets {@code __u64 CODEC;}
         * <p>Offset 16, size 8 in {@code struct shadowing}. Unsigned 64-bit, held in a {@code long}: use {@code Long.toUnsignedString} and {@code Long.compareUnsigned}.
         *
         * @return this view, for chaining
         */
        public Shadowing codec(long value) {
            mem.putLong(base + 16, value);
            return this;
        }

        /**
         * {@code __u16 encode;}
         * <p>Offset 24, size 2 in {@code struct shadowing}. Unsigned 16-bit, held in a {@code short}: use {@code Short.toUnsignedInt}.
         */
        public short encode() {
            return mem.getShort(base + 24);
        }

        /**
         * Sets {@code __u16 encode;}
         * <p>Offset 24, size 2 in {@code struct shadowing}. Unsigned 16-bit, held in a {@code short}: use {@code Short.toUnsignedInt}.
         *
         * @return this view, for chaining
         */
        public Shadowing encode(short value) {
            mem.putShort(base + 24, value);
            return this;
        }

        /**
         * {@code __u16 decode;}
         * <p>Offset 26, size 2 in {@code struct shadowing}. Unsigned 16-bit, held in a {@code short}: use {@code Short.toUnsignedInt}.
         */
        public short decode() {
            return mem.getShort(base + 26);
        }

        /**
         * Sets {@code __u16 decode;}
         * <p>Offset 26, size 2 in {@code struct shadowing}. Unsigned 16-bit, held in a {@code short}: use {@code Short.toUnsignedInt}.
         *
         * @return this view, for chaining
         */
        public Shadowing decode(short value) {
            mem.putShort(base + 26, value);
            return this;
        }

        /**
         * {@code enum hist_unit unit;}
         * <p>Offset 28, size 4 in {@code struct shadowing}. Returns null when the stored value matches no enumerator.
         */
        public HistUnit unit() {
            return HistUnit.of(mem.getInteger(base + 28, 4, false));
        }

        /**
         * Sets {@code enum hist_unit unit;}
         * <p>Offset 28, size 4 in {@code struct shadowing}. Returns null when the stored value matches no enumerator.
         *
         * @return this view, for chaining
         */
        public Shadowing unit(HistUnit value) {
            mem.putInteger(base + 28, 4, value.value());
            return this;
        }
    }

    /**
     * The bytes of {@link Hist} as a record (a map key or value), with {@link #CODEC}; integers keep the C width (unsigned members are documented on the view {@link Hist}), {@code char} arrays are Strings, other arrays {@code byte[]}.
     */
    public static record HistValue(byte[] slots) {
        /**
         * Encodes and decodes the 108 bytes of {@link Hist}; padding stays zero.
         */
        public static final Codec<HistValue> CODEC = Codec.of(108, HistValue::encode, HistValue::decode);

        private static void encode(HistValue v, ByteBuffer b) {
            int p = b.position();
            Codecs.bytes(108).encode(v.slots(), b.slice(p + 0, 108).order(b.order()));
        }

        private static HistValue decode(ByteBuffer b) {
            int p = b.position();
            return new HistValue(Codecs.bytes(108).decode(b.slice(p + 0, 108).order(b.order())));
        }
    }

    /**
     * The bytes of {@link HistKey} as a record (a map key or value), with {@link #CODEC}; integers keep the C width (unsigned members are documented on the view {@link HistKey}), {@code char} arrays are Strings, other arrays {@code byte[]}.
     */
    public static record HistKeyValue(int dev, int cmdFlags, HistUnit unit) {
        /**
         * Encodes and decodes the 12 bytes of {@link HistKey}; padding stays zero.
         */
        public static final Codec<HistKeyValue> CODEC = Codec.of(12, HistKeyValue::encode, HistKeyValue::decode);

        private static void encode(HistKeyValue v, ByteBuffer b) {
            int p = b.position();
            b.putInt(p + 0, v.dev());
            b.putInt(p + 4, v.cmdFlags());
            Codecs.uint32().map((HistUnit v2) -> v2.value(), v2 -> HistUnit.of(v2)).encode(v.unit(), b.slice(p + 8, 4).order(b.order()));
        }

        private static HistKeyValue decode(ByteBuffer b) {
            int p = b.position();
            return new HistKeyValue(b.getInt(p + 0),
                    b.getInt(p + 4),
                    Codecs.uint32().map((HistUnit v2) -> v2.value(), v2 -> HistUnit.of(v2)).decode(b.slice(p + 8, 4).order(b.order())));
        }
    }

    /**
     * The bytes of {@link TaskState} as a record (a map key or value), with {@link #CODEC}; integers keep the C width (unsigned members are documented on the view {@link TaskState}), {@code char} arrays are Strings, other arrays {@code byte[]}.
     */
    public static record TaskStateValue(long state, int __state, int taskBytes, String task) {
        /**
         * Encodes and decodes the 32 bytes of {@link TaskState}; padding stays zero.
         */
        public static final Codec<TaskStateValue> CODEC = Codec.of(32, TaskStateValue::encode, TaskStateValue::decode);

        private static void encode(TaskStateValue v, ByteBuffer b) {
            int p = b.position();
            b.putLong(p + 0, v.state());
            b.putInt(p + 8, v.__state());
            b.putInt(p + 12, v.taskBytes());
            Codecs.string(16).encode(v.task(), b.slice(p + 16, 16).order(b.order()));
        }

        private static TaskStateValue decode(ByteBuffer b) {
            int p = b.position();
            return new TaskStateValue(b.getLong(p + 0),
                    b.getInt(p + 8),
                    b.getInt(p + 12),
                    Codecs.string(16).decode(b.slice(p + 16, 16).order(b.order())));
        }
    }

    /**
     * The bytes of {@link ConnStats} as a record (a map key or value), with {@link #CODEC}; integers keep the C width (unsigned members are documented on the view {@link ConnStats}), {@code char} arrays are Strings, other arrays {@code byte[]}.
     */
    public static record ConnStatsValue(long count, IpFamily family, ConnState state, String comm) {
        /**
         * Encodes and decodes the 32 bytes of {@link ConnStats}; padding stays zero.
         */
        public static final Codec<ConnStatsValue> CODEC = Codec.of(32, ConnStatsValue::encode, ConnStatsValue::decode);

        private static void encode(ConnStatsValue v, ByteBuffer b) {
            int p = b.position();
            b.putLong(p + 0, v.count());
            Codecs.uint32().map((IpFamily v2) -> v2.value(), v2 -> IpFamily.of(v2)).encode(v.family(), b.slice(p + 8, 4).order(b.order()));
            Codecs.uint8().map((ConnState v2) -> (int) v2.value(), v2 -> ConnState.of(v2)).encode(v.state(), b.slice(p + 12, 1).order(b.order()));
            Codecs.string(16).encode(v.comm(), b.slice(p + 13, 16).order(b.order()));
        }

        private static ConnStatsValue decode(ByteBuffer b) {
            int p = b.position();
            return new ConnStatsValue(b.getLong(p + 0),
                    Codecs.uint32().map((IpFamily v2) -> v2.value(), v2 -> IpFamily.of(v2)).decode(b.slice(p + 8, 4).order(b.order())),
                    Codecs.uint8().map((ConnState v2) -> (int) v2.value(), v2 -> ConnState.of(v2)).decode(b.slice(p + 12, 1).order(b.order())),
                    Codecs.string(16).decode(b.slice(p + 13, 16).order(b.order())));
        }
    }

    /**
     * The bytes of {@link Ipv4FlowKey} as a record (a map key or value), with {@link #CODEC}; integers keep the C width (unsigned members are documented on the view {@link Ipv4FlowKey}), {@code char} arrays are Strings, other arrays {@code byte[]}.
     */
    public static record Ipv4FlowKeyValue(int saddr, int daddr, short dport, IpFamily family) {
        /**
         * Encodes and decodes the 16 bytes of {@link Ipv4FlowKey}; padding stays zero.
         */
        public static final Codec<Ipv4FlowKeyValue> CODEC = Codec.of(16, Ipv4FlowKeyValue::encode, Ipv4FlowKeyValue::decode);

        private static void encode(Ipv4FlowKeyValue v, ByteBuffer b) {
            int p = b.position();
            b.putInt(p + 0, v.saddr());
            b.putInt(p + 4, v.daddr());
            b.putShort(p + 8, v.dport());
            Codecs.uint32().map((IpFamily v2) -> v2.value(), v2 -> IpFamily.of(v2)).encode(v.family(), b.slice(p + 12, 4).order(b.order()));
        }

        private static Ipv4FlowKeyValue decode(ByteBuffer b) {
            int p = b.position();
            return new Ipv4FlowKeyValue(b.getInt(p + 0),
                    b.getInt(p + 4),
                    b.getShort(p + 8),
                    Codecs.uint32().map((IpFamily v2) -> v2.value(), v2 -> IpFamily.of(v2)).decode(b.slice(p + 12, 4).order(b.order())));
        }
    }

    /**
     * The bytes of {@link Shadowing} as a record (a map key or value), with {@link #CODEC}; integers keep the C width (unsigned members are documented on the view {@link Shadowing}), {@code char} arrays are Strings, other arrays {@code byte[]}.
     */
    public static record ShadowingValue(int v, int b, int p, ConnState value, long codec,
            short encode, short decode, HistUnit unit) {
        /**
         * Encodes and decodes the 32 bytes of {@link Shadowing}; padding stays zero.
         */
        public static final Codec<ShadowingValue> CODEC = Codec.of(32, ShadowingValue::encode_, ShadowingValue::decode_);

        private static void encode_(ShadowingValue v, ByteBuffer b) {
            int p = b.position();
            b.putInt(p + 0, v.v());
            b.putInt(p + 4, v.b());
            b.putInt(p + 8, v.p());
            Codecs.uint8().map((ConnState v2) -> (int) v2.value(), v2 -> ConnState.of(v2)).encode(v.value(), b.slice(p + 12, 1).order(b.order()));
            b.putLong(p + 16, v.codec());
            b.putShort(p + 24, v.encode());
            b.putShort(p + 26, v.decode());
            Codecs.uint32().map((HistUnit v2) -> v2.value(), v2 -> HistUnit.of(v2)).encode(v.unit(), b.slice(p + 28, 4).order(b.order()));
        }

        private static ShadowingValue decode_(ByteBuffer b) {
            int p = b.position();
            return new ShadowingValue(b.getInt(p + 0),
                    b.getInt(p + 4),
                    b.getInt(p + 8),
                    Codecs.uint8().map((ConnState v2) -> (int) v2.value(), v2 -> ConnState.of(v2)).decode(b.slice(p + 12, 1).order(b.order())),
                    b.getLong(p + 16),
                    b.getShort(p + 24),
                    b.getShort(p + 26),
                    Codecs.uint32().map((HistUnit v2) -> v2.value(), v2 -> HistUnit.of(v2)).decode(b.slice(p + 28, 4).order(b.order())));
        }
    }
}

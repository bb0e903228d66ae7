package io.bpfskel.load;

import io.bpfskel.CollectionTestAccess;
import io.bpfskel.MemoryView;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfMap;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.NativeMemory;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.link.BpfLink;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.testing.RingBufferReader;
import io.bpfskel.testing.Tools;
import io.bpfskel.uapi.BpfFlags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CO-RE tool fixtures ({@code core_execsnoop}, {@code core_opensnoop}, {@code core_runqlat},
 * {@code core_tcpconnect}) loaded by {@link io.bpfskel.BpfCollection} and run in this kernel.
 *
 * <p>Two kinds of runs. BPF_PROG_TEST_RUN of the raw_tp programs with real kernel task pointers (the fixtures'
 * {@code task_self} program hands out the calling thread's {@code task_struct} and its parent's), checked against
 * {@code /proc}; and attached runs on real events (an exec, opens, sleeps, a TCP handshake inside a network
 * namespace of the test's own). Programs attach through the public {@code BpfProgram.attach*} API.
 */
class CoreToolsKernelTest {
    private static final int TCP_ESTABLISHED = 1;
    private static final int TCP_SYN_SENT = 2;
    private static final int TCP_CLOSE = 7;
    private static final int TCP_LISTEN = 10;
    private static final int AT_FDCWD = -100;
    private static final int ENOENT = 2;

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    private static BpfCollection open(String name) {
        return BpfCollection.open(Fixtures.bpfel(name));
    }

    private static int var(BpfCollection obj, String section, String name) {
        return CollectionTestAccess.object(obj).dataSection(section).orElseThrow().variable(name).offset();
    }

    /** A global of .bss or .data, by name, read through the live mapping. */
    private static MemoryView global(BpfCollection obj, String name, int[] offset) {
        for (String section : List.of(".bss", ".data")) {
            var v = CollectionTestAccess.object(obj).dataSection(section).map(d -> d.variable(name)).orElse(null);
            if (v != null) {
                offset[0] = v.offset();
                return obj.dataSection(section);
            }
        }
        throw new IllegalArgumentException("no global '" + name + "' in .bss or .data of " + obj);
    }

    private static long globalLong(BpfCollection obj, String name) {
        int[] off = new int[1];
        return global(obj, name, off).getLong(off[0]);
    }

    private static int globalInt(BpfCollection obj, String name) {
        int[] off = new int[1];
        return global(obj, name, off).getInt(off[0]);
    }

    /** A raw tracepoint's context: its u64 arguments. */
    private static byte[] ctx(long... args) {
        ByteBuffer b = ByteBuffer.allocate(8 * args.length).order(ByteOrder.nativeOrder());
        for (long a : args) {
            b.putLong(a);
        }
        return b.array();
    }

    private static byte[] u32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt((int) v).array();
    }

    private record Tasks(long self, long parent) {}

    /** Runs {@code task_self} on this thread: kernel addresses of this thread's task_struct and its real_parent's. */
    private static Tasks tasks(BpfCollection obj) {
        assertEquals(0, obj.program("task_self").testRun(null).retvalInt());
        Tasks t = new Tasks(globalLong(obj, "self_task"), globalLong(obj, "self_parent_task"));
        assertNotEquals(0, t.self());
        assertNotEquals(0, t.parent());
        assertNotEquals(t.self(), t.parent());
        return t;
    }

    private static RingBufferReader ring(BpfCollection obj, String name) {
        BpfMap m = obj.map(name);
        return new RingBufferReader(Fd.of(m.handle()), m.maxEntries(), name);
    }

    private static ByteBuffer single(List<ByteBuffer> events) {
        assertEquals(1, events.size(), "ring buffer records");
        return events.get(0);
    }

    private static List<ByteBuffer> matching(List<ByteBuffer> events, Predicate<ByteBuffer> p) {
        return events.stream().filter(p).toList();
    }

    // ---- execsnoop

    @Test
    void execsnoopReadsTheTaskItIsGiven() {
        ThreadTruth me = ThreadTruth.current();
        try (BpfCollection obj = open("core_execsnoop")) {
            obj.load();
            Tasks tasks = tasks(obj);
            assertEquals(1, globalInt(obj, "has_linux_binprm"));
            StructView ev = StructView.of(CollectionTestAccess.object(obj), "event");
            try (RingBufferReader ring = ring(obj, "events")) {
                assertEquals(0, obj.program("execsnoop_raw").testRun(ctx(tasks.self(), 4242, 0)).retvalInt());
                ByteBuffer e = single(ring.drain());
                assertEquals(me.tgid(), ev.s32(e, "pid"));
                assertEquals(me.tid(), ev.s32(e, "tid"));
                assertEquals(me.ppid(), ev.s32(e, "ppid"));
                assertEquals(me.uid(), ev.s32(e, "uid"));
                assertEquals(me.loginuid(), ev.u32(e, "loginuid"));
                assertEquals(me.sid(), ev.s32(e, "sid"));
                assertEquals(4242, ev.s32(e, "old_pid"));
                assertEquals(1, ev.s32(e, "source"));
                assertEquals(me.comm(), ev.string(e, "comm", 16));
                assertEquals("", ev.string(e, "filename", 128), "no linux_binprm in a test run");

                // another task: the values follow the pointer, not the current task
                obj.program("execsnoop_raw").testRun(ctx(tasks.parent(), 1, 0));
                e = single(ring.drain());
                assertEquals(me.ppid(), ev.s32(e, "pid"));
                assertEquals(ThreadTruth.processField(me.ppid(), "PPid"), ev.s32(e, "ppid"));
                assertEquals(ThreadTruth.processField(me.ppid(), "Uid"), ev.s32(e, "uid"));
                int parentUid = ev.s32(e, "uid");

                byte[] count = new byte[8];
                assertTrue(obj.map("execs_by_uid").lookup(u32(me.uid()), count));
                assertEquals(parentUid == me.uid() ? 2 : 1, ByteBuffer.wrap(count).order(ByteOrder.nativeOrder()).getLong());
            }
            assertEquals(0, globalLong(obj, "dropped"));
        }
    }

    @Test
    void execsnoopFilterSetInRodataBeforeLoad() {
        ThreadTruth me = ThreadTruth.current();
        try (BpfCollection obj = open("core_execsnoop")) {
            obj.dataSection(".rodata").putInt(var(obj, ".rodata", "targ_ppid"), me.ppid());
            obj.load();
            Tasks tasks = tasks(obj);
            try (RingBufferReader ring = ring(obj, "events")) {
                obj.program("execsnoop_raw").testRun(ctx(tasks.self(), 0, 0));
                assertEquals(1, ring.drain().size(), "our parent is the filter's");
                obj.program("execsnoop_raw").testRun(ctx(tasks.parent(), 0, 0));
                assertEquals(0, ring.drain().size(), "our parent's parent is not");
            }
        }
    }

    @Test
    void execsnoopSeesARealExecThroughBothProbes() throws Exception {
        ThreadTruth me = ThreadTruth.current();
        try (BpfCollection obj = open("core_execsnoop")) {
            obj.dataSection(".rodata").putInt(var(obj, ".rodata", "targ_ppid"), me.tgid());
            obj.load();
            StructView ev = StructView.of(CollectionTestAccess.object(obj), "event");
            try (RingBufferReader ring = ring(obj, "events")) {
                Process child;
                try (BpfLink raw = obj.program("execsnoop_raw").attachRawTracepoint("sched_process_exec");
                        BpfLink tp = obj.program("execsnoop_tp").attachTracepoint("sched", "sched_process_exec")) {
                    child = new ProcessBuilder("/bin/true").start();
                    assertEquals(0, child.waitFor());
                }
                int pid = (int) child.pid();
                List<ByteBuffer> events = matching(ring.drain(),
                        e -> ev.s32(e, "pid") == pid && ev.string(e, "filename", 128).equals("/bin/true"));
                for (int source = 1; source <= 2; source++) {
                    int s = source;
                    ByteBuffer e = single(matching(events, x -> ev.s32(x, "source") == s));
                    assertEquals(pid, ev.s32(e, "tid"));
                    assertEquals(me.tgid(), ev.s32(e, "ppid"));
                    assertEquals(me.uid(), ev.s32(e, "uid"));
                    assertEquals(me.loginuid(), ev.u32(e, "loginuid"));
                    assertEquals(me.sid(), ev.s32(e, "sid"));
                    assertEquals(pid, ev.s32(e, "old_pid"));
                    assertEquals("true", ev.string(e, "comm", 16), "comm is the new program's at sched_process_exec");
                }
                assertEquals(0, globalLong(obj, "dropped"));
            }
        }
    }

    // ---- opensnoop

    @Test
    void opensnoopReportsTheOpenStashedForThisThread() {
        ThreadTruth me = ThreadTruth.current();
        String path = "/bpfskel-corefix/no/such/file";
        try (BpfCollection obj = open("core_opensnoop"); NativeMemory name = NativeMemory.allocate(64)) {
            obj.dataSection(".rodata").putInt(var(obj, ".rodata", "targ_pid"), me.tgid());
            obj.load();
            name.clear();
            name.write(0, path.getBytes(StandardCharsets.UTF_8), 0, path.length());
            StructView args = StructView.of(CollectionTestAccess.object(obj), "args_t");
            ByteBuffer value = ByteBuffer.allocate(args.size()).order(ByteOrder.nativeOrder());
            value.putLong(args.offset("fname"), name.address());
            value.putInt(args.offset("flags"), 0x80241);
            value.putInt(args.offset("dfd"), AT_FDCWD);
            obj.map("start").update(u32(me.tid()), value.array(), BpfFlags.BPF_ANY);

            StructView ev = StructView.of(CollectionTestAccess.object(obj), "event");
            try (RingBufferReader ring = ring(obj, "events")) {
                assertEquals(0, obj.program("raw_exit").testRun(ctx(0, -ENOENT)).retvalInt());
                ByteBuffer e = single(ring.drain());
                assertEquals(me.tgid(), ev.s32(e, "pid"));
                assertEquals(me.tid(), ev.s32(e, "tid"));
                assertEquals(me.ppid(), ev.s32(e, "ppid"));
                assertEquals(me.uid(), ev.s32(e, "uid"));
                assertEquals(-ENOENT, ev.s32(e, "ret"));
                assertEquals(0x80241, ev.s32(e, "flags"));
                assertEquals(AT_FDCWD, ev.s32(e, "dfd"));
                assertEquals(1, ev.s32(e, "source"));
                assertEquals(me.comm(), ev.string(e, "comm", 16));
                assertEquals(path, ev.string(e, "fname", 256));
                assertFalse(obj.map("start").lookup(u32(me.tid()), new byte[args.size()]), "the exit consumed the entry");

                obj.program("raw_exit").testRun(ctx(0, 3));
                assertEquals(0, ring.drain().size(), "an exit without an entry is not an open");
            }
        }
    }

    @Test
    void opensnoopSeesThisThreadsOpensThroughBothProbePairs(@TempDir Path dir) throws Exception {
        ThreadTruth me = ThreadTruth.current();
        Path existing = Files.writeString(dir.resolve("opened-by-corefix-test"), "x");
        Path missing = dir.resolve("missing-corefix-file");
        try (BpfCollection obj = open("core_opensnoop")) {
            obj.dataSection(".rodata").putInt(var(obj, ".rodata", "targ_tid"), me.tid());
            obj.load();
            StructView ev = StructView.of(CollectionTestAccess.object(obj), "event");
            try (RingBufferReader ring = ring(obj, "events")) {
                // the two pairs share the 'start' map: attached one pair at a time
                try (BpfLink enter = obj.program("raw_enter").attachRawTracepoint("sys_enter");
                        BpfLink exit = obj.program("raw_exit").attachRawTracepoint("sys_exit")) {
                    openBoth(existing, missing);
                }
                checkOpens(ring.drain(), ev, me, existing, missing, 1);
                assertEquals(1, globalInt(obj, "has_orig_ax"));
                try (BpfLink enter = obj.program("tp_enter_openat").attachTracepoint("syscalls", "sys_enter_openat");
                        BpfLink exit = obj.program("tp_exit_openat").attachTracepoint("syscalls", "sys_exit_openat")) {
                    openBoth(existing, missing);
                }
                checkOpens(ring.drain(), ev, me, existing, missing, 2);
            }
        }
    }

    private static void openBoth(Path existing, Path missing) throws IOException {
        try (var ch = Files.newByteChannel(existing)) {
            assertEquals(1, ch.size());
        }
        try (var ch = Files.newByteChannel(missing)) {
            throw new AssertionError(missing + " exists");
        } catch (NoSuchFileException expected) {
            // the open failed with ENOENT
        }
    }

    private static void checkOpens(List<ByteBuffer> events, StructView ev, ThreadTruth me, Path existing, Path missing,
            int source) {
        ByteBuffer ok = single(matching(events, e -> ev.string(e, "fname", 256).equals(existing.toString())));
        ByteBuffer failed = single(matching(events, e -> ev.string(e, "fname", 256).equals(missing.toString())));
        for (ByteBuffer e : List.of(ok, failed)) {
            assertEquals(me.tgid(), ev.s32(e, "pid"));
            assertEquals(me.tid(), ev.s32(e, "tid"));
            assertEquals(me.ppid(), ev.s32(e, "ppid"));
            assertEquals(me.uid(), ev.s32(e, "uid"));
            assertEquals(me.comm(), ev.string(e, "comm", 16));
            assertEquals(AT_FDCWD, ev.s32(e, "dfd"), "glibc's open() is openat(AT_FDCWD, ...)");
            assertEquals(0, ev.s32(e, "flags") & 3, "O_RDONLY");
            assertEquals(source, ev.s32(e, "source"));
        }
        assertTrue(ev.s32(ok, "ret") >= 0, "an fd");
        assertEquals(-ENOENT, ev.s32(failed, "ret"));
    }

    // ---- runqlat

    @Test
    void runqlatHistogramsTheSwitchesItIsFed() throws IOException {
        ThreadTruth me = ThreadTruth.current();
        try (BpfCollection obj = open("core_runqlat")) {
            obj.dataSection(".rodata").putInt(var(obj, ".rodata", "targ_tgid"), me.tgid());
            obj.load();
            Tasks tasks = tasks(obj);
            assertEquals(1, globalInt(obj, "has_state"), "task_struct.__state (5.14+)");
            assertEquals(1, globalInt(obj, "has_nsproxy"));
            StructView hist = StructView.of(CollectionTestAccess.object(obj), "hist");

            obj.program("handle_sched_wakeup").testRun(ctx(tasks.self()));
            assertEquals(1, globalLong(obj, "enqueued"));
            assertTrue(obj.map("start").lookup(u32(me.tid()), new byte[8]), "stamped by thread id");

            // switch from our parent (another process: never stamped under the filter) to us
            obj.program("handle_sched_switch").testRun(ctx(0, tasks.parent(), tasks.self(), 0));
            assertEquals(1, globalLong(obj, "recorded"));
            assertFalse(obj.map("start").lookup(u32(me.tid()), new byte[8]));
            ByteBuffer h = histogram(obj, hist, me.tgid());
            assertEquals(1, slotSum(h, hist));
            assertEquals(me.comm(), hist.string(h, "comm", 16));

            // switch from us to us: we are running (state 0), so we are stamped again, then switched in
            obj.program("handle_sched_switch").testRun(ctx(0, tasks.self(), tasks.self(), 0));
            assertEquals(0, globalLong(obj, "last_prev_state"), "TASK_RUNNING read through __state");
            assertEquals(2, globalLong(obj, "enqueued"));
            assertEquals(2, globalLong(obj, "recorded"));
            assertEquals(2, slotSum(histogram(obj, hist, me.tgid()), hist));

            obj.program("handle_sched_wakeup_new").testRun(ctx(tasks.parent()));
            assertEquals(2, globalLong(obj, "enqueued"), "another process is filtered out");
        }
        // keyed by pid namespace: the chain task->nsproxy->pid_ns_for_children->ns.inum
        try (BpfCollection obj = open("core_runqlat")) {
            MemoryView ro = obj.dataSection(".rodata");
            ro.put(var(obj, ".rodata", "targ_per_process"), (byte) 0);
            ro.put(var(obj, ".rodata", "targ_per_pidns"), (byte) 1);
            ro.putInt(var(obj, ".rodata", "targ_tgid"), me.tgid());
            obj.load();
            Tasks tasks = tasks(obj);
            obj.program("handle_sched_wakeup").testRun(ctx(tasks.self()));
            obj.program("handle_sched_switch").testRun(ctx(0, tasks.parent(), tasks.self(), 0));
            StructView hist = StructView.of(CollectionTestAccess.object(obj), "hist");
            assertEquals(1, slotSum(histogram(obj, hist, me.pidNamespace()), hist));
        }
    }

    @Test
    void runqlatSeesThisProcessWakeUp() throws Exception {
        int pid = (int) ProcessHandle.current().pid();
        try (BpfCollection obj = open("core_runqlat")) {
            obj.dataSection(".rodata").putInt(var(obj, ".rodata", "targ_tgid"), pid);
            obj.load();
            try (BpfLink a = obj.program("handle_sched_wakeup").attachRawTracepoint("sched_wakeup");
                    BpfLink b = obj.program("handle_sched_wakeup_new").attachRawTracepoint("sched_wakeup_new");
                    BpfLink c = obj.program("handle_sched_switch").attachRawTracepoint("sched_switch")) {
                for (int i = 0; i < 20; i++) {
                    Thread.sleep(1); // blocks, is woken by a timer, is switched back in
                }
            }
            StructView hist = StructView.of(CollectionTestAccess.object(obj), "hist");
            long recorded = globalLong(obj, "recorded");
            assertTrue(recorded > 0, "no wake-up of this process was recorded");
            // per process under a tgid filter: every record went to our one histogram
            assertEquals(recorded, slotSum(histogram(obj, hist, pid), hist));
        }
    }

    private static ByteBuffer histogram(BpfCollection obj, StructView hist, long key) {
        byte[] v = new byte[hist.size()];
        assertTrue(obj.map("hists").lookup(u32(key), v), "no histogram under key " + key);
        return ByteBuffer.wrap(v).order(ByteOrder.nativeOrder());
    }

    private static long slotSum(ByteBuffer h, StructView hist) {
        long sum = 0;
        for (int i = 0; i < 26; i++) {
            sum += Integer.toUnsignedLong(h.getInt(hist.offset("slots") + 4 * i));
        }
        return sum;
    }

    // ---- tcpconnect

    private static final String CONNECT_SCRIPT = "use IO::Socket::INET;"
            + "my $p = shift;"
            + "my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $p, Listen => 1, ReuseAddr => 1) or die \"listen: $!\";"
            + "my $c = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $p) or die \"connect: $!\";"
            + "my $a = $l->accept or die \"accept: $!\";"
            + "close $c; close $a; close $l;";

    @Test
    void tcpconnectSeesALoopbackHandshakeInItsOwnNamespace() throws Exception {
        Tools.executable("ip");
        Tools.executable("perl");
        long me = ProcessHandle.current().pid();
        String ns = "bpfskel-corefix-" + me;
        int port = 20000 + (int) (me % 20000);
        Tools.run(30, "ip", "netns", "add", ns);
        try {
            Tools.run(30, "ip", "-n", ns, "link", "set", "lo", "up");
            for (String program : List.of("tcpstate_raw", "tcpstate_tp")) {
                try (BpfCollection obj = open("core_tcpconnect")) {
                    obj.dataSection(".rodata").putShort(var(obj, ".rodata", "targ_port"), (short) port);
                    obj.load();
                    StructView ev = StructView.of(CollectionTestAccess.object(obj), "event");
                    try (RingBufferReader ring = ring(obj, "events")) {
                        Process perl;
                        try (BpfLink link = program.endsWith("_raw")
                                ? obj.program(program).attachRawTracepoint("inet_sock_set_state")
                                : obj.program(program).attachTracepoint("sock", "inet_sock_set_state")) {
                            perl = new ProcessBuilder("ip", "netns", "exec", ns, "perl", "-e", CONNECT_SCRIPT,
                                    Integer.toString(port)).redirectErrorStream(true).start();
                            String out = new String(perl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                            assertEquals(0, perl.waitFor(), "perl in " + ns + ": " + out);
                        }
                        checkHandshake(obj, ring.drain(), ev, program, (int) perl.pid(), port);
                    }
                }
            }
        } finally {
            Tools.run(30, "ip", "netns", "del", ns);
        }
    }

    private static void checkHandshake(BpfCollection obj, List<ByteBuffer> events, StructView ev, String program, int perlPid,
            int port) {
        byte[] loopback = {127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        boolean raw = program.endsWith("_raw");
        for (ByteBuffer e : events) {
            assertEquals(raw ? 1 : 2, ev.u8(e, "source"));
            assertEquals(2, ev.u16(e, "family"), "AF_INET");
            assertEquals(6, ev.u16(e, "protocol"));
            assertArrayEquals(loopback, ev.bytes(e, "saddr", 16));
        }
        ByteBuffer syn = single(matching(events, e -> ev.s32(e, "newstate") == TCP_SYN_SENT));
        assertEquals(TCP_CLOSE, ev.s32(syn, "oldstate"));
        assertEquals(port, ev.u16(syn, "dport"));
        assertEquals(0, ev.u16(syn, "sport"), "tcp_v4_connect() picks the local port after entering SYN_SENT");
        assertArrayEquals(loopback, ev.bytes(syn, "daddr", 16));
        assertEquals(perlPid, ev.s32(syn, "pid"), "connect() runs in the process");
        assertEquals("perl", ev.string(syn, "comm", 16));
        if (raw) {
            assertEquals(TCP_CLOSE, ev.u8(syn, "state_now"), "the tracepoint fires before sk_state changes");
        }
        long client = ev.u64(syn, "skaddr");
        ByteBuffer established = single(matching(events,
                e -> ev.u64(e, "skaddr") == client && ev.s32(e, "newstate") == TCP_ESTABLISHED));
        assertEquals(TCP_SYN_SENT, ev.s32(established, "oldstate"));
        assertEquals(perlPid, ev.s32(established, "pid"), "attributed through the socket, not the current task");
        assertEquals("perl", ev.string(established, "comm", 16));
        assertEquals(port, ev.u16(established, "dport"));
        int clientPort = ev.u16(established, "sport");
        assertNotEquals(0, clientPort);
        assertNotEquals(port, clientPort);
        if (raw) {
            assertEquals(clientPort, ev.u16(established, "inet_sport"), "inet_sock.inet_sport agrees with skc_num");
            assertEquals(TCP_SYN_SENT, ev.u8(established, "state_now"));
        }

        ByteBuffer listen = single(matching(events, e -> ev.s32(e, "newstate") == TCP_LISTEN));
        assertEquals(port, ev.u16(listen, "sport"));
        assertEquals(0, ev.s32(listen, "pid"), "only connects are attributed");
        assertFalse(matching(events, e -> ev.u64(e, "skaddr") != client && ev.u64(e, "skaddr") != ev.u64(listen, "skaddr")
                && ev.u16(e, "sport") == port && ev.s32(e, "newstate") == TCP_ESTABLISHED).isEmpty(), "the accepted side");

        StructView key = StructView.of(CollectionTestAccess.object(obj), "conn_key");
        ByteBuffer k = ByteBuffer.allocate(key.size()).order(ByteOrder.nativeOrder());
        k.put(key.offset("daddr"), new byte[] {127, 0, 0, 1});
        k.putShort(key.offset("dport"), (short) port);
        k.putShort(key.offset("family"), (short) 2);
        byte[] count = new byte[8];
        assertTrue(obj.map("connects").lookup(k.array(), count));
        assertEquals(1, ByteBuffer.wrap(count).order(ByteOrder.nativeOrder()).getLong(), "one connect to 127.0.0.1:" + port);
    }
}

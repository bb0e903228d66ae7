package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.error.BpfException;
import io.bpfskel.uapi.BpfCommand;
import io.bpfskel.uapi.MapType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The bpf(2) commands, one typed method each.
 *
 * <p>Every method takes a {@code context} saying what the call is for ({@code "map 'counts'"},
 * {@code "program 'handle_exec'"}); it ends up in the {@link BpfSyscallException} message. Methods
 * that create kernel objects return an owned {@link Fd}.
 *
 * <p>Map element methods copy through per-thread native buffers and allocate nothing. Their
 * {@code byte[]} arguments must have the map's sizes: the kernel reads {@code key_size} bytes from
 * the key and writes {@code value_size} bytes (per-CPU maps: {@code round_up(value_size, 8)} times
 * the number of possible CPUs) into the value, and a shorter array cannot be detected here.
 */
public final class Bpf {
    /** Initial verifier log buffer when none was sized; kernels since 6.4 tell us the exact need. */
    private static final int DEFAULT_LOG_SIZE = 256 * 1024;
    /** The kernel rejects log_size above UINT_MAX >> 2. */
    private static final int MAX_LOG_SIZE = (int) (0xFFFFFFFFL >>> 2);
    private static final int MAX_LOG_GROWTHS = 5;
    /** The verifier returns EAGAIN when a signal interrupts it; libbpf and cilium/ebpf retry too. */
    private static final int MAX_EAGAIN_RETRIES = 10;
    /** Long enough for any module name (MODULE_NAME_LEN is 56). */
    private static final int BTF_NAME_CAPACITY = 64;

    // Scratch slots used by the element and batch commands.
    private static final int KEY = 0;
    private static final int VALUE = 1;
    private static final int IN_BATCH = 0;
    private static final int OUT_BATCH = 1;
    private static final int KEYS = 2;
    private static final int VALUES = 3;

    private Bpf() {}

    // ---------------------------------------------------------------- maps

    public static Fd mapCreate(MapCreateAttr attr, String context) {
        BpfCommand cmd = BpfCommand.MAP_CREATE;
        try (NativeScope scope = new NativeScope()) {
            NativeMemory a = Scratch.get().attr(MapCreateAttr.SIZE);
            attr.encode(a, scope, context);
            long fd = Syscalls.bpf(cmd, a, MapCreateAttr.SIZE, context);
            return Fd.fromKernel((int) fd, cmd.uapiName(), context);
        }
    }

    /** Looks up {@code key}, copying the value into {@code value}; false when the key does not exist. */
    public static boolean mapLookupElem(Fd map, byte[] key, byte[] value, String context) {
        return mapLookupElem(map, key, value, 0, context);
    }

    /**
     * @param key null for queue and stack maps (peek)
     * @param flags 0 or {@link BpfFlags#BPF_F_LOCK}
     */
    public static boolean mapLookupElem(Fd map, byte[] key, byte[] value, long flags, String context) {
        return readElem(BpfCommand.MAP_LOOKUP_ELEM, map, key, value, flags, context);
    }

    /** A command that reads a value into {@code value} (lookup, lookup-and-delete); false on ENOENT. */
    private static boolean readElem(BpfCommand cmd, Fd map, byte[] key, byte[] value, long flags, String context) {
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            long k = s.copyIn(KEY, key);
            long v = s.outBuffer(VALUE, value);
            if (!elemCall(cmd, s, fd, k, v, flags, context)) {
                return false;
            }
            s.copyOut(VALUE, value);
            return true;
        } finally {
            map.exit();
        }
    }

    /** Variant for callers that manage their own native memory; false when the key does not exist. */
    public static boolean mapLookupElem(Fd map, NativeMemory key, NativeMemory value, long flags, String context) {
        return mapLookupElem(Scratch.get(), map, address(key), address(value), flags, context);
    }

    // The element commands over native addresses with the caller's per-thread state: the typed map views keep
    // the Scratch of the thread their buffers belong to, so one of their operations looks up one thread-local.

    /**
     * {@link #mapLookupElem(Fd, NativeMemory, NativeMemory, long, String)} over addresses, with the calling
     * thread's {@link Scratch}; false when the key does not exist.
     */
    public static boolean mapLookupElem(Scratch s, Fd map, long key, long value, long flags, String context) {
        BpfCommand cmd = BpfCommand.MAP_LOOKUP_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            return elemCall(cmd, s, fd, key, value, flags, context);
        } finally {
            map.exit();
        }
    }

    /** Update over addresses with the calling thread's {@link Scratch}; throws on any error. */
    public static void mapUpdateElem(Scratch s, Fd map, long key, long value, long flags, String context) {
        BpfCommand cmd = BpfCommand.MAP_UPDATE_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            elemCallThrowing(cmd, s, fd, key, value, flags, context);
        } finally {
            map.exit();
        }
    }

    /** Update over addresses returning 0 or the positive errno (see {@link #mapUpdateElemErrno}). */
    public static int mapUpdateElemErrno(Scratch s, Fd map, long key, long value, long flags, String context) {
        BpfCommand cmd = BpfCommand.MAP_UPDATE_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            MapElemAttr.encode(s.attrBuffer(), fd, key, value, flags);
            long r = Syscalls.bpfOrErrno(s, cmd.number(), MapElemAttr.SIZE);
            return r >= 0 ? 0 : (int) -r;
        } finally {
            map.exit();
        }
    }

    /** Delete over an address with the calling thread's {@link Scratch}; false when the key did not exist. */
    public static boolean mapDeleteElem(Scratch s, Fd map, long key, String context) {
        BpfCommand cmd = BpfCommand.MAP_DELETE_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            return elemCall(cmd, s, fd, key, 0, 0, context);
        } finally {
            map.exit();
        }
    }

    /** Lookup-and-delete over addresses with the calling thread's {@link Scratch}; false when absent. */
    public static boolean mapLookupAndDeleteElem(Scratch s, Fd map, long key, long value, long flags,
            String context) {
        BpfCommand cmd = BpfCommand.MAP_LOOKUP_AND_DELETE_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            return elemCall(cmd, s, fd, key, value, flags, context);
        } finally {
            map.exit();
        }
    }

    /**
     * Looks up a 4-byte key in a map with 8-byte values without allocating: the value, or
     * {@code defaultValue} when the key does not exist (e.g. a {@code u32 -> u64} counter map).
     */
    public static long mapLookupLong(Fd map, int key, long defaultValue, String context) {
        BpfCommand cmd = BpfCommand.MAP_LOOKUP_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            NativeMemory k = s.slot(KEY, 8);
            NativeMemory v = s.slot(VALUE, 8);
            k.setInt(0, key);
            return elemCall(cmd, s, fd, k.address(), v.address(), 0, context) ? v.getLong(0) : defaultValue;
        } finally {
            map.exit();
        }
    }

    /** Updates a 4-byte key of a map with 8-byte values without allocating. */
    public static void mapUpdateLong(Fd map, int key, long value, long flags, String context) {
        BpfCommand cmd = BpfCommand.MAP_UPDATE_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            NativeMemory k = s.slot(KEY, 8);
            NativeMemory v = s.slot(VALUE, 8);
            k.setInt(0, key);
            v.setLong(0, value);
            elemCallThrowing(cmd, s, fd, k.address(), v.address(), flags, context);
        } finally {
            map.exit();
        }
    }

    /**
     * @param key null for queue and stack maps (push)
     * @param flags {@link BpfFlags#BPF_ANY}, {@link BpfFlags#BPF_NOEXIST}, {@link BpfFlags#BPF_EXIST}, optionally
     *     with {@link BpfFlags#BPF_F_LOCK}
     */
    public static void mapUpdateElem(Fd map, byte[] key, byte[] value, long flags, String context) {
        BpfCommand cmd = BpfCommand.MAP_UPDATE_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            long k = s.copyIn(KEY, key);
            long v = s.copyIn(VALUE, value);
            elemCallThrowing(cmd, s, fd, k, v, flags, context);
        } finally {
            map.exit();
        }
    }

    public static void mapUpdateElem(Fd map, NativeMemory key, NativeMemory value, long flags, String context) {
        mapUpdateElem(Scratch.get(), map, address(key), address(value), flags, context);
    }

    /**
     * The raw path over caller memory: the key is read from {@code key}'s position, the value written at
     * {@code value}'s position; positions do not move. Direct buffers are used in place (nothing is copied or
     * allocated), heap buffers go through this thread's scratch memory. False when the key does not exist.
     */
    public static boolean mapLookupElem(Fd map, ByteBuffer key, ByteBuffer value, long flags, String context) {
        BpfCommand cmd = BpfCommand.MAP_LOOKUP_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            if (!elemCall(cmd, s, fd, s.in(KEY, key), s.out(VALUE, value), flags, context)) {
                return false;
            }
            s.copyOut(VALUE, value);
            return true;
        } finally {
            map.exit();
        }
    }

    /** {@link #mapUpdateElem(Fd, byte[], byte[], long, String)} over caller memory, as {@link #mapLookupElem(Fd, ByteBuffer, ByteBuffer, long, String)}. */
    public static void mapUpdateElem(Fd map, ByteBuffer key, ByteBuffer value, long flags, String context) {
        BpfCommand cmd = BpfCommand.MAP_UPDATE_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            elemCallThrowing(cmd, s, fd, s.in(KEY, key), s.in(VALUE, value), flags, context);
        } finally {
            map.exit();
        }
    }

    /** False when the key did not exist. */
    public static boolean mapDeleteElem(Fd map, byte[] key, String context) {
        BpfCommand cmd = BpfCommand.MAP_DELETE_ELEM;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            return elemCall(cmd, s, fd, s.copyIn(KEY, key), 0, 0, context);
        } finally {
            map.exit();
        }
    }

    public static boolean mapDeleteElem(Fd map, NativeMemory key, String context) {
        return mapDeleteElem(Scratch.get(), map, address(key), context);
    }

    /**
     * Writes the key following {@code key} into {@code nextKey}.
     *
     * @param key null to get the first key
     * @return false when {@code key} was the last one (ENOENT)
     */
    public static boolean mapGetNextKey(Fd map, byte[] key, byte[] nextKey, String context) {
        BpfCommand cmd = BpfCommand.MAP_GET_NEXT_KEY;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            long k = s.copyIn(KEY, key);
            long next = s.outBuffer(VALUE, nextKey);
            if (!elemCall(cmd, s, fd, k, next, 0, context)) {
                return false;
            }
            s.copyOut(VALUE, nextKey);
            return true;
        } finally {
            map.exit();
        }
    }

    /**
     * Atomically reads and removes an element (for queue and stack maps: pops, with a null key).
     *
     * @return false when there was no such element
     */
    public static boolean mapLookupAndDeleteElem(Fd map, byte[] key, byte[] value, long flags, String context) {
        return readElem(BpfCommand.MAP_LOOKUP_AND_DELETE_ELEM, map, key, value, flags, context);
    }

    /** {@link #mapGetNextKey(Fd, byte[], byte[], String)} over caller-managed native memory; key null for the first key. */
    public static boolean mapGetNextKey(Fd map, NativeMemory key, NativeMemory nextKey, String context) {
        BpfCommand cmd = BpfCommand.MAP_GET_NEXT_KEY;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            return elemCall(cmd, Scratch.get(), fd, address(key), address(nextKey), 0, context);
        } finally {
            map.exit();
        }
    }

    /** {@link #mapLookupAndDeleteElem(Fd, byte[], byte[], long, String)} over caller-managed native memory. */
    public static boolean mapLookupAndDeleteElem(Fd map, NativeMemory key, NativeMemory value, long flags, String context) {
        return mapLookupAndDeleteElem(Scratch.get(), map, address(key), address(value), flags, context);
    }

    /**
     * Update returning the errno instead of throwing, for callers to whom EEXIST (NOEXIST flag), ENOENT
     * (EXIST flag) or E2BIG (a full queue) are answers.
     *
     * @return 0 on success, otherwise the positive errno
     */
    public static int mapUpdateElemErrno(Fd map, NativeMemory key, NativeMemory value, long flags, String context) {
        return mapUpdateElemErrno(Scratch.get(), map, address(key), address(value), flags, context);
    }

    /**
     * {@link #mapLookupBatch} over caller-managed native memory: {@code keys} and {@code values} hold
     * {@code count} elements, {@code outBatch} at least {@code max(key_size, 4)} bytes.
     *
     * @param andDelete BPF_MAP_LOOKUP_AND_DELETE_BATCH instead of BPF_MAP_LOOKUP_BATCH
     * @return the elements copied; negative ({@code -count - 1}) when these were the last ones (the
     *     kernel's ENOENT), so that a caller needs no result object per call
     */
    public static int mapLookupBatch(Fd map, boolean andDelete, NativeMemory inBatch, NativeMemory outBatch, NativeMemory keys,
            NativeMemory values, int count, long elemFlags, String context) {
        BpfCommand cmd = andDelete ? BpfCommand.MAP_LOOKUP_AND_DELETE_BATCH : BpfCommand.MAP_LOOKUP_BATCH;
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive");
        }
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            MapBatchAttr.encode(s.attrBuffer(), address(inBatch), address(outBatch), address(keys), address(values),
                    count, fd, elemFlags, 0);
            long r = Syscalls.bpfOrErrno(s, cmd.number(), MapBatchAttr.SIZE);
            if (r < 0 && r != -Errno.ENOENT) {
                throw new BpfSyscallException(cmd.uapiName(), (int) -r, context);
            }
            int got = Math.min(count, MapBatchAttr.count(s.attrBuffer()));
            return r < 0 ? -got - 1 : got;
        } finally {
            map.exit();
        }
    }

    /** {@link #mapUpdateBatch} over caller-managed native memory. */
    public static int mapUpdateBatch(Fd map, NativeMemory keys, NativeMemory values, int count, long elemFlags,
            String context) {
        BpfCommand cmd = BpfCommand.MAP_UPDATE_BATCH;
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive");
        }
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            return writeBatch(cmd, Scratch.get(), fd, address(keys), address(values), count, elemFlags, context);
        } finally {
            map.exit();
        }
    }

    /** {@link #mapDeleteBatch} over caller-managed native memory. */
    public static int mapDeleteBatch(Fd map, NativeMemory keys, int count, long elemFlags, String context) {
        BpfCommand cmd = BpfCommand.MAP_DELETE_BATCH;
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive");
        }
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            return writeBatch(cmd, Scratch.get(), fd, address(keys), 0, count, elemFlags, context);
        } finally {
            map.exit();
        }
    }

    /** Makes the map read-only for user space; BPF programs can still write it. */
    public static void mapFreeze(Fd map, String context) {
        BpfCommand cmd = BpfCommand.MAP_FREEZE;
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            NativeMemory a = Scratch.get().attr(MapElemAttr.SIZE);
            Structs.u32(a, MapElemAttr.MAP_FD, fd);
            Syscalls.bpf(cmd, a, MapElemAttr.SIZE, context);
        } finally {
            map.exit();
        }
    }

    /**
     * Reads up to {@code count} elements starting at the {@code inBatch} cursor.
     *
     * @param inBatch cursor from a previous call's {@code outBatch}, or null to start at the beginning
     * @param outBatch receives the cursor for the next call; hash maps use a 4-byte bucket index,
     *     other maps a key, so size it {@code max(key_size, 4)}
     * @param keys room for {@code count} keys ({@code keys.length / count} is taken as key size)
     * @param values room for {@code count} values
     */
    public static BatchResult mapLookupBatch(Fd map, byte[] inBatch, byte[] outBatch, byte[] keys, byte[] values,
            int count, long elemFlags, String context) {
        return lookupBatch(BpfCommand.MAP_LOOKUP_BATCH, map, inBatch, outBatch, keys, values, count, elemFlags,
                context);
    }

    /** Like {@link #mapLookupBatch} but also deletes what it returns. */
    public static BatchResult mapLookupAndDeleteBatch(Fd map, byte[] inBatch, byte[] outBatch, byte[] keys,
            byte[] values, int count, long elemFlags, String context) {
        return lookupBatch(BpfCommand.MAP_LOOKUP_AND_DELETE_BATCH, map, inBatch, outBatch, keys, values, count,
                elemFlags, context);
    }

    /** Updates {@code count} elements; returns how many were written (all of them unless it throws). */
    public static int mapUpdateBatch(Fd map, byte[] keys, byte[] values, int count, long elemFlags, String context) {
        BpfCommand cmd = BpfCommand.MAP_UPDATE_BATCH;
        checkBatch(keys, count, "keys");
        checkBatch(values, count, "values");
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            long k = s.copyIn(KEYS, keys);
            long v = s.copyIn(VALUES, values);
            return writeBatch(cmd, s, fd, k, v, count, elemFlags, context);
        } finally {
            map.exit();
        }
    }

    /** Deletes {@code count} keys; returns how many were deleted (all of them unless it throws). */
    public static int mapDeleteBatch(Fd map, byte[] keys, int count, long elemFlags, String context) {
        BpfCommand cmd = BpfCommand.MAP_DELETE_BATCH;
        checkBatch(keys, count, "keys");
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            long k = s.copyIn(KEYS, keys);
            return writeBatch(cmd, s, fd, k, 0, count, elemFlags, context);
        } finally {
            map.exit();
        }
    }

    // ---------------------------------------------------------------- programs and BTF

    /**
     * Loads a program. When loading fails and no log was requested, loads again with a log so the
     * exception can carry the verifier's explanation.
     */
    public static Fd progLoad(ProgLoadAttr attr, String context) {
        return progLoadWithLog(attr, context).fd();
    }

    /** Loads a program and returns the verifier log requested by {@link ProgLoadAttr#logLevel()}. */
    public static LoadResult progLoadWithLog(ProgLoadAttr attr, String context) {
        return loadWithLog(BpfCommand.PROG_LOAD, ProgLoadAttr.SIZE, PROG_LOG, attr.logLevel(), attr.logSize(),
                (a, scope) -> attr.encode(a, scope, context), context);
    }

    /** Loads BTF, with the same log handling as {@link #progLoad}. */
    public static Fd btfLoad(BtfLoadAttr attr, String context) {
        return btfLoadWithLog(attr, context).fd();
    }

    public static LoadResult btfLoadWithLog(BtfLoadAttr attr, String context) {
        return loadWithLog(BpfCommand.BTF_LOAD, BtfLoadAttr.SIZE, BTF_LOG, attr.logLevel(), attr.logSize(),
                (a, scope) -> attr.encode(a, scope, context), context);
    }

    /** Runs a program once or {@code repeat} times in the kernel without attaching it. */
    public static ProgTestRunResult progTestRun(ProgTestRunAttr attr, String context) {
        BpfCommand cmd = BpfCommand.PROG_TEST_RUN;
        try (NativeScope scope = new NativeScope()) {
            NativeMemory a = scope.alloc(ProgTestRunAttr.SIZE);
            long[] buffers = attr.encode(a, scope, context);
            Syscalls.bpf(cmd, a, ProgTestRunAttr.SIZE, context);
            long retval = Integer.toUnsignedLong(Structs.u32(a, ProgTestRunAttr.RETVAL));
            int duration = Structs.u32(a, ProgTestRunAttr.DURATION);
            byte[] dataOut = readOut(buffers[1], attr.dataSizeOut(), Structs.u32(a, ProgTestRunAttr.DATA_SIZE_OUT));
            byte[] ctxOut = readOut(buffers[3], attr.ctxSizeOut(), Structs.u32(a, ProgTestRunAttr.CTX_SIZE_OUT));
            byte[] ctxIn = buffers[2] == 0 ? null : bytesAt(buffers[2], attr.ctxIn().length);
            return new ProgTestRunResult(retval, duration, dataOut, ctxOut, ctxIn);
        }
    }

    /** Keeps {@code map} alive as long as {@code prog}, although no instruction refers to it. */
    public static void progBindMap(Fd prog, Fd map, String context) {
        BpfCommand cmd = BpfCommand.PROG_BIND_MAP;
        int p = prog.acquire(cmd.uapiName(), context);
        try {
            int m = map.acquire(cmd.uapiName(), context);
            try {
                NativeMemory a = Scratch.get().attr(ProgBindMapAttr.SIZE);
                ProgBindMapAttr.encode(a, p, m, 0);
                Syscalls.bpf(cmd, a, ProgBindMapAttr.SIZE, context);
            } finally {
                map.exit();
            }
        } finally {
            prog.exit();
        }
    }

    // ---------------------------------------------------------------- pinning and ids

    /** Pins the object at {@code path}, which must be on a bpf filesystem. */
    public static void objPin(Fd obj, String path, String context) {
        BpfCommand cmd = BpfCommand.OBJ_PIN;
        int fd = obj.acquire(cmd.uapiName(), context);
        try (NativeScope scope = new NativeScope()) {
            NativeMemory a = scope.alloc(ObjAttr.SIZE);
            ObjAttr.encode(a, scope.cString(path), fd, 0);
            Syscalls.bpf(cmd, a, ObjAttr.SIZE, withPath(context, path));
        } finally {
            obj.exit();
        }
    }

    /**
     * Opens a pinned object.
     *
     * @param fileFlags 0, {@link BpfFlags#BPF_F_RDONLY} or {@link BpfFlags#BPF_F_WRONLY}
     */
    public static Fd objGet(String path, int fileFlags, String context) {
        BpfCommand cmd = BpfCommand.OBJ_GET;
        try (NativeScope scope = new NativeScope()) {
            NativeMemory a = scope.alloc(ObjAttr.SIZE);
            ObjAttr.encode(a, scope.cString(path), 0, fileFlags);
            String where = withPath(context, path);
            return Fd.fromKernel((int) Syscalls.bpf(cmd, a, ObjAttr.SIZE, where), cmd.uapiName(), where);
        }
    }

    /** The smallest program id greater than {@code startId}; empty after the last one. */
    public static OptionalInt progGetNextId(int startId) {
        return nextId(BpfCommand.PROG_GET_NEXT_ID, startId);
    }

    public static OptionalInt mapGetNextId(int startId) {
        return nextId(BpfCommand.MAP_GET_NEXT_ID, startId);
    }

    public static OptionalInt btfGetNextId(int startId) {
        return nextId(BpfCommand.BTF_GET_NEXT_ID, startId);
    }

    public static OptionalInt linkGetNextId(int startId) {
        return nextId(BpfCommand.LINK_GET_NEXT_ID, startId);
    }

    /** Opens a program by id; ENOENT when it went away since its id was seen. */
    public static Fd progGetFdById(int id) {
        return fdById(BpfCommand.PROG_GET_FD_BY_ID, id, 0, "program id " + id);
    }

    /** @param openFlags 0, {@link BpfFlags#BPF_F_RDONLY} or {@link BpfFlags#BPF_F_WRONLY} */
    public static Fd mapGetFdById(int id, int openFlags) {
        return fdById(BpfCommand.MAP_GET_FD_BY_ID, id, openFlags, "map id " + id);
    }

    public static Fd btfGetFdById(int id) {
        return fdById(BpfCommand.BTF_GET_FD_BY_ID, id, 0, "BTF id " + id);
    }

    public static Fd linkGetFdById(int id) {
        return fdById(BpfCommand.LINK_GET_FD_BY_ID, id, 0, "link id " + id);
    }

    // ---------------------------------------------------------------- object info

    public static MapInfo mapInfo(Fd map, String context) {
        try (NativeScope scope = new NativeScope()) {
            NativeMemory info = scope.alloc(MapInfo.SIZE);
            objInfo(map, info, MapInfo.SIZE, context);
            return MapInfo.decode(info);
        }
    }

    /** Program info including the translated instructions and map ids (two calls: sizes, then data). */
    /** Just the program's id: one info call without the translated instructions (cheap, unlike {@link #progInfo}). */
    public static int progId(Fd prog, String context) {
        try (NativeScope scope = new NativeScope()) {
            NativeMemory info = scope.alloc(ProgInfo.SIZE);
            objInfo(prog, info, ProgInfo.SIZE, context);
            return Structs.u32(info, ProgInfo.ID);
        }
    }

    public static ProgInfo progInfo(Fd prog, String context) {
        try (NativeScope scope = new NativeScope()) {
            NativeMemory info = scope.alloc(ProgInfo.SIZE);
            objInfo(prog, info, ProgInfo.SIZE, context);
            int xlatedLen = Structs.u32(info, ProgInfo.XLATED_PROG_LEN);
            int nrMapIds = Structs.u32(info, ProgInfo.NR_MAP_IDS);
            if (xlatedLen == 0 && nrMapIds == 0) {
                return ProgInfo.decode(info, new byte[0], new int[0]);
            }
            // The second request must be fresh: every length the first call filled in would
            // otherwise tell the kernel to copy into a NULL pointer (EFAULT).
            NativeMemory second = scope.alloc(ProgInfo.SIZE);
            long xlated = scope.buffer(xlatedLen);
            long mapIds = scope.buffer(4L * nrMapIds);
            Structs.u32(second, ProgInfo.XLATED_PROG_LEN, xlatedLen);
            Structs.u64(second, ProgInfo.XLATED_PROG_INSNS, xlated);
            Structs.u32(second, ProgInfo.NR_MAP_IDS, nrMapIds);
            Structs.u64(second, ProgInfo.MAP_IDS, mapIds);
            objInfo(prog, second, ProgInfo.SIZE, context);
            // Lengths can only shrink between the calls (a map can't be added to a loaded program).
            int gotXlated = Math.min(xlatedLen, Structs.u32(second, ProgInfo.XLATED_PROG_LEN));
            int gotMaps = Math.min(nrMapIds, Structs.u32(second, ProgInfo.NR_MAP_IDS));
            byte[] insns = xlated == 0 ? new byte[0] : bytesAt(xlated, gotXlated);
            int[] ids = mapIds == 0 ? new int[0] : NativeMemory.wrap(mapIds, 4L * gotMaps).getIntArray(0, gotMaps);
            return ProgInfo.decode(second, insns, ids);
        }
    }

    /**
     * @param withData also fetch the raw BTF blob (for vmlinux, several MiB)
     */
    public static BtfInfo btfInfo(Fd btf, boolean withData, String context) {
        try (NativeScope scope = new NativeScope()) {
            NativeMemory info = scope.alloc(BtfInfo.SIZE);
            long name = scope.buffer(BTF_NAME_CAPACITY);
            BtfInfo.encodeRequest(info, 0, 0, name, BTF_NAME_CAPACITY);
            objInfo(btf, info, BtfInfo.SIZE, context);
            int size = Structs.u32(info, BtfInfo.BTF_SIZE);
            byte[] data = new byte[0];
            if (withData && size > 0) {
                long blob = scope.buffer(size);
                NativeMemory second = scope.alloc(BtfInfo.SIZE);
                BtfInfo.encodeRequest(second, blob, size, name, BTF_NAME_CAPACITY);
                objInfo(btf, second, BtfInfo.SIZE, context);
                data = bytesAt(blob, Math.min(size, Structs.u32(second, BtfInfo.BTF_SIZE)));
            }
            return new BtfInfo(data, size, Structs.u32(info, BtfInfo.ID),
                    NativeMemory.wrap(name, BTF_NAME_CAPACITY).getString(0),
                    Structs.u32(info, BtfInfo.KERNEL_BTF) != 0);
        }
    }

    public static LinkInfo linkInfo(Fd link, String context) {
        try (NativeScope scope = new NativeScope()) {
            NativeMemory info = scope.alloc(LinkInfo.SIZE);
            objInfo(link, info, LinkInfo.SIZE, context);
            return LinkInfo.decode(info);
        }
    }

    // ---------------------------------------------------------------- attaching

    public static Fd linkCreate(LinkCreateAttr attr, String context) {
        BpfCommand cmd = BpfCommand.LINK_CREATE;
        try (NativeScope scope = new NativeScope()) {
            NativeMemory a = scope.alloc(LinkCreateAttr.SIZE);
            attr.encode(a, scope, context);
            return Fd.fromKernel((int) Syscalls.bpf(cmd, a, LinkCreateAttr.SIZE, context), cmd.uapiName(), context);
        }
    }

    /**
     * Points a struct_ops link at another struct_ops map (BPF_LINK_UPDATE with {@code new_map_fd}): the kernel swaps
     * the registered implementation without a moment where none is registered.
     */
    public static void linkUpdateMap(Fd link, Fd newMap, String context) {
        BpfCommand cmd = BpfCommand.LINK_UPDATE;
        try (NativeScope scope = new NativeScope()) {
            int linkFd = scope.hold(link, cmd.uapiName(), context);
            int mapFd = scope.hold(newMap, cmd.uapiName(), context);
            NativeMemory a = Scratch.get().attr(LinkUpdateAttr.SIZE);
            LinkUpdateAttr.encode(a, linkFd, mapFd, 0, 0);
            Syscalls.bpf(cmd, a, LinkUpdateAttr.SIZE, context);
        }
    }

    /** Detaches the link's program while keeping the link fd valid (defunct). */
    public static void linkDetach(Fd link, String context) {
        BpfCommand cmd = BpfCommand.LINK_DETACH;
        int fd = link.acquire(cmd.uapiName(), context);
        try {
            NativeMemory a = Scratch.get().attr(LinkDetachAttr.SIZE);
            LinkDetachAttr.encode(a, fd);
            Syscalls.bpf(cmd, a, LinkDetachAttr.SIZE, context);
        } finally {
            link.exit();
        }
    }

    /**
     * Opens a new session of an iterator link: reading the returned fd runs the iterator program and yields
     * what it printed, until end of file.
     */
    public static Fd iterCreate(Fd link, String context) {
        BpfCommand cmd = BpfCommand.ITER_CREATE;
        int fd = link.acquire(cmd.uapiName(), context);
        try {
            NativeMemory a = Scratch.get().attr(IterCreateAttr.SIZE);
            IterCreateAttr.encode(a, fd, 0);
            return Fd.fromKernel((int) Syscalls.bpf(cmd, a, IterCreateAttr.SIZE, context), cmd.uapiName(), context);
        } finally {
            link.exit();
        }
    }

    /**
     * Attaches a raw tracepoint program and returns the link.
     *
     * @param name tracepoint name such as {@code "sys_enter"}; null for tp_btf programs
     * @param cookie bpf_get_attach_cookie() value; non-zero needs kernel 6.10+
     */
    public static Fd rawTracepointOpen(Fd prog, String name, long cookie, String context) {
        BpfCommand cmd = BpfCommand.RAW_TRACEPOINT_OPEN;
        int fd = prog.acquire(cmd.uapiName(), context);
        try (NativeScope scope = new NativeScope()) {
            NativeMemory a = scope.alloc(RawTracepointOpenAttr.SIZE);
            RawTracepointOpenAttr.encode(a, scope.cString(name), fd, cookie);
            return Fd.fromKernel((int) Syscalls.bpf(cmd, a, RawTracepointOpenAttr.SIZE, context), cmd.uapiName(),
                    context);
        } finally {
            prog.exit();
        }
    }

    public static void progAttach(ProgAttachAttr attr, String context) {
        BpfCommand cmd = BpfCommand.PROG_ATTACH;
        try (NativeScope scope = new NativeScope()) {
            NativeMemory a = Scratch.get().attr(ProgAttachAttr.SIZE);
            attr.encode(a, scope, cmd.uapiName(), context);
            Syscalls.bpf(cmd, a, ProgAttachAttr.SIZE, context);
        }
    }

    public static void progDetach(ProgAttachAttr attr, String context) {
        BpfCommand cmd = BpfCommand.PROG_DETACH;
        try (NativeScope scope = new NativeScope()) {
            NativeMemory a = Scratch.get().attr(ProgAttachAttr.SIZE);
            attr.encode(a, scope, cmd.uapiName(), context);
            Syscalls.bpf(cmd, a, ProgAttachAttr.SIZE, context);
        }
    }

    /**
     * Turns on kernel-wide statistics while the returned fd is open.
     *
     * @param type {@link BpfFlags#BPF_STATS_RUN_TIME}
     */
    public static Fd enableStats(int type, String context) {
        BpfCommand cmd = BpfCommand.ENABLE_STATS;
        NativeMemory a = Scratch.get().attr(EnableStatsAttr.SIZE);
        EnableStatsAttr.encode(a, type);
        return Fd.fromKernel((int) Syscalls.bpf(cmd, a, EnableStatsAttr.SIZE, context), cmd.uapiName(), context);
    }

    // ---------------------------------------------------------------- internals

    /** One element command; false on ENOENT, throws on any other error. */
    private static boolean elemCall(BpfCommand cmd, Scratch s, int fd, long key, long value, long flags,
            String context) {
        MapElemAttr.encode(s.attrBuffer(), fd, key, value, flags);
        long r = Syscalls.bpfOrErrno(s, cmd.number(), MapElemAttr.SIZE);
        if (r >= 0) {
            return true;
        }
        if (r == -Errno.ENOENT) {
            return false;
        }
        throw new BpfSyscallException(cmd.uapiName(), (int) -r, context);
    }

    private static void elemCallThrowing(BpfCommand cmd, Scratch s, int fd, long key, long value, long flags,
            String context) {
        MapElemAttr.encode(s.attrBuffer(), fd, key, value, flags);
        long r = Syscalls.bpfOrErrno(s, cmd.number(), MapElemAttr.SIZE);
        if (r < 0) {
            throw new BpfSyscallException(cmd.uapiName(), (int) -r, context);
        }
    }

    private static BatchResult lookupBatch(BpfCommand cmd, Fd map, byte[] inBatch, byte[] outBatch, byte[] keys,
            byte[] values, int count, long elemFlags, String context) {
        checkBatch(keys, count, "keys");
        checkBatch(values, count, "values");
        if (outBatch == null || outBatch.length == 0) {
            throw new IllegalArgumentException("outBatch is required");
        }
        int fd = map.acquire(cmd.uapiName(), context);
        try {
            Scratch s = Scratch.get();
            long in = s.copyIn(IN_BATCH, inBatch);
            long out = s.outBuffer(OUT_BATCH, outBatch);
            long k = s.outBuffer(KEYS, keys);
            long v = s.outBuffer(VALUES, values);
            MapBatchAttr.encode(s.attrBuffer(), in, out, k, v, count, fd, elemFlags, 0);
            long r = Syscalls.bpfOrErrno(s, cmd.number(), MapBatchAttr.SIZE);
            // ENOENT means "no more elements"; the count still says how many this call returned.
            if (r < 0 && r != -Errno.ENOENT) {
                throw new BpfSyscallException(cmd.uapiName(), (int) -r, context);
            }
            int got = Math.min(count, MapBatchAttr.count(s.attrBuffer()));
            s.slot(KEYS, 0).read(0, keys, 0, got * (keys.length / count));
            s.slot(VALUES, 0).read(0, values, 0, got * (values.length / count));
            s.copyOut(OUT_BATCH, outBatch);
            return new BatchResult(got, r < 0);
        } finally {
            map.exit();
        }
    }

    private static int writeBatch(BpfCommand cmd, Scratch s, int fd, long keys, long values, int count,
            long elemFlags, String context) {
        MapBatchAttr.encode(s.attrBuffer(), 0, 0, keys, values, count, fd, elemFlags, 0);
        long r = Syscalls.bpfOrErrno(s, cmd.number(), MapBatchAttr.SIZE);
        int done = MapBatchAttr.count(s.attrBuffer());
        if (r < 0) {
            throw new BpfSyscallException(cmd.uapiName(), (int) -r, context,
                    done + " of " + count + " elements were processed before the error", null);
        }
        return done;
    }

    private static void checkBatch(byte[] data, int count, String what) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive");
        }
        if (data == null || data.length == 0 || data.length % count != 0) {
            throw new IllegalArgumentException(what + " must hold count equally sized elements");
        }
    }

    private static OptionalInt nextId(BpfCommand cmd, int startId) {
        NativeMemory a = Scratch.get().attr(GetIdAttr.SIZE);
        GetIdAttr.encode(a, startId, 0);
        long r = Syscalls.bpfOrErrno(cmd, a, GetIdAttr.SIZE);
        if (r == -Errno.ENOENT) {
            return OptionalInt.empty();
        }
        if (r < 0) {
            throw new BpfSyscallException(cmd.uapiName(), (int) -r, "id after " + startId);
        }
        return OptionalInt.of(GetIdAttr.nextId(a));
    }

    private static Fd fdById(BpfCommand cmd, int id, int openFlags, String context) {
        NativeMemory a = Scratch.get().attr(GetIdAttr.SIZE);
        GetIdAttr.encode(a, id, openFlags);
        return Fd.fromKernel((int) Syscalls.bpf(cmd, a, GetIdAttr.SIZE, context), cmd.uapiName(), context);
    }

    private static void objInfo(Fd obj, NativeMemory info, int infoLen, String context) {
        BpfCommand cmd = BpfCommand.OBJ_GET_INFO_BY_FD;
        int fd = obj.acquire(cmd.uapiName(), context);
        try {
            NativeMemory a = Scratch.get().attr(InfoAttr.SIZE);
            InfoAttr.encode(a, fd, infoLen, info.address());
            Syscalls.bpf(cmd, a, InfoAttr.SIZE, context);
        } finally {
            obj.exit();
        }
    }

    private static byte[] readOut(long address, int capacity, int reported) {
        if (address == 0) {
            return new byte[0];
        }
        return bytesAt(address, Math.min(capacity, reported));
    }

    /** A copy of {@code length} bytes of native memory at {@code address}. */
    private static byte[] bytesAt(long address, int length) {
        return NativeMemory.wrap(address, length).getByteArray(0, length);
    }

    private static long address(NativeMemory p) {
        return p == null ? 0 : p.address();
    }

    private static String withPath(String context, String path) {
        return context == null || context.isEmpty() ? "path " + path : context + " at " + path;
    }

    /** Offsets of the log fields, which PROG_LOAD and BTF_LOAD place differently. */
    private record LogFields(int level, int size, int buf, int trueSize) {}

    private static final LogFields PROG_LOG = new LogFields(ProgLoadAttr.LOG_LEVEL, ProgLoadAttr.LOG_SIZE,
            ProgLoadAttr.LOG_BUF, ProgLoadAttr.LOG_TRUE_SIZE);
    private static final LogFields BTF_LOG = new LogFields(BtfLoadAttr.BTF_LOG_LEVEL, BtfLoadAttr.BTF_LOG_SIZE,
            BtfLoadAttr.BTF_LOG_BUF, BtfLoadAttr.BTF_LOG_TRUE_SIZE);

    private interface Encoder {
        void encode(NativeMemory attr, NativeScope scope);
    }

    /**
     * The load-with-log protocol shared by PROG_LOAD and BTF_LOAD: load without a log when none was
     * asked for (cheaper); on failure load again with one; when the log did not fit (ENOSPC), grow
     * it to the size the kernel reports (6.4+) or by 4x, and try again.
     */
    private static LoadResult loadWithLog(BpfCommand cmd, int attrSize, LogFields fields, int requestedLevel,
            int requestedSize, Encoder encoder, String context) {
        try (NativeScope scope = new NativeScope()) {
            NativeMemory a = scope.alloc(attrSize);
            encoder.encode(a, scope);
            int level = requestedLevel;
            int size = level == 0 ? 0 : clampLogSize(requestedSize > 0 ? requestedSize : DEFAULT_LOG_SIZE);
            NativeMemory log = null;
            for (int growths = 0; ; ) {
                if (level > 0 && (log == null || log.size() < size)) {
                    log = scope.alloc(size);
                }
                Structs.u32(a, fields.level(), level);
                Structs.u32(a, fields.size(), level == 0 ? 0 : size);
                Structs.u64(a, fields.buf(), level == 0 ? 0 : log.address());
                Structs.u32(a, fields.trueSize(), 0);
                long r = callRetryingEagain(cmd, a, attrSize);
                if (r >= 0) {
                    Fd fd = Fd.fromKernel((int) r, cmd.uapiName(), context);
                    return new LoadResult(fd, level == 0 ? "" : logText(log, size));
                }
                int errno = (int) -r;
                if (level == 0) {
                    if (errno == Errno.EPERM) {
                        throw new BpfSyscallException(cmd.uapiName(), errno, context);
                    }
                    level = ProgLoadAttr.LOG_LEVEL1;
                    size = DEFAULT_LOG_SIZE;
                    continue;
                }
                int trueSize = Structs.u32(a, fields.trueSize());
                if (errno == Errno.ENOSPC && size < MAX_LOG_SIZE && growths++ < MAX_LOG_GROWTHS
                        && (trueSize == 0 || trueSize > size)) {
                    size = clampLogSize(trueSize > size ? trueSize : (long) size * 4);
                    continue;
                }
                throw new BpfSyscallException(cmd.uapiName(), errno, context, null, logText(log, size));
            }
        }
    }

    private static long callRetryingEagain(BpfCommand cmd, NativeMemory a, int attrSize) {
        long r = Syscalls.bpfOrErrno(cmd, a, attrSize);
        for (int i = 0; r == -Errno.EAGAIN && i < MAX_EAGAIN_RETRIES; i++) {
            r = Syscalls.bpfOrErrno(cmd, a, attrSize);
        }
        return r;
    }

    private static int clampLogSize(long size) {
        return (int) Math.min(Math.max(size, 4096), MAX_LOG_SIZE);
    }

    private static String logText(NativeMemory log, int size) {
        if (log == null) {
            return "";
        }
        byte[] bytes = log.getByteArray(0, (int) Math.min(size, log.size()));
        int len = 0;
        while (len < bytes.length && bytes[len] != 0) {
            len++;
        }
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }
}

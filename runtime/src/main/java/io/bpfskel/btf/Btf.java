package io.bpfskel.btf;

import io.bpfskel.error.BpfFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed BTF blob: an object's {@code .BTF} section, {@code /sys/kernel/btf/vmlinux}, or a module's split
 * BTF on top of a base.
 *
 * <p>Parsing is one pass over the type section that records where each type starts and checks that every
 * type's variable-length part fits; types are decoded into {@link BtfType} records only when asked for.
 * A name index (name → ids) is built on the first lookup, so finding a type by name and kind costs O(1)
 * after that. A kernel BTF has ~130,000 types and most loads touch a few hundred of them.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Btf {
    public static final int MAGIC = 0xeb9f;
    private static final int MIN_HEADER = 24;
    private static final int TYPE_HEADER = 12;
    /** libbpf's limit on type chains (modifiers, typedefs, array elements) when resolving sizes. */
    static final int MAX_RESOLVE_DEPTH = 32;

    private final String source;
    private final ByteBuffer buf;
    private final Btf base;
    /** First id owned by this blob: 1 for a base BTF, base.typeCount() for split BTF. */
    private final int firstId;
    private final int typesStart;
    private final int stringsStart;
    private final int stringsLen;
    /** Offset from the start of this blob's type section of each own type, indexed by id - firstId. */
    private final int[] offsets;
    private final BtfType[] cache;
    private volatile NameIndex nameIndex;

    private Btf(String source, byte[] bytes, Btf base) {
        this.source = source;
        this.base = base;
        if (bytes.length < MIN_HEADER) {
            throw fail("BTF too short for a header (" + bytes.length + " bytes)");
        }
        ByteOrder order;
        if ((bytes[0] & 0xff) == 0x9f && (bytes[1] & 0xff) == 0xeb) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if ((bytes[0] & 0xff) == 0xeb && (bytes[1] & 0xff) == 0x9f) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw fail(String.format("bad BTF magic 0x%02x%02x", bytes[0] & 0xff, bytes[1] & 0xff));
        }
        this.buf = ByteBuffer.wrap(bytes).order(order);
        if (bytes[2] != 1) {
            throw fail("unsupported BTF version " + bytes[2]);
        }
        long hdrLen = u32(4);
        long typeOff = u32(8);
        long typeLen = u32(12);
        long strOff = u32(16);
        long strLen = u32(20);
        if (hdrLen < MIN_HEADER || hdrLen > bytes.length) {
            throw fail("BTF header length " + hdrLen + " out of range (blob is " + bytes.length + " bytes)");
        }
        long dataLen = bytes.length - hdrLen;
        if (typeOff > dataLen || typeLen > dataLen - typeOff) {
            throw fail("BTF type section [" + typeOff + ", +" + typeLen + ") outside the " + dataLen + " data bytes");
        }
        if (strOff > dataLen || strLen > dataLen - strOff) {
            throw fail("BTF string section [" + strOff + ", +" + strLen + ") outside the " + dataLen + " data bytes");
        }
        if (typeLen % 4 != 0) {
            throw fail("BTF type section length " + typeLen + " is not a multiple of 4");
        }
        if (strLen > 0 && bytes[(int) (hdrLen + strOff + strLen - 1)] != 0) {
            throw fail("BTF string section does not end with NUL");
        }
        this.typesStart = (int) (hdrLen + typeOff);
        this.stringsStart = (int) (hdrLen + strOff);
        this.stringsLen = (int) strLen;
        this.firstId = base == null ? 1 : base.typeCount();
        this.offsets = scanTypes((int) typeLen);
        this.cache = new BtfType[offsets.length];
    }

    /** Parses a base BTF blob (an object's {@code .BTF} or vmlinux). */
    public static Btf parse(String source, byte[] bytes) {
        return new Btf(source, bytes, null);
    }

    /** Parses split BTF (a kernel module's) whose type ids and string offsets continue those of {@code base}. */
    public static Btf parseSplit(String source, byte[] bytes, Btf base) {
        if (base == null) {
            throw new IllegalArgumentException("split BTF needs a base");
        }
        return new Btf(source, bytes, base);
    }

    private int[] scanTypes(int typeLen) {
        byte[] a = buf.array();
        boolean le = buf.order() == ByteOrder.LITTLE_ENDIAN;
        int start = typesStart;
        // vmlinux averages ~26 bytes a type: a first guess that rarely grows, trimmed at the end
        int[] offs = new int[Math.max(16, typeLen / 24)];
        int n = 0;
        int p = 0;
        while (p < typeLen) {
            if (typeLen - p < TYPE_HEADER) {
                throw fail("type " + (firstId + n) + ": truncated header at type section offset " + p);
            }
            int info = i32(a, start + p + 4, le);
            long extra = extraSize((info >>> 24) & 0x7f, info & 0xffffff);
            if (extra < 0) {
                throw fail("type " + (firstId + n) + ": unknown BTF kind " + ((info >>> 24) & 0x7f));
            }
            long next = p + TYPE_HEADER + extra;
            if (next > typeLen) {
                throw fail("type " + (firstId + n) + " (" + BtfKind.of((info >>> 24) & 0x7f) + "): " + extra
                        + " bytes of members/params do not fit the type section");
            }
            if (n == offs.length) {
                offs = Arrays.copyOf(offs, n * 2);
            }
            offs[n++] = p;
            p = (int) next;
        }
        if ((long) firstId + n > Integer.MAX_VALUE - 1) {
            throw fail("too many types");
        }
        return n == offs.length ? offs : Arrays.copyOf(offs, n);
    }

    /** Bytes that follow a type's 12-byte header, by kind number (uapi btf.h); -1 for a kind this reader does not know. */
    private static long extraSize(int kind, int vlen) {
        switch (kind) {
            case 1: // INT
            case 14: // VAR
            case 17: // DECL_TAG
                return 4;
            case 3: // ARRAY
                return 12;
            case 4: // STRUCT
            case 5: // UNION
            case 15: // DATASEC
            case 19: // ENUM64
                return 12L * vlen;
            case 6: // ENUM
            case 13: // FUNC_PROTO
                return 8L * vlen;
            case 2: case 7: case 8: case 9: case 10: case 11: case 12: case 16: case 18:
                return 0;
            default:
                return -1;
        }
    }

    // ---- accessors

    public String source() {
        return source;
    }

    public ByteOrder byteOrder() {
        return buf.order();
    }

    /** The base of a split BTF, or null. */
    public Btf base() {
        return base;
    }

    /** One past the largest valid type id (ids of the base included; id 0 is void). */
    public int typeCount() {
        return firstId + offsets.length;
    }

    /** The first id this blob defines itself (1 for a base BTF). */
    public int firstOwnId() {
        return firstId;
    }

    /** A copy of the raw blob. */
    public byte[] bytes() {
        byte[] out = new byte[buf.capacity()];
        buf.get(0, out);
        return out;
    }

    /** The kind of a type without decoding it. */
    public BtfKind kind(int id) {
        if (id == 0) {
            return BtfKind.UNKN;
        }
        if (id < firstId) {
            checkId(id, "type id");
            return base.kind(id);
        }
        checkId(id, "type id");
        return BtfKind.of((buf.getInt(typesStart + offsets[id - firstId] + 4) >>> 24) & 0x7f);
    }

    /**
     * The raw {@code kind_flag} bit of a type. The decoded records carry it where it changes the meaning of
     * their fields (bitfields, enum signedness, union forwards); for TYPE_TAG and DECL_TAG it marks a plain
     * attribute ({@code __attribute__((x))}) rather than {@code btf_type_tag}/{@code btf_decl_tag}, which
     * only this method reports.
     */
    public boolean kflag(int id) {
        if (id == 0) {
            return false;
        }
        checkId(id, "type id");
        if (id < firstId) {
            return base.kflag(id);
        }
        return buf.getInt(typesStart + offsets[id - firstId] + 4) < 0;
    }

    /** The name of a type without decoding it. */
    public String name(int id) {
        if (id == 0) {
            return "";
        }
        if (id < firstId) {
            checkId(id, "type id");
            return base.name(id);
        }
        checkId(id, "type id");
        return string(buf.getInt(typesStart + offsets[id - firstId]), id);
    }

    /** Decodes type {@code id}; 0 is {@link BtfType.Void}. */
    public BtfType type(int id) {
        if (id == 0) {
            return new BtfType.Void();
        }
        checkId(id, "type id");
        if (id < firstId) {
            return base.type(id);
        }
        BtfType t = cache[id - firstId];
        if (t == null) {
            t = decode(id);
            cache[id - firstId] = t;
        }
        return t;
    }

    /** Decodes every own type, in id order (for tools and writers; loaders should look types up lazily). */
    public List<BtfType> ownTypes() {
        List<BtfType> out = new ArrayList<>(offsets.length);
        for (int id = firstId; id < typeCount(); id++) {
            out.add(type(id));
        }
        return out;
    }

    /** The string at {@code offset} of the (possibly base-continued) string table. */
    public String string(int offset) {
        return string(offset, -1);
    }

    /**
     * Whether {@link #string(int)} would return a string for {@code offset} rather than throw (the section ends
     * with NUL, so any offset inside it starts a terminated string).
     */
    boolean hasString(int offset) {
        long off = Integer.toUnsignedLong(offset);
        if (base != null) {
            if (off < base.stringsLen) {
                return base.hasString(offset);
            }
            off -= base.stringsLen;
        }
        return off < stringsLen || off == 0;
    }

    private String string(int offset, int forType) {
        long off = Integer.toUnsignedLong(offset);
        if (base != null) {
            long baseLen = base.stringsLen;
            if (off < baseLen) {
                return base.string(offset);
            }
            off -= baseLen;
        }
        if (off >= stringsLen) {
            if (off == 0) {
                return "";
            }
            throw fail((forType >= 0 ? "type " + forType + ": " : "") + "string offset " + offset + " out of range (string section is " + stringsLen + " bytes)");
        }
        // the string section ends with NUL (checked when parsing), so the scan stops inside the array
        byte[] a = buf.array();
        int start = stringsStart + (int) off;
        int end = start;
        while (a[end] != 0) {
            end++;
        }
        if (end == start) {
            return "";
        }
        return new String(a, start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * Calls {@code action} with every string of this blob's own string section and the offset a type of
     * this blob would use to refer to it (continuing the base's offsets, as {@link #string(int)} reads them).
     * Writers of split BTF use it to reuse strings instead of appending duplicates.
     */
    void forEachOwnString(java.util.function.ObjIntConsumer<String> action) {
        int shift = base == null ? 0 : base.stringsLen;
        int end = stringsStart + stringsLen;
        int p = stringsStart;
        while (p < end) {
            int q = p;
            while (buf.get(q) != 0) {
                q++;
            }
            action.accept(new String(buf.array(), p, q - p, StandardCharsets.UTF_8), shift + (p - stringsStart));
            p = q + 1;
        }
    }

    /** Total length of this blob's own string section. */
    int stringsLength() {
        return stringsLen;
    }

    // ---- name lookup

    /** Ids of every type (base and own) named {@code name}, in id order. */
    public int[] findByName(String name) {
        int[] own = index().lookup(name);
        if (base == null) {
            return own;
        }
        int[] b = base.findByName(name);
        if (b.length == 0) {
            return own;
        }
        int[] all = Arrays.copyOf(b, b.length + own.length);
        System.arraycopy(own, 0, all, b.length, own.length);
        return all;
    }

    /** The first type (base first) with this name and kind, or 0 when there is none. */
    public int findByNameKind(String name, BtfKind kind) {
        if (base != null) {
            int id = base.findByNameKind(name, kind);
            if (id != 0) {
                return id;
            }
        }
        return findOwnByNameKind(name, kind);
    }

    /** The first type with this name and kind among this blob's own types (not the base's), or 0. */
    public int findOwnByNameKind(String name, BtfKind kind) {
        for (int id : index().lookup(name)) {
            if (kind(id) == kind) {
                return id;
            }
        }
        return 0;
    }

    private NameIndex index() {
        NameIndex idx = nameIndex;
        if (idx == null) {
            synchronized (this) {
                idx = nameIndex;
                if (idx == null) {
                    idx = new NameIndex();
                    nameIndex = idx;
                }
            }
        }
        return idx;
    }

    /**
     * Ids of this blob's own types named {@code essential___flavor} (libbpf's flavor convention, see
     * {@link #essentialNameLength}) for this essential name, ascending; the table of flavored names is built on the
     * first question.
     */
    public int[] ownIdsWithFlavorOf(String essential) {
        int[] ids = index().flavors().get(essential);
        return ids == null ? new int[0] : ids.clone();
    }

    /**
     * The length of a name's essential part: up to the last {@code ___} separating a non-underscore from a
     * non-underscore ({@code task_struct___v1} → {@code task_struct}), libbpf's {@code bpf_core_essential_name_len};
     * the whole length when there is no such separator.
     */
    public static int essentialNameLength(String name) {
        int n = name.length();
        for (int i = n - 5; i >= 0; i--) {
            if (name.charAt(i) != '_' && name.charAt(i + 1) == '_' && name.charAt(i + 2) == '_'
                    && name.charAt(i + 3) == '_' && name.charAt(i + 4) != '_') {
                return i + 1;
            }
        }
        return n;
    }

    /**
     * Open-addressing hash table from name to own type ids, keyed by a hash of the name's bytes in the
     * string table. One int array of (id, hash) pairs instead of a map of Strings: building it costs one pass
     * over the types that hashes each name straight from the blob's array, eight bytes at a time, and ~1 MiB for
     * a kernel BTF; a lookup touches one cache line per probe and compares bytes without allocating.
     */
    private final class NameIndex {
        /** Pairs: {@code [2s]} the id (0 for an empty slot), {@code [2s + 1]} the name's hash. */
        private final int[] table;
        private final int mask;
        private volatile Map<String, int[]> flavors;

        NameIndex() {
            byte[] a = buf.array();
            boolean le = buf.order() == ByteOrder.LITTLE_ENDIAN;
            int[] offs = offsets;
            int count = offs.length;
            int types = typesStart;
            // pass 1, sequential over the types and the strings: (hash, id) of every own named type
            long[] entries = new long[count];
            int named = 0;
            for (int i = 0; i < count; i++) {
                int nameOff = i32(a, types + offs[i], le);
                int pos = nameOff == 0 ? -1 : ownStringPos(nameOff);
                if (pos < 0 || a[pos] == 0) {
                    continue; // no name, or one in the base's strings (the base indexes it)
                }
                // the string section ends with NUL (checked when parsing), so hashing stops inside the array
                entries[named++] = (long) hashName(a, pos) << 32 | (firstId + i);
            }
            // a load factor of 1/3 to 2/3
            int cap = Integer.highestOneBit(Math.max(16, named + (named >> 1)) - 1) << 1;
            int m = cap - 1;
            // pass 2: group the entries by the table region their home slot is in (a counting sort on the slot's
            // top bits), so that pass 3 fills the table region by region, in cache, instead of one miss per name
            // all over it. The order of inserts does not matter: lookups sort what they find.
            int regionBits = Math.max(0, Integer.numberOfTrailingZeros(cap) - 11); // 2,048 slots (16 KiB) a region
            int[] start = new int[(1 << regionBits) + 1];
            int shift = Integer.numberOfTrailingZeros(cap) - regionBits;
            for (int i = 0; i < named; i++) {
                start[((int) (entries[i] >>> 32) & m) >>> shift]++;
            }
            for (int r = 0, sum = 0; r < start.length; r++) {
                int c = start[r];
                start[r] = sum;
                sum += c;
            }
            long[] grouped = new long[named];
            for (int i = 0; i < named; i++) {
                long e = entries[i];
                grouped[start[((int) (e >>> 32) & m) >>> shift]++] = e;
            }
            // pass 3: linear probing into (id, hash) pairs
            int[] t = new int[2 * cap];
            for (int i = 0; i < named; i++) {
                long e = grouped[i];
                int h = (int) (e >>> 32);
                int s = h & m;
                while (t[2 * s] != 0) {
                    s = (s + 1) & m;
                }
                t[2 * s] = (int) e;
                t[2 * s + 1] = h;
            }
            table = t;
            mask = m;
        }

        /**
         * Essential name → ids (ascending) of own types with a {@code ___flavor} suffix. Built on the first flavor
         * question from one pass over the string section for separators (rare in any BTF: one in a 6.x vmlinux),
         * whose strings are then looked up in this index: no pass over the types.
         */
        Map<String, int[]> flavors() {
            Map<String, int[]> f = flavors;
            if (f != null) {
                return f;
            }
            byte[] a = buf.array();
            int end = stringsStart + stringsLen;
            Map<String, int[]> found = new HashMap<>();
            Set<String> looked = new HashSet<>();
            int doneString = -1; // start of the string whose names were looked up last
            int doneUpTo = -1; // the last name start looked up in it
            // a run of three underscores covers one of every three positions: look at those only
            for (int p = stringsStart + 2; p < end; p += 3) {
                // most underscores stand alone; a '_' is never the section's last byte (a NUL), so p + 1 is inside
                if (a[p] != '_' || a[p - 1] != '_' && a[p + 1] != '_') {
                    continue;
                }
                int lo = p;
                while (lo > stringsStart && a[lo - 1] == '_') {
                    lo--;
                }
                int hi = p;
                while (hi + 1 < end && a[hi + 1] == '_') {
                    hi++;
                }
                p = hi; // the next run starts at hi + 2 or later, and the stride from hi + 3 still meets it
                // libbpf's separator X___Y: exactly three, with a character (not '_', by the run's ends) either side
                if (hi - lo != 2 || lo == stringsStart || a[lo - 1] == 0 || a[hi + 1] == 0) {
                    continue;
                }
                int start = lo - 1;
                while (start > stringsStart && a[start - 1] != 0) {
                    start--;
                }
                int nul = hi + 1;
                while (a[nul] != 0) {
                    nul++;
                }
                // a type's name may start anywhere in the string up to X (a suffix of a longer string)
                int from = start == doneString ? doneUpTo + 1 : start;
                for (int o = from; o <= lo - 1; o++) {
                    String name = new String(a, o, nul - o, StandardCharsets.UTF_8);
                    int len = essentialNameLength(name);
                    if (len == name.length() || !looked.add(name)) {
                        continue; // not flavored, or a copy of a string already looked up (lookup found all its types)
                    }
                    int[] ids = lookup(Arrays.copyOfRange(a, o, nul));
                    if (ids.length > 0) {
                        found.merge(name.substring(0, len), ids, (x, y) -> {
                            int[] xy = Arrays.copyOf(x, x.length + y.length);
                            System.arraycopy(y, 0, xy, x.length, y.length);
                            Arrays.sort(xy);
                            return xy;
                        });
                    }
                }
                doneString = start;
                doneUpTo = lo - 1;
            }
            flavors = found; // racing builders compute equal tables
            return found;
        }

        int[] lookup(String name) {
            return name.isEmpty() ? new int[0] : lookup(name.getBytes(StandardCharsets.UTF_8));
        }

        /** Ids (ascending) of own types named by the bytes {@code q} (not empty). */
        private int[] lookup(byte[] q) {
            int h = hashBytes(q);
            int[] t = table;
            int[] found = null;
            int n = 0;
            for (int s = h & mask; t[2 * s] != 0; s = (s + 1) & mask) {
                if (t[2 * s + 1] != h) {
                    continue;
                }
                int id = t[2 * s];
                if (nameEquals(id, q)) {
                    if (found == null) {
                        found = new int[2];
                    } else if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = id;
                }
            }
            if (found == null) {
                return new int[0];
            }
            int[] out = Arrays.copyOf(found, n);
            Arrays.sort(out);
            return out;
        }

        private boolean nameEquals(int id, byte[] q) {
            byte[] a = buf.array();
            int pos = ownStringPos(i32(a, typesStart + offsets[id - firstId], buf.order() == ByteOrder.LITTLE_ENDIAN));
            if (pos < 0 || pos + q.length >= a.length) {
                return false;
            }
            return Arrays.equals(a, pos, pos + q.length, q, 0, q.length) && a[pos + q.length] == 0;
        }
    }

    /**
     * Ids of this blob's own types whose name contains {@code fragment} (e.g. {@code "___"} for CO-RE flavors), found
     * by one pass over the string section without decoding every name.
     */
    public int[] ownIdsWithNameContaining(String fragment) {
        byte[] f = fragment.getBytes(StandardCharsets.UTF_8);
        if (f.length == 0) {
            throw new IllegalArgumentException("empty fragment");
        }
        byte[] a = buf.array();
        int end = stringsStart + stringsLen;
        int m = f.length;
        // Horspool: kernel names are full of '_', so skipping by the window's last byte beats a first-byte search
        int[] shiftBy = new int[256];
        Arrays.fill(shiftBy, m);
        for (int i = 0; i < m - 1; i++) {
            shiftBy[f[i] & 0xff] = m - 1 - i;
        }
        // suffixHas.get(off): the name at string offset off (possibly a suffix of a longer string) contains the fragment
        BitSet suffixHas = new BitSet();
        int p = stringsStart;
        while (p + m <= end) {
            byte last = a[p + m - 1];
            if (last == f[m - 1]) {
                int i = m - 2;
                while (i >= 0 && a[p + i] == f[i]) {
                    i--;
                }
                if (i < 0) {
                    int start = p;
                    while (start > stringsStart && a[start - 1] != 0) {
                        start--;
                    }
                    suffixHas.set(start - stringsStart, p - stringsStart + 1);
                }
            }
            p += shiftBy[last & 0xff];
        }
        long shift = base == null ? 0 : base.stringsLen;
        int[] out = new int[16];
        int n = 0;
        for (int i = 0; i < offsets.length; i++) {
            long off = Integer.toUnsignedLong(buf.getInt(typesStart + offsets[i])) - shift;
            if (off > 0 && off < stringsLen && suffixHas.get((int) off)) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = firstId + i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** A 32-bit field of the blob read from its array: cheaper than the buffer's checked view in a pass over every type. */
    private static int i32(byte[] a, int p, boolean le) {
        int v = (int) I32_LE.get(a, p);
        return le ? v : Integer.reverseBytes(v);
    }

    /** Absolute position of an own string, or -1 when the offset is out of range or in the base. */
    private int ownStringPos(int nameOff) {
        long off = Integer.toUnsignedLong(nameOff);
        if (base != null) {
            if (off < base.stringsLen) {
                return -1;
            }
            off -= base.stringsLen;
        }
        return off < stringsLen ? stringsStart + (int) off : -1;
    }

    private static final VarHandle I64_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long MUL = 0x9e3779b97f4a7c15L;

    /**
     * The hash of the NUL-terminated name at {@code a[pos]}, which must have a NUL at or after {@code pos}. The
     * name is taken eight bytes at a time (little-endian words, whatever the blob's byte order: names are bytes);
     * the word holding the NUL is cut at it, found without a branch per byte by the has-zero-byte trick. A
     * kernel BTF has ~70,000 names of ~20 bytes: one multiply per word instead of one per byte.
     */
    static int hashName(byte[] a, int pos) {
        long h = 0;
        int p = pos;
        int lastWord = a.length - 8;
        while (p <= lastWord) {
            long w = (long) I64_LE.get(a, p);
            long zero = (w - ONES) & ~w & HIGHS; // the lowest set bit marks the first NUL byte
            if (zero != 0) {
                int keep = Long.numberOfTrailingZeros(zero) - 7; // 8 × the NUL's index in the word
                return finish(h, w & ((1L << keep) - 1));
            }
            h = (h ^ w) * MUL;
            p += 8;
        }
        // the last bytes of the array: the same words, assembled one byte at a time
        long w = 0;
        int shift = 0;
        for (byte c = a[p]; c != 0; c = a[++p]) {
            w |= (c & 0xffL) << shift;
            shift += 8;
            if (shift == 64) {
                h = (h ^ w) * MUL;
                w = 0;
                shift = 0;
            }
        }
        return finish(h, w);
    }

    /** Mixes the last (partial, possibly empty) word in, then spreads the high bits over the low ones (murmur3's fmix64). */
    private static int finish(long h, long lastWord) {
        long x = (h ^ lastWord) * MUL;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return (int) x;
    }

    /** {@link #hashName} of a name given as its bytes (without NUL). */
    static int hashBytes(byte[] q) {
        return hashName(Arrays.copyOf(q, q.length + 8), 0);
    }

    // ---- decoding

    private BtfType decode(int id) {
        int p = typesStart + offsets[id - firstId];
        int nameOff = buf.getInt(p);
        int info = buf.getInt(p + 4);
        int sizeOrType = buf.getInt(p + 8);
        int vlen = info & 0xffffff;
        boolean kflag = (info >>> 31) != 0;
        BtfKind kind = BtfKind.of((info >>> 24) & 0x7f);
        String name = string(nameOff, id);
        int x = p + TYPE_HEADER;
        if (sizeOrType < 0 && switch (kind) {
            case INT, STRUCT, UNION, ENUM, ENUM64, DATASEC, FLOAT -> true;
            default -> false;
        }) {
            // A size of 2 GiB or more is no C type's; refused here so that no reader computes with a negative int.
            throw fail("type " + id + ": " + kind + " size " + Integer.toUnsignedString(sizeOrType) + " out of range");
        }
        return switch (kind) {
            case INT -> {
                int v = buf.getInt(x);
                int bits = v & 0xff;
                int bitOff = (v >>> 16) & 0xff;
                yield new BtfType.Int(id, name, sizeOrType, (v >>> 24) & 0x0f, bitOff, bits);
            }
            case PTR -> new BtfType.Ptr(id, name, ref(id, sizeOrType));
            case TYPEDEF -> new BtfType.Typedef(id, name, ref(id, sizeOrType));
            case VOLATILE -> new BtfType.Volatile(id, name, ref(id, sizeOrType));
            case CONST -> new BtfType.Const(id, name, ref(id, sizeOrType));
            case RESTRICT -> new BtfType.Restrict(id, name, ref(id, sizeOrType));
            case TYPE_TAG -> new BtfType.TypeTag(id, name, ref(id, sizeOrType));
            case ARRAY -> new BtfType.Array(id, name, ref(id, buf.getInt(x)), ref(id, buf.getInt(x + 4)), buf.getInt(x + 8));
            case STRUCT, UNION -> {
                List<BtfType.Member> members = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    int m = x + i * 12;
                    int off = buf.getInt(m + 8);
                    int bitOff = kflag ? off & 0xffffff : off;
                    int bitSize = kflag ? off >>> 24 : 0;
                    if (bitOff < 0) {
                        throw fail("type " + id + ": member " + i + " bit offset " + Integer.toUnsignedString(off)
                                + " out of range");
                    }
                    members.add(new BtfType.Member(string(buf.getInt(m), id), ref(id, buf.getInt(m + 4)), bitOff, bitSize));
                }
                yield kind == BtfKind.STRUCT
                        ? new BtfType.Struct(id, name, sizeOrType, List.copyOf(members))
                        : new BtfType.Union(id, name, sizeOrType, List.copyOf(members));
            }
            case ENUM -> {
                List<BtfType.EnumValue> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    int m = x + i * 8;
                    int v = buf.getInt(m + 4);
                    values.add(new BtfType.EnumValue(string(buf.getInt(m), id), kflag ? v : Integer.toUnsignedLong(v)));
                }
                yield new BtfType.Enum(id, name, sizeOrType, kflag, List.copyOf(values));
            }
            case ENUM64 -> {
                List<BtfType.EnumValue> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    int m = x + i * 12;
                    long v = Integer.toUnsignedLong(buf.getInt(m + 4)) | ((long) buf.getInt(m + 8) << 32);
                    values.add(new BtfType.EnumValue(string(buf.getInt(m), id), v));
                }
                yield new BtfType.Enum64(id, name, sizeOrType, kflag, List.copyOf(values));
            }
            case FWD -> new BtfType.Fwd(id, name, kflag);
            case FUNC -> new BtfType.Func(id, name, ref(id, sizeOrType), vlen);
            case FUNC_PROTO -> {
                List<BtfType.Param> params = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    int m = x + i * 8;
                    params.add(new BtfType.Param(string(buf.getInt(m), id), ref(id, buf.getInt(m + 4))));
                }
                yield new BtfType.FuncProto(id, name, ref(id, sizeOrType), List.copyOf(params));
            }
            case VAR -> new BtfType.Var(id, name, ref(id, sizeOrType), buf.getInt(x));
            case DATASEC -> {
                List<BtfType.VarSecinfo> vars = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    int m = x + i * 12;
                    vars.add(new BtfType.VarSecinfo(ref(id, buf.getInt(m)), buf.getInt(m + 4), buf.getInt(m + 8)));
                }
                yield new BtfType.DataSec(id, name, sizeOrType, List.copyOf(vars));
            }
            case FLOAT -> new BtfType.Float(id, name, sizeOrType);
            case DECL_TAG -> new BtfType.DeclTag(id, name, ref(id, sizeOrType), buf.getInt(x));
            case UNKN -> throw fail("type " + id + ": kind UNKN");
        };
    }

    private int ref(int from, int id) {
        if (id < 0 || id >= typeCount()) {
            throw fail("type " + from + ": referenced type id " + Integer.toUnsignedString(id) + " out of range (" + typeCount() + " types)");
        }
        return id;
    }

    private void checkId(int id, String what) {
        if (id < 0 || id >= typeCount()) {
            throw fail(what + " " + id + " out of range (" + typeCount() + " types)");
        }
    }

    // ---- helpers used by loaders and generators

    /** Follows CONST/VOLATILE/RESTRICT/TYPE_TAG/TYPEDEF to the underlying type id (libbpf's skip_mods_and_typedefs). */
    public int skipModsAndTypedefs(int id) {
        for (int depth = 0; depth <= MAX_RESOLVE_DEPTH; depth++) {
            BtfKind k = kind(id);
            if (!k.isModifierOrTypedef()) {
                return id;
            }
            id = ((BtfType.Ref) type(id)).type();
        }
        throw fail("type " + id + ": modifier/typedef chain longer than " + MAX_RESOLVE_DEPTH + " (cycle?)");
    }

    /** Follows only CONST/VOLATILE/RESTRICT/TYPE_TAG (not typedefs). */
    public int skipMods(int id) {
        for (int depth = 0; depth <= MAX_RESOLVE_DEPTH; depth++) {
            BtfKind k = kind(id);
            if (!k.isModifierOrTypedef() || k == BtfKind.TYPEDEF) {
                return id;
            }
            id = ((BtfType.Ref) type(id)).type();
        }
        throw fail("type " + id + ": modifier chain longer than " + MAX_RESOLVE_DEPTH + " (cycle?)");
    }

    /** Size in bytes of a type, as libbpf's btf__resolve_size; a type without a size is an error. */
    public long resolveSize(int id) {
        int start = id;
        long nelems = 1;
        for (int depth = 0; depth <= MAX_RESOLVE_DEPTH; depth++) {
            BtfType t = type(id);
            long size;
            if (t instanceof BtfType.Array a) {
                long n = Integer.toUnsignedLong(a.nelems());
                if (n != 0 && nelems > Integer.MAX_VALUE / n) {
                    throw fail("type " + start + ": array size overflows");
                }
                nelems *= n;
                id = a.elemType();
                continue;
            } else if (t instanceof BtfType.Ptr) {
                size = 8;
            } else if (t instanceof BtfType.Ref r) {
                id = r.type();
                continue;
            } else if (t instanceof BtfType.Var v) {
                id = v.type();
                continue;
            } else {
                size = ownSize(t);
                if (size < 0) {
                    throw fail("type " + start + ": " + t.kind() + " has no size");
                }
            }
            if (nelems != 0 && size > Integer.MAX_VALUE / nelems) {
                throw fail("type " + start + ": size overflows");
            }
            return nelems * size;
        }
        throw fail("type " + start + ": type chain longer than " + MAX_RESOLVE_DEPTH + " (cycle?)");
    }

    /** The size field of a sized kind (INT, STRUCT, UNION, ENUM, ENUM64, DATASEC, FLOAT), else -1. */
    private static long ownSize(BtfType t) {
        if (t instanceof BtfType.Int i) {
            return Integer.toUnsignedLong(i.size());
        } else if (t instanceof BtfType.Composite c) {
            return Integer.toUnsignedLong(c.size());
        } else if (t instanceof BtfType.AnyEnum e) {
            return Integer.toUnsignedLong(e.size());
        } else if (t instanceof BtfType.DataSec d) {
            return Integer.toUnsignedLong(d.size());
        } else if (t instanceof BtfType.Float f) {
            return Integer.toUnsignedLong(f.size());
        }
        return -1;
    }

    /** Alignment in bytes of a type, as libbpf's btf__align_of (packed structs align to 1). */
    public int alignOf(int id) {
        return alignOf(id, 0, new HashMap<>());
    }

    /**
     * {@code memo} holds the alignment of every composite already resolved in this call: members that share
     * a type (a DAG) are resolved once, so a struct nesting N levels of K same-typed members costs N*K
     * steps, not K^N. Cycles still end at {@link #MAX_RESOLVE_DEPTH}, as nothing is memoized until resolved.
     */
    private int alignOf(int id, int depth, Map<Integer, Integer> memo) {
        if (depth > MAX_RESOLVE_DEPTH) {
            throw fail("type " + id + ": type chain longer than " + MAX_RESOLVE_DEPTH + " (cycle?)");
        }
        BtfType t = type(id);
        if (t instanceof BtfType.Int || t instanceof BtfType.AnyEnum || t instanceof BtfType.Float) {
            return (int) Math.min(8, Math.max(1, ownSize(t)));
        } else if (t instanceof BtfType.Ptr) {
            return 8;
        } else if (t instanceof BtfType.Array a) {
            return alignOf(a.elemType(), depth + 1, memo);
        } else if (t instanceof BtfType.Ref r) {
            return alignOf(r.type(), depth + 1, memo);
        } else if (t instanceof BtfType.Var v) {
            return alignOf(v.type(), depth + 1, memo);
        } else if (t instanceof BtfType.Composite c) {
            Integer known = memo.get(id);
            if (known != null) {
                return known;
            }
            int max = 1;
            int result = 0;
            for (BtfType.Member m : c.members()) {
                int a = alignOf(m.type(), depth + 1, memo);
                if (m.bitfieldSize() == 0 && (m.bitOffset() % (8 * a)) != 0) {
                    result = 1; // packed
                    break;
                }
                max = Math.max(max, a);
            }
            if (result == 0) {
                result = c.size() % max != 0 ? 1 : max;
            }
            memo.put(id, result);
            return result;
        }
        throw fail("type " + id + ": " + t.kind() + " has no alignment");
    }

    private long u32(int off) {
        return Integer.toUnsignedLong(buf.getInt(off));
    }

    BpfFormatException fail(String problem) {
        return new BpfFormatException(source, problem);
    }

    // ---- raw layout, for tools that patch a blob in place (the loader's fixups before BPF_BTF_LOAD)

    /** Absolute offset in {@link #bytes()} of an own type's 12-byte header. */
    public int rawTypeOffset(int id) {
        if (id < firstId || id >= typeCount()) {
            throw fail("type id " + id + " is not an own type of this blob");
        }
        return typesStart + offsets[id - firstId];
    }

    /** Absolute offset in {@link #bytes()} of the type section. */
    public int rawTypesStart() {
        return typesStart;
    }

    /** Absolute offset in {@link #bytes()} of the end of the type section. */
    public int rawTypesEnd() {
        return typesStart + (int) u32(12);
    }

    /** Absolute offset in {@link #bytes()} of the string section. */
    public int rawStringsStart() {
        return stringsStart;
    }

    /** Length of the string section. */
    public int rawStringsLength() {
        return stringsLen;
    }

    /** Length of the header ({@code hdr_len}). */
    public int rawHeaderLength() {
        return (int) u32(4);
    }

    @Override
    public String toString() {
        return "Btf[" + source + ", " + (typeCount() - firstId) + " types" + (base != null ? ", split" : "") + "]";
    }
}

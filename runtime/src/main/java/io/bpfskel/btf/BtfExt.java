package io.bpfskel.btf;

import io.bpfskel.error.BpfFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .BTF.ext} section: per ELF section, the func_info, line_info and CO-RE relocation records
 * clang emitted. Instruction offsets are kept as in the object file (bytes from the start of the section);
 * names are resolved against the object's {@code .BTF} string table.
 */
public final class BtfExt {
    private static final int MIN_HEADER = 24;
    private static final int CORE_HEADER = 32;

    /** A func_info record: the function starting at {@code insnOff} (bytes) has BTF FUNC {@code typeId}. */
    public record FuncInfo(int insnOff, int typeId) {}

    /**
     * A line_info record. The file name and source line are resolved against the object's {@code .BTF} when
     * asked for: a loader only copies the offsets into BPF_PROG_LOAD (as libbpf, which never reads these
     * strings), and decoding one {@code String} per source line on every open showed up in its profile.
     * Both offsets are checked against the string section when the record is parsed.
     */
    public static final class LineInfo {
        private final Btf btf;
        private final int insnOff;
        private final int fileNameOff;
        private final int lineOff;
        private final int lineCol;

        LineInfo(Btf btf, int insnOff, int fileNameOff, int lineOff, int lineCol) {
            this.btf = btf;
            this.insnOff = insnOff;
            this.fileNameOff = fileNameOff;
            this.lineOff = lineOff;
            this.lineCol = lineCol;
        }

        /** Byte offset of the instruction in its ELF section. */
        public int insnOff() {
            return insnOff;
        }

        public int fileNameOff() {
            return fileNameOff;
        }

        public int lineOff() {
            return lineOff;
        }

        public int lineCol() {
            return lineCol;
        }

        public String fileName() {
            return btf.string(fileNameOff);
        }

        public String line() {
            return btf.string(lineOff);
        }

        public int lineNumber() {
            return lineCol >>> 10;
        }

        public int column() {
            return lineCol & 0x3ff;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LineInfo l && l.btf == btf && l.insnOff == insnOff && l.fileNameOff == fileNameOff
                    && l.lineOff == lineOff && l.lineCol == lineCol;
        }

        @Override
        public int hashCode() {
            return ((insnOff * 31 + fileNameOff) * 31 + lineOff) * 31 + lineCol;
        }

        @Override
        public String toString() {
            return "LineInfo[insnOff=" + insnOff + ", fileName=" + fileName() + ", line=" + lineNumber() + ":" + column() + "]";
        }
    }

    /** A CO-RE relocation record ({@code struct bpf_core_relo}). */
    public record CoreRelo(int insnOff, int typeId, int accessStrOff, int kind, String accessString) {}

    private final int funcInfoRecSize;
    private final int lineInfoRecSize;
    private final int coreReloRecSize;
    private final Map<String, List<FuncInfo>> funcInfos;
    private final Map<String, List<LineInfo>> lineInfos;
    private final Map<String, List<CoreRelo>> coreRelos;

    private BtfExt(int f, int l, int c, Map<String, List<FuncInfo>> fi, Map<String, List<LineInfo>> li,
            Map<String, List<CoreRelo>> cr) {
        this.funcInfoRecSize = f;
        this.lineInfoRecSize = l;
        this.coreReloRecSize = c;
        this.funcInfos = fi;
        this.lineInfos = li;
        this.coreRelos = cr;
    }

    /** Parses {@code .BTF.ext}; {@code btf} is the same object's {@code .BTF}, whose strings it names. */
    public static BtfExt parse(String source, byte[] bytes, Btf btf) {
        Reader r = new Reader(source, bytes);
        if (bytes.length < MIN_HEADER) {
            throw r.fail("header truncated (" + bytes.length + " bytes)");
        }
        int magic = ByteBuffer.wrap(bytes, 0, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        ByteOrder order;
        if (magic == Btf.MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (Integer.reverseBytes(magic) >>> 16 == Btf.MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw r.fail(String.format("bad magic 0x%04x", magic));
        }
        r.buf.order(order);
        if (bytes[2] != 1) {
            throw r.fail("unsupported version " + bytes[2]);
        }
        long hdrLen = r.u32(4);
        if (hdrLen < MIN_HEADER || hdrLen > bytes.length) {
            throw r.fail("header length " + hdrLen + " out of range");
        }
        int[] recSize = new int[3];
        Map<String, List<FuncInfo>> fi = new LinkedHashMap<>();
        Map<String, List<LineInfo>> li = new LinkedHashMap<>();
        Map<String, List<CoreRelo>> cr = new LinkedHashMap<>();
        r.blocks("func_info", hdrLen, r.u32(8), r.u32(12), 8, btf, recSize, 0, (sec, p) ->
                fi.computeIfAbsent(sec, k -> new ArrayList<>()).add(new FuncInfo(r.buf.getInt(p), r.buf.getInt(p + 4))));
        r.blocks("line_info", hdrLen, r.u32(16), r.u32(20), 16, btf, recSize, 1, (sec, p) -> {
            int fileOff = r.buf.getInt(p + 4);
            int lineOff = r.buf.getInt(p + 8);
            r.checkString(btf, fileOff);
            r.checkString(btf, lineOff);
            li.computeIfAbsent(sec, k -> new ArrayList<>()).add(new LineInfo(btf, r.buf.getInt(p), fileOff, lineOff,
                    r.buf.getInt(p + 12)));
        });
        if (hdrLen >= CORE_HEADER) {
            r.blocks("core_relo", hdrLen, r.u32(24), r.u32(28), 16, btf, recSize, 2, (sec, p) -> {
                int accessOff = r.buf.getInt(p + 8);
                cr.computeIfAbsent(sec, k -> new ArrayList<>()).add(new CoreRelo(r.buf.getInt(p), r.buf.getInt(p + 4),
                        accessOff, r.buf.getInt(p + 12), r.string(btf, accessOff)));
            });
        }
        return new BtfExt(recSize[0], recSize[1], recSize[2], freeze(fi), freeze(li), freeze(cr));
    }

    private static <T> Map<String, List<T>> freeze(Map<String, List<T>> m) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    public int funcInfoRecSize() {
        return funcInfoRecSize;
    }

    public int lineInfoRecSize() {
        return lineInfoRecSize;
    }

    public int coreReloRecSize() {
        return coreReloRecSize;
    }

    /** func_info records by ELF section name. */
    public Map<String, List<FuncInfo>> funcInfos() {
        return funcInfos;
    }

    public Map<String, List<LineInfo>> lineInfos() {
        return lineInfos;
    }

    public Map<String, List<CoreRelo>> coreRelos() {
        return coreRelos;
    }

    public List<FuncInfo> funcInfos(String section) {
        return funcInfos.getOrDefault(section, List.of());
    }

    public List<LineInfo> lineInfos(String section) {
        return lineInfos.getOrDefault(section, List.of());
    }

    public List<CoreRelo> coreRelos(String section) {
        return coreRelos.getOrDefault(section, List.of());
    }

    private interface RecordSink {
        void accept(String section, int pos);
    }

    private static final class Reader {
        final String source;
        final ByteBuffer buf;
        /**
         * Strings already resolved, by offset: line_info records repeat the same file name and often the same
         * line, so each distinct string is decoded once and shared instead of copied per record.
         */
        final Map<Integer, String> strings = new HashMap<>();

        Reader(String source, byte[] bytes) {
            this.source = source;
            this.buf = ByteBuffer.wrap(bytes);
        }

        long u32(int off) {
            return Integer.toUnsignedLong(buf.getInt(off));
        }

        String string(Btf btf, int off) {
            String s = strings.get(off);
            if (s != null) {
                return s;
            }
            try {
                s = btf.string(off);
            } catch (BpfFormatException e) {
                throw fail("string offset " + Integer.toUnsignedString(off) + " is not in the .BTF string table");
            }
            strings.put(off, s);
            return s;
        }

        /** Fails as {@link #string} would, without decoding: line_info strings are read only on request. */
        void checkString(Btf btf, int off) {
            if (!btf.hasString(off)) {
                throw fail("string offset " + Integer.toUnsignedString(off) + " is not in the .BTF string table");
            }
        }

        void blocks(String what, long hdrLen, long off, long len, int minRec, Btf btf, int[] recSizes, int slot,
                RecordSink sink) {
            if (len == 0) {
                return;
            }
            long total = buf.capacity() - hdrLen;
            if (off > total || len > total - off) {
                throw fail(what + " [" + off + ", +" + len + ") outside the " + total + " data bytes");
            }
            int p = (int) (hdrLen + off);
            int end = (int) (p + len);
            if (end - p < 4) {
                throw fail(what + ": missing record size");
            }
            long recSize = u32(p);
            if (recSize < minRec || recSize > 1024 || recSize % 4 != 0) {
                throw fail(what + ": record size " + recSize + " invalid (minimum " + minRec + ")");
            }
            recSizes[slot] = (int) recSize;
            p += 4;
            while (p < end) {
                if (end - p < 8) {
                    throw fail(what + ": truncated block header");
                }
                int secOff = buf.getInt(p);
                long n = u32(p + 4);
                p += 8;
                if (n == 0) {
                    throw fail(what + ": empty block");
                }
                if (n > (end - p) / recSize) {
                    throw fail(what + ": block of " + n + " records does not fit");
                }
                String sec = string(btf, secOff);
                for (long i = 0; i < n; i++) {
                    sink.accept(sec, p);
                    p += (int) recSize;
                }
            }
        }

        BpfFormatException fail(String problem) {
            return new BpfFormatException(source, ".BTF.ext: " + problem);
        }
    }
}

package io.bpfskel.object;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfExt;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfRelocation;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.elf.ElfSymbol;
import io.bpfskel.error.BpfFormatException;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;
import io.bpfskel.uapi.Opcodes;
import io.bpfskel.uapi.ProgramType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a {@link BpfObject} from ELF, in libbpf's open order: sections → externs → maps → programs → relocations. */
final class ObjectReader {
    private static final int INSN_SIZE = 8;
    static final String KCONFIG_SEC = ".kconfig";
    static final String KSYMS_SEC = ".ksyms";
    static final String MAPS_SEC = ".maps";

    private final String source;
    private final String objName;
    private final ElfFile elf;
    private Btf btf;
    private BtfExt btfExt;
    private String license = "";
    private int kernelVersion;
    private int textIndex = -1;
    private int mapsIndex = -1;
    private final List<ElfSection> execSections = new ArrayList<>();
    private final List<ElfSection> dataSecs = new ArrayList<>();
    private final List<ElfSection> stOpsSecs = new ArrayList<>();
    private final List<StructOpsSpec> structOps = new ArrayList<>();
    private final Map<Integer, ElfSection> relocsFor = new HashMap<>();
    private final List<Extern> externs = new ArrayList<>();
    private final Map<Integer, Extern> externBySymbol = new HashMap<>();
    private int kconfigSize;
    private final List<MapSpec> maps = new ArrayList<>();
    private final List<DataSection> dataSections = new ArrayList<>();
    private final List<ProgramSpec> functions = new ArrayList<>();
    private Map<String, ElfSymbol> globalObjects;

    private ObjectReader(String source, String objName, ElfFile elf) {
        this.source = source;
        this.objName = objName;
        this.elf = elf;
    }

    static BpfObject read(String source, String objName, byte[] bytes) {
        ElfFile elf = ElfFile.parse(source, bytes);
        ObjectReader r = new ObjectReader(source, objName, elf);
        r.collectSections();
        r.collectExterns();
        r.initUserMaps();
        r.initDataMaps();
        r.initKconfigMap();
        r.initStructOpsMaps();
        r.collectFunctions();
        r.collectStructOpsRelos();
        return new BpfObject(objName, source, bytes, elf, r.btf, r.btfExt, r.license, r.kernelVersion,
                r.functions, r.maps, r.dataSections, r.externs, r.kconfigSize, r.structOps);
    }

    // ---------------------------------------------------------------- sections

    private void collectSections() {
        if (elf.machine() != ElfFile.EM_BPF) {
            throw fail("not a BPF object: ELF machine is " + elf.machine() + ", expected " + ElfFile.EM_BPF + " (EM_BPF)");
        }
        if (elf.type() != ElfFile.ET_REL) {
            throw fail("not a relocatable object: ELF type " + elf.type());
        }
        if (elf.symbols().isEmpty()) {
            throw fail("no symbol table (.symtab)");
        }
        byte[] btfBytes = null;
        byte[] extBytes = null;
        for (ElfSection s : elf.sections()) {
            String n = s.name();
            if (s.index() == 0) {
                continue;
            }
            switch (n) {
                case "license" -> license = cString(elf.bytes(s));
                case "version" -> {
                    if (s.size() != 4) {
                        throw fail("section 'version' has size " + s.size() + ", expected 4");
                    }
                    kernelVersion = elf.data(s).getInt(0);
                }
                case "maps" -> throw fail("legacy map definitions in section 'maps' are not supported; "
                        + "declare maps in SEC(\".maps\") with BTF (as libbpf 1.0+ requires)");
                case ".BTF" -> btfBytes = elf.bytes(s);
                case ".BTF.ext" -> extBytes = elf.bytes(s);
                default -> {
                    if (s.type() == ElfSection.SHT_REL || s.type() == ElfSection.SHT_RELA) {
                        ElfSection target = elf.relocatedSection(s);
                        if (target.isExecutable() || target.name().equals(MAPS_SEC) || isStructOpsSection(target.name())) {
                            relocsFor.put(target.index(), s);
                        }
                    } else if (n.equals(MAPS_SEC)) {
                        mapsIndex = s.index();
                    } else if (s.isExecutable()) {
                        if (n.equals(".text")) {
                            textIndex = s.index();
                        }
                        if (s.size() > 0) {
                            execSections.add(s);
                        }
                    } else if (isDataSection(s)) {
                        dataSecs.add(s);
                    } else if (isStructOpsSection(n) && s.size() > 0) {
                        stOpsSecs.add(s);
                    }
                }
            }
        }
        if (btfBytes != null) {
            btf = Btf.parse(source + " (.BTF)", btfBytes);
            if (extBytes != null) {
                btfExt = BtfExt.parse(source, extBytes, btf);
            }
        }
    }

    /** libbpf's SEC_DATA / SEC_RODATA / SEC_BSS, restricted to non-empty sections (as init_global_data_maps). */
    private static boolean isDataSection(ElfSection s) {
        String n = s.name();
        if (s.size() == 0) {
            return false;
        }
        if (s.type() == ElfSection.SHT_PROGBITS
                && (n.equals(".data") || n.startsWith(".data.") || n.equals(".rodata") || n.startsWith(".rodata."))) {
            return true;
        }
        return s.type() == ElfSection.SHT_NOBITS && (n.equals(".bss") || n.startsWith(".bss."));
    }

    /** libbpf's SEC_ST_OPS: exact names, with or without the {@code ?} that turns autocreate off. */
    static boolean isStructOpsSection(String n) {
        String bare = n.startsWith("?") ? n.substring(1) : n;
        return bare.equals(".struct_ops") || bare.equals(".struct_ops.link");
    }

    private static MapSpec.Kind dataKind(String n) {
        if (n.equals(".rodata") || n.startsWith(".rodata.")) {
            return MapSpec.Kind.RODATA;
        }
        if (n.equals(".bss") || n.startsWith(".bss.")) {
            return MapSpec.Kind.BSS;
        }
        return MapSpec.Kind.DATA;
    }

    // ---------------------------------------------------------------- externs

    private void collectExterns() {
        List<ElfSymbol> candidates = new ArrayList<>();
        for (ElfSymbol sym : elf.symbols()) {
            if (isExtern(sym)) {
                candidates.add(sym);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        if (btf == null) {
            throw fail("extern '" + candidates.get(0).name() + "' needs BTF, but the object has no .BTF section (compile with -g)");
        }
        record Pending(ElfSymbol sym, int btfId, Extern.Kind kind, int typeId, Extern.KcfgType kcfg, int size, int align,
                boolean signed) {}
        List<Pending> pending = new ArrayList<>();
        for (ElfSymbol sym : candidates) {
            String name = sym.name();
            int btfId = findExternBtfId(name);
            String sec = externSectionName(btfId, name);
            BtfType t = btf.type(btfId);
            if (sec.equals(KCONFIG_SEC)) {
                if (t instanceof BtfType.Func) {
                    throw fail("extern function '" + name + "' is not supported in section .kconfig");
                }
                int typeId = ((BtfType.Var) t).type();
                boolean[] signed = new boolean[1];
                Extern.KcfgType kt = kcfgType(typeId, signed);
                if (kt == null) {
                    throw fail("extern (kcfg) '" + name + "': type " + btf.kind(btf.skipModsAndTypedefs(typeId))
                            + " is not supported (use bool, char, tristate, an integer of 1/2/4/8 bytes or a char array)");
                }
                long size = btf.resolveSize(typeId);
                int align = btf.alignOf(typeId);
                if (size <= 0 || align <= 0) {
                    throw fail("extern (kcfg) '" + name + "': bad size " + size + " or alignment " + align);
                }
                pending.add(new Pending(sym, btfId, Extern.Kind.KCONFIG, typeId, kt, (int) size, align, signed[0]));
            } else if (sec.equals(KSYMS_SEC)) {
                int refType = t instanceof BtfType.Func f ? f.type() : ((BtfType.Var) t).type();
                int typeId = btf.skipModsAndTypedefs(refType);
                Extern.Kind kind = t instanceof BtfType.Func ? Extern.Kind.KFUNC
                        : typeId == 0 ? Extern.Kind.KSYM_TYPELESS : Extern.Kind.KSYM_VAR;
                pending.add(new Pending(sym, btfId, kind, typeId, null, 0, 0, false));
            } else {
                throw fail("extern '" + name + "' is in unrecognized section '" + sec + "' (expected .ksyms or .kconfig)");
            }
        }
        // libbpf's cmp_externs: kconfig before ksyms; kconfig by alignment descending, size ascending; then name.
        pending.sort(Comparator
                .comparingInt((Pending p) -> p.kind == Extern.Kind.KCONFIG ? 0 : 1)
                .thenComparingInt(p -> p.kind == Extern.Kind.KCONFIG ? -p.align : 0)
                .thenComparingInt(p -> p.kind == Extern.Kind.KCONFIG ? p.size : 0)
                .thenComparing(p -> p.sym.name().getBytes(StandardCharsets.UTF_8), ObjectReader::compareBytes));
        int off = 0;
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            Extern.Kconfig kc = null;
            if (p.kind == Extern.Kind.KCONFIG) {
                int dataOff = roundUp(off, p.align);
                off = dataOff + p.size;
                kc = new Extern.Kconfig(p.kcfg, p.size, p.align, p.signed, dataOff);
            }
            String name = p.sym.name();
            // Only kfuncs look up their essential name; variables and kconfig use the full name (reference §1.4),
            // but the essential name is still reported for every extern so tools can group flavors.
            Extern e = new Extern(i, name, Extern.essentialName(name), p.kind, p.sym.isWeak(), p.sym.index(),
                    p.btfId, p.typeId, kc);
            externs.add(e);
            externBySymbol.put(p.sym.index(), e);
        }
        kconfigSize = off;
    }

    private static int compareBytes(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    /** libbpf's sym_is_extern. */
    static boolean isExtern(ElfSymbol sym) {
        return sym.sectionIndex() == ElfSymbol.SHN_UNDEF && (sym.isGlobal() || sym.isWeak())
                && sym.type() == ElfSymbol.STT_NOTYPE && !sym.name().isEmpty();
    }

    /** libbpf's find_extern_btf_id: the first VAR or FUNC with this exact name, which must have extern linkage. */
    private int findExternBtfId(String name) {
        for (int id : btf.findByName(name)) {
            BtfKind k = btf.kind(id);
            if (k == BtfKind.VAR) {
                if (((BtfType.Var) btf.type(id)).linkage() != BtfType.Var.GLOBAL_EXTERN) {
                    throw fail("extern '" + name + "': BTF VAR [" + id + "] does not have extern linkage");
                }
                return id;
            }
            if (k == BtfKind.FUNC) {
                if (((BtfType.Func) btf.type(id)).linkage() != BtfType.Func.EXTERN) {
                    throw fail("extern '" + name + "': BTF FUNC [" + id + "] does not have extern linkage");
                }
                return id;
            }
        }
        throw fail("extern '" + name + "' has no BTF VAR or FUNC in .BTF");
    }

    private String externSectionName(int btfId, String name) {
        for (int id = 1; id < btf.typeCount(); id++) {
            if (btf.kind(id) != BtfKind.DATASEC) {
                continue;
            }
            BtfType.DataSec ds = (BtfType.DataSec) btf.type(id);
            for (BtfType.VarSecinfo v : ds.vars()) {
                if (v.type() == btfId) {
                    return ds.name();
                }
            }
        }
        throw fail("extern '" + name + "' is in no BTF DATASEC (declare it __ksym or __kconfig)");
    }

    /** libbpf's find_kcfg_type; null for KCFG_UNKNOWN. */
    private Extern.KcfgType kcfgType(int id, boolean[] signed) {
        BtfType t = btf.type(btf.skipModsAndTypedefs(id));
        if (t instanceof BtfType.Int i) {
            if (i.isBool()) {
                return i.size() == 1 ? Extern.KcfgType.BOOL : null;
            }
            if (signed != null) {
                signed[0] = i.isSigned();
            }
            if (i.size() == 1) {
                return Extern.KcfgType.CHAR;
            }
            int s = i.size();
            if (s < 1 || s > 8 || (s & (s - 1)) != 0) {
                return null;
            }
            return Extern.KcfgType.INT;
        }
        if (t instanceof BtfType.Enum e) {
            return e.size() == 4 && e.name().equals("libbpf_tristate") ? Extern.KcfgType.TRISTATE : null;
        }
        if (t instanceof BtfType.Enum64 e) {
            return e.name().equals("libbpf_tristate") ? Extern.KcfgType.TRISTATE : null;
        }
        if (t instanceof BtfType.Array a) {
            if (a.nelems() == 0) {
                return null;
            }
            return kcfgType(a.elemType(), null) == Extern.KcfgType.CHAR ? Extern.KcfgType.CHAR_ARR : null;
        }
        return null;
    }

    // ---------------------------------------------------------------- maps

    private void initUserMaps() {
        if (mapsIndex < 0) {
            return;
        }
        if (btf == null) {
            throw fail("section .maps needs BTF, but the object has no .BTF section (compile with -g)");
        }
        int dsId = btf.findByNameKind(MAPS_SEC, BtfKind.DATASEC);
        if (dsId == 0) {
            throw fail("section .maps has no BTF DATASEC");
        }
        Map<String, Long> offsets = symbolOffsets(mapsIndex);
        Map<Long, Map<Integer, String>> slotsByMapOffset = initialSlots();
        BtfType.DataSec ds = (BtfType.DataSec) btf.type(dsId);
        for (BtfType.VarSecinfo vi : ds.vars()) {
            BtfType vt = btf.type(vi.type());
            if (!(vt instanceof BtfType.Var var)) {
                throw fail(".maps: DATASEC member [" + vi.type() + "] is " + vt.kind() + ", expected VAR");
            }
            String mapName = var.name();
            if (var.linkage() != BtfType.Var.GLOBAL_ALLOCATED) {
                // As libbpf: clang relocates static maps against the section symbol, so only global maps can be told apart.
                throw fail("map '" + mapName + "': unsupported map linkage " + (var.linkage() == BtfType.Var.STATIC ? "static" : var.linkage())
                        + " (declare maps without 'static')");
            }
            long secOff = offsets.getOrDefault(mapName, (long) vi.offset());
            BtfType def = btf.type(btf.skipModsAndTypedefs(var.type()));
            if (!(def instanceof BtfType.Struct st)) {
                throw fail("map '" + mapName + "': unexpected definition kind " + def.kind() + ", expected STRUCT");
            }
            MapSpec m = parseMapDef(mapName, st, false, secOff, slotsByMapOffset.getOrDefault(secOff, Map.of()));
            maps.add(m);
        }
    }

    /** Global symbol offsets in a section, by name (libbpf takes map and variable offsets from ELF symbols). */
    private Map<String, Long> symbolOffsets(int sectionIndex) {
        Map<String, Long> out = new HashMap<>();
        for (ElfSymbol s : elf.symbols()) {
            if (s.sectionIndex() == sectionIndex && (s.isGlobal() || s.isWeak()) && !s.name().isEmpty()) {
                out.putIfAbsent(s.name(), s.value());
            }
        }
        return out;
    }

    /** Relocations of {@code .maps} give initial {@code .values}: offset → (slot → target symbol). */
    private Map<Long, Map<Integer, String>> initialSlots() {
        ElfSection rel = relocsFor.get(mapsIndex);
        Map<Long, Map<Integer, String>> out = new HashMap<>();
        if (rel == null) {
            return out;
        }
        // Every relocation is attributed to the map whose definition contains its offset.
        List<long[]> ranges = new ArrayList<>();
        for (ElfSymbol s : elf.symbols()) {
            if (s.sectionIndex() == mapsIndex && (s.isGlobal() || s.isWeak()) && s.type() == ElfSymbol.STT_OBJECT) {
                ranges.add(new long[] {s.value(), s.value() + s.size()});
            }
        }
        for (ElfRelocation r : elf.relocations(rel)) {
            ElfSymbol target = elf.symbol(r.symbolIndex());
            long[] owner = null;
            for (long[] range : ranges) {
                if (r.offset() >= range[0] && r.offset() < range[1]) {
                    owner = range;
                    break;
                }
            }
            if (owner == null) {
                throw fail(".maps: relocation at offset " + r.offset() + " against '" + target.name() + "' is outside every map");
            }
            out.computeIfAbsent(owner[0], k -> new HashMap<>()).put((int) (r.offset() - owner[0]), target.name());
        }
        return out;
    }

    private MapSpec parseMapDef(String mapName, BtfType.Struct def, boolean inner, long secOff,
            Map<Integer, String> relocsByOffset) {
        int type = 0, maxEntries = 0, flags = 0, numaNode = 0, keySize = 0, valueSize = 0, keyTypeId = 0, valueTypeId = 0;
        long mapExtra = 0;
        MapSpec.Pinning pinning = MapSpec.Pinning.NONE;
        MapSpec innerSpec = null;
        List<MapSpec.InitialSlot> slots = new ArrayList<>();
        List<BtfType.Member> members = def.members();
        for (int i = 0; i < members.size(); i++) {
            BtfType.Member m = members.get(i);
            String field = m.name();
            switch (field) {
                case "type" -> type = mapFieldInt(mapName, m);
                case "max_entries" -> maxEntries = mapFieldInt(mapName, m);
                case "map_flags" -> flags = mapFieldInt(mapName, m);
                case "numa_node" -> numaNode = mapFieldInt(mapName, m);
                case "key_size" -> keySize = checkedSize(mapName, "key", keySize, mapFieldInt(mapName, m));
                case "value_size" -> valueSize = checkedSize(mapName, "value", valueSize, mapFieldInt(mapName, m));
                case "map_extra" -> mapExtra = mapFieldLong(mapName, m);
                case "key", "value" -> {
                    BtfType t = btf.type(m.type());
                    if (!(t instanceof BtfType.Ptr p)) {
                        throw fail("map '" + mapName + "': " + field + " spec is not PTR: " + t.kind());
                    }
                    int sz = (int) btf.resolveSize(p.type());
                    if (field.equals("key")) {
                        keySize = checkedSize(mapName, "key", keySize, sz);
                        keyTypeId = p.type();
                    } else {
                        valueSize = checkedSize(mapName, "value", valueSize, sz);
                        valueTypeId = p.type();
                    }
                }
                case "values" -> {
                    MapType mt = MapType.of(type);
                    boolean mapInMap = mt != null && mt.isMapInMap();
                    boolean progArray = mt == MapType.PROG_ARRAY;
                    if (inner) {
                        throw fail("map '" + mapName + "': multi-level inner maps are not supported");
                    }
                    if (i != members.size() - 1) {
                        throw fail("map '" + mapName + "': 'values' must be the last member");
                    }
                    if (!mapInMap && !progArray) {
                        throw fail("map '" + mapName + "': 'values' needs a map-in-map or prog-array type");
                    }
                    valueSize = checkedSize(mapName, "value", valueSize, 4);
                    BtfType arr = btf.type(m.type());
                    if (!(arr instanceof BtfType.Array a)) {
                        throw fail("map '" + mapName + "': 'values' is not an array: " + arr.kind());
                    }
                    if (a.nelems() != 0) {
                        throw fail("map '" + mapName + "': 'values' must be a zero-sized array");
                    }
                    BtfType ptr = btf.type(btf.skipModsAndTypedefs(a.elemType()));
                    if (!(ptr instanceof BtfType.Ptr p)) {
                        throw fail("map '" + mapName + "': 'values' elements must be pointers, got " + ptr.kind());
                    }
                    BtfType target = btf.type(btf.skipModsAndTypedefs(p.type()));
                    if (progArray) {
                        if (!(target instanceof BtfType.FuncProto)) {
                            throw fail("map '" + mapName + "': prog-array 'values' must point to functions, got " + target.kind());
                        }
                    } else {
                        if (!(target instanceof BtfType.Struct innerDef)) {
                            throw fail("map '" + mapName + "': inner map definition is " + target.kind() + ", expected STRUCT");
                        }
                        innerSpec = parseMapDef(mapName + ".inner", innerDef, true, 0, Map.of());
                    }
                    int base = m.bitOffset() / 8;
                    relocsByOffset.forEach((off, sym) -> {
                        int rel = off - base;
                        if (rel < 0 || rel % 8 != 0) {
                            throw fail("map '" + mapName + "': initial value relocation at offset " + off + " is not a 'values' slot");
                        }
                        slots.add(new MapSpec.InitialSlot(rel / 8, sym));
                    });
                }
                case "pinning" -> {
                    if (inner) {
                        throw fail("map '" + mapName + "': an inner map definition cannot be pinned");
                    }
                    int v = mapFieldInt(mapName, m);
                    if (v == 0) {
                        pinning = MapSpec.Pinning.NONE;
                    } else if (v == 1) {
                        pinning = MapSpec.Pinning.BY_NAME;
                    } else {
                        throw fail("map '" + mapName + "': invalid pinning value " + v);
                    }
                }
                default -> throw fail("map '" + mapName + "': unknown field '" + field + "'");
            }
        }
        if (type == 0) {
            throw fail("map '" + mapName + "': map type is not specified");
        }
        slots.sort(Comparator.comparingInt(MapSpec.InitialSlot::slot));
        String kernelName = mapName.length() > 15 ? mapName.substring(0, 15) : mapName;
        return new MapSpec(mapName, kernelName, MapSpec.Kind.USER, type, keySize, valueSize, maxEntries, flags,
                numaNode, mapExtra, pinning, keyTypeId, valueTypeId, mapsIndex, secOff, innerSpec, List.copyOf(slots));
    }

    private int checkedSize(String mapName, String what, int current, int size) {
        if (current != 0 && current != size) {
            throw fail("map '" + mapName + "': conflicting " + what + " size " + current + " != " + size);
        }
        return size;
    }

    /** {@code __uint(name, N)} is {@code int (*name)[N]}: the value is the array's length. */
    private int mapFieldInt(String mapName, BtfType.Member m) {
        BtfType t = btf.type(btf.skipModsAndTypedefs(m.type()));
        if (!(t instanceof BtfType.Ptr p)) {
            throw fail("map '" + mapName + "': attribute '" + m.name() + "': expected PTR, got " + t.kind());
        }
        BtfType a = btf.type(p.type());
        if (!(a instanceof BtfType.Array arr)) {
            throw fail("map '" + mapName + "': attribute '" + m.name() + "': expected PTR to ARRAY, got PTR to " + a.kind());
        }
        return arr.nelems();
    }

    /** {@code __ulong(name, N)} is an enum whose only value is N; {@code __uint} also works. */
    private long mapFieldLong(String mapName, BtfType.Member m) {
        BtfType t = btf.type(m.type());
        if (t instanceof BtfType.AnyEnum e) {
            if (e.values().size() != 1) {
                throw fail("map '" + mapName + "': attribute '" + m.name() + "': enum must have exactly one value");
            }
            long v = e.values().get(0).value();
            // libbpf reads a 32-bit enum's value as the s32 it is stored as.
            return e instanceof BtfType.Enum ? (long) (int) v : v;
        }
        return Integer.toUnsignedLong(mapFieldInt(mapName, m));
    }

    private void initDataMaps() {
        for (ElfSection s : dataSecs) {
            MapSpec.Kind kind = dataKind(s.name());
            int dsId = btf == null ? 0 : btf.findByNameKind(s.name(), BtfKind.DATASEC);
            List<Variable> vars = dsId == 0 ? List.of() : variables(s, dsId);
            boolean mmapable = vars.stream().anyMatch(v -> !v.isStatic());
            int flags = (kind == MapSpec.Kind.RODATA ? BpfFlags.BPF_F_RDONLY_PROG : 0) | (mmapable ? BpfFlags.BPF_F_MMAPABLE : 0);
            if (s.size() > DataSection.MAX_SIZE) { // never negative: ElfFile refuses a NOBITS size of 2^63 or more
                throw fail("section '" + s.name() + "' is " + s.size() + " bytes; global-data sections of at most "
                        + (DataSection.MAX_SIZE >> 20) + " MiB are supported (keep large buffers in array maps)");
            }
            int size = (int) s.size();
            byte[] init = kind == MapSpec.Kind.BSS ? new byte[size] : elf.bytes(s);
            dataSections.add(new DataSection(s.name(), s.index(), kind, size, dsId, init, vars));
            maps.add(new MapSpec(s.name(), internalMapName(s.name()), kind, MapType.ARRAY.number(), 4, size, 1, flags,
                    0, 0, MapSpec.Pinning.NONE, 0, dsId, s.index(), 0, null, List.of()));
        }
    }

    /** The section's variables with libbpf's btf_fixup_datasec: global offsets from ELF symbols, hidden → static. */
    private List<Variable> variables(ElfSection s, int dsId) {
        BtfType.DataSec ds = (BtfType.DataSec) btf.type(dsId);
        Map<String, ElfSymbol> syms = globalObjects();
        boolean fixupOffsets = ds.size() == 0;
        List<Variable> out = new ArrayList<>();
        for (BtfType.VarSecinfo vi : ds.vars()) {
            BtfType t = btf.type(vi.type());
            if (!(t instanceof BtfType.Var v)) {
                throw fail("section '" + s.name() + "': DATASEC member [" + vi.type() + "] is " + t.kind() + ", expected VAR");
            }
            boolean isStatic = v.linkage() == BtfType.Var.STATIC;
            int offset = vi.offset();
            if (!isStatic && v.linkage() != BtfType.Var.GLOBAL_EXTERN) {
                ElfSymbol sym = syms.get(v.name());
                if (sym == null) {
                    throw fail("section '" + s.name() + "': no ELF symbol for global variable '" + v.name() + "'");
                }
                if (fixupOffsets) {
                    offset = (int) sym.value();
                }
                int vis = sym.visibility();
                if (vis == ElfSymbol.STV_HIDDEN || vis == ElfSymbol.STV_INTERNAL) {
                    isStatic = true;
                }
            }
            if (offset < 0 || Integer.toUnsignedLong(vi.size()) > s.size() || offset > s.size() - Integer.toUnsignedLong(vi.size())) {
                throw fail("section '" + s.name() + "': variable '" + v.name() + "' [" + offset + ", +" + vi.size()
                        + ") lies outside the section's " + s.size() + " bytes");
            }
            out.add(new Variable(v.name(), s.name(), offset, vi.size(), v.type(), vi.type(), isStatic));
        }
        out.sort(Comparator.comparingInt(Variable::offset));
        return List.copyOf(out);
    }

    /** Global and weak STT_OBJECT symbols by name (the first of each name), built once for every data section. */
    private Map<String, ElfSymbol> globalObjects() {
        if (globalObjects == null) {
            globalObjects = new HashMap<>();
            for (ElfSymbol sym : elf.symbols()) {
                if (sym.type() == ElfSymbol.STT_OBJECT && (sym.isGlobal() || sym.isWeak())) {
                    globalObjects.putIfAbsent(sym.name(), sym);
                }
            }
        }
        return globalObjects;
    }

    /** libbpf's internal_map_name: object-name prefix unless the section has a second dot, sanitized, ≤ 15 chars. */
    String internalMapName(String realName) {
        int sfxLen = Math.max(7, realName.length());
        int pfxLen = realName.indexOf('.', 1) >= 0 ? 0 : Math.max(0, Math.min(16 - sfxLen - 1, objName.length()));
        String n = objName.substring(0, pfxLen) + realName.substring(0, Math.min(realName.length(), sfxLen));
        if (n.length() > 15) {
            n = n.substring(0, 15);
        }
        StringBuilder b = new StringBuilder(n.length());
        for (char c : n.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' ? c : '_');
        }
        return b.toString();
    }

    private void initKconfigMap() {
        boolean any = externs.stream().anyMatch(e -> e.kind() == Extern.Kind.KCONFIG);
        if (!any) {
            return;
        }
        int dsId = btf.findByNameKind(KCONFIG_SEC, BtfKind.DATASEC);
        maps.add(new MapSpec(KCONFIG_SEC, internalMapName(KCONFIG_SEC), MapSpec.Kind.KCONFIG, MapType.ARRAY.number(), 4,
                kconfigSize, 1, BpfFlags.BPF_F_RDONLY_PROG | BpfFlags.BPF_F_MMAPABLE, 0, 0, MapSpec.Pinning.NONE, 0, dsId,
                0, 0, null, List.of()));
    }

    // ---------------------------------------------------------------- struct_ops maps

    /**
     * libbpf's init_struct_ops_maps: one STRUCT_OPS map per variable of each {@code .struct_ops*} section, typed by a
     * named struct. Unlike libbpf, every variable of a {@code ?.struct_ops*} section starts with autocreate off
     * (libbpf strips the {@code ?} inside its per-variable loop, so only the first one does).
     */
    private void initStructOpsMaps() {
        for (ElfSection s : stOpsSecs) {
            String sec = s.name();
            if (btf == null) {
                throw fail("section " + sec + " needs BTF, but the object has no .BTF section (compile with -g)");
            }
            int dsId = btf.findByNameKind(sec, BtfKind.DATASEC);
            if (dsId == 0) {
                throw fail("section " + sec + " has no BTF DATASEC");
            }
            BtfType.DataSec ds = (BtfType.DataSec) btf.type(dsId);
            Map<String, Long> offsets = symbolOffsets(s.index());
            byte[] secBytes = elf.bytes(s);
            boolean link = sec.endsWith(".struct_ops.link");
            boolean autocreate = !sec.startsWith("?");
            for (BtfType.VarSecinfo vi : ds.vars()) {
                BtfType vt = btf.type(vi.type());
                if (!(vt instanceof BtfType.Var var)) {
                    throw fail(sec + ": DATASEC member [" + vi.type() + "] is " + vt.kind() + ", expected VAR");
                }
                String mapName = var.name();
                int typeId = btf.skipModsAndTypedefs(var.type());
                BtfType t = btf.type(typeId);
                if (!(t instanceof BtfType.Struct st)) {
                    throw fail("struct_ops map '" + mapName + "' (" + sec + "): type is " + t.kind() + ", expected a struct");
                }
                if (st.name().isEmpty()) {
                    throw fail("struct_ops map '" + mapName + "' (" + sec + "): anonymous struct types are not supported"
                            + " (the kernel type is found by the struct's name)");
                }
                long off = ds.size() == 0 ? offsets.getOrDefault(mapName, (long) vi.offset()) : vi.offset();
                if (off < 0 || off > secBytes.length - (long) st.size()) { // no off + size: a symbol value near 2^63 wraps it
                    throw fail("struct_ops map '" + mapName + "' (" + sec + "): struct " + st.name() + " at offset " + off
                            + " (" + st.size() + " bytes) lies outside the section's " + secBytes.length + " bytes");
                }
                byte[] data = new byte[st.size()];
                System.arraycopy(secBytes, (int) off, data, 0, data.length);
                List<StructOpsSpec.Member> members = new ArrayList<>();
                Set<String> memberNames = new HashSet<>();
                for (int i = 0; i < st.members().size(); i++) {
                    BtfType.Member m = st.members().get(i);
                    // Members are set by name (the skeleton, the API, the kernel's type matching): two of one name
                    // would make the second unreachable, and C allows none.
                    if (!m.name().isEmpty() && !memberNames.add(m.name())) {
                        throw fail("struct_ops map '" + mapName + "' (" + sec + "): struct " + st.name()
                                + " has two members named '" + m.name() + "'");
                    }
                    long size = btf.resolveSize(m.type());
                    members.add(new StructOpsSpec.Member(m.name(), i, m.bitOffset() / 8, (int) Math.max(size, 0),
                            m.bitfieldSize(), m.type(), structOpsMemberKind(m.type()), null));
                }
                structOps.add(new StructOpsSpec(mapName, sec, s.index(), off, typeId, st.name(), link, autocreate, data,
                        members));
                String kernelName = mapName.length() > 15 ? mapName.substring(0, 15) : mapName;
                maps.add(new MapSpec(mapName, kernelName, MapSpec.Kind.STRUCT_OPS, MapType.STRUCT_OPS.number(), 4,
                        st.size(), 1, link ? BpfFlags.BPF_F_LINK : 0, 0, 0, MapSpec.Pinning.NONE, 0, typeId, s.index(),
                        off, null, List.of()));
            }
        }
    }

    /** The member kinds of bpftool's shadow type: scalars are typed, function pointers are programs, the rest bytes. */
    private StructOpsSpec.Kind structOpsMemberKind(int typeId) {
        BtfType t = btf.type(btf.skipModsAndTypedefs(typeId));
        if (t instanceof BtfType.Ptr p && btf.type(btf.skipModsAndTypedefs(p.type())) instanceof BtfType.FuncProto) {
            return StructOpsSpec.Kind.FUNC_PTR;
        }
        if (t instanceof BtfType.Int || t instanceof BtfType.AnyEnum || t instanceof BtfType.Float) {
            return StructOpsSpec.Kind.SCALAR;
        }
        return StructOpsSpec.Kind.OTHER;
    }

    /**
     * libbpf's bpf_object__collect_st_ops_relos: each relocation in a {@code .struct_ops*} section points a
     * function-pointer member at the program starting at the symbol.
     */
    private void collectStructOpsRelos() {
        for (ElfSection s : stOpsSecs) {
            ElfSection rel = relocsFor.get(s.index());
            if (rel == null) {
                continue;
            }
            for (ElfRelocation r : elf.relocations(rel)) {
                ElfSymbol sym = elf.symbol(r.symbolIndex());
                int idx = -1;
                for (int i = 0; i < structOps.size(); i++) {
                    StructOpsSpec so = structOps.get(i);
                    if (so.sectionIndex() == s.index() && r.offset() >= so.sectionOffset()
                            && r.offset() < so.sectionOffset() + so.data().length) {
                        idx = i;
                        break;
                    }
                }
                String where = s.name() + ": relocation at offset " + r.offset() + " against '" + sym.name() + "'";
                if (idx < 0) {
                    throw fail(where + " is outside every struct_ops variable");
                }
                StructOpsSpec so = structOps.get(idx);
                long moff = r.offset() - so.sectionOffset();
                if (sym.sectionIndex() == 0 || sym.sectionIndex() >= 0xff00) {
                    throw fail(where + ": the symbol is in no program section (struct_ops members must point at programs)");
                }
                if (sym.value() % INSN_SIZE != 0) {
                    throw fail(where + ": symbol value " + sym.value() + " is not at an instruction");
                }
                StructOpsSpec.Member member = so.members().stream()
                        .filter(m -> m.offset() == moff && m.bitfieldSize() == 0).findFirst().orElse(null);
                if (member == null) {
                    throw fail("struct_ops map '" + so.name() + "': " + where + ": no member of struct " + so.typeName()
                            + " at offset " + moff);
                }
                if (member.kind() != StructOpsSpec.Kind.FUNC_PTR) {
                    throw fail("struct_ops map '" + so.name() + "': member '" + member.name() + "' is not a function pointer"
                            + " but is initialized with '" + sym.name() + "'");
                }
                long insnIdx = sym.value() / INSN_SIZE;
                ProgramSpec prog = functions.stream().filter(f -> !f.subprogram() && f.sectionIndex() == sym.sectionIndex()
                        && f.insnOffset() == insnIdx).findFirst().orElse(null);
                if (prog == null) {
                    throw fail("struct_ops map '" + so.name() + "': member '" + member.name() + "' points at '" + sym.name()
                            + "', which is not a program (section '" + sectionName(sym.sectionIndex()) + "')");
                }
                if (prog.type() != ProgramType.STRUCT_OPS) {
                    throw fail("struct_ops map '" + so.name() + "': member '" + member.name() + "' points at program '"
                            + prog.name() + "' of section '" + prog.sectionName() + "', which is not a struct_ops program"
                            + " (use SEC(\"struct_ops/" + prog.name() + "\"))");
                }
                structOps.set(idx, so.withProgram(member.name(), prog.name()));
            }
        }
    }

    // ---------------------------------------------------------------- programs and relocations

    private void collectFunctions() {
        for (ElfSection s : execSections) {
            String secName = s.name();
            boolean autoload = true;
            String matchName = secName;
            if (matchName.startsWith("?")) {
                autoload = false;
                matchName = matchName.substring(1);
            }
            boolean isText = s.index() == textIndex;
            SectionDef def = isText ? null : SectionDef.find(matchName).orElse(null);
            String attachTarget = def == null ? "" : def.attachTarget(matchName);
            if (s.size() % INSN_SIZE != 0) {
                throw fail("section '" + secName + "': size " + s.size() + " is not a multiple of 8 (instruction size)");
            }
            byte[] secBytes = elf.bytes(s);
            List<ElfSymbol> funcs = new ArrayList<>();
            for (ElfSymbol sym : elf.symbols()) {
                if (sym.sectionIndex() == s.index() && sym.type() == ElfSymbol.STT_FUNC) {
                    funcs.add(sym);
                }
            }
            funcs.sort(Comparator.comparingLong(ElfSymbol::value));
            if (funcs.isEmpty()) {
                throw fail("section '" + secName + "' has code but no function symbol");
            }
            List<ElfRelocation> rels = relocsFor.containsKey(s.index()) ? elf.relocations(relocsFor.get(s.index())) : List.of();
            for (ElfSymbol f : funcs) {
                String fname = f.name();
                // st_value and st_size are unsigned 64-bit: negative here means beyond any section.
                if (f.value() % INSN_SIZE != 0 || f.size() % INSN_SIZE != 0 || f.size() <= 0 || f.value() < 0
                        || f.value() > s.size() || f.size() > s.size() - f.value()) {
                    throw fail("section '" + secName + "': function '" + fname + "' [" + f.value() + ", +" + f.size()
                            + ") is not a whole number of instructions inside the section");
                }
                if (!isText && f.bind() == ElfSymbol.STB_LOCAL) {
                    throw fail("section '" + secName + "': program '" + fname + "' is static, which is not supported "
                            + "(make it global or move it to .text)");
                }
                int start = (int) (f.value() / INSN_SIZE);
                int count = (int) (f.size() / INSN_SIZE);
                byte[] insns = new byte[count * INSN_SIZE];
                System.arraycopy(secBytes, start * INSN_SIZE, insns, 0, insns.length);
                List<Relocation> relocations = new ArrayList<>();
                for (ElfRelocation r : rels) {
                    long idx = r.offset() / INSN_SIZE;
                    if (r.offset() % INSN_SIZE != 0 || idx >= start + count || idx < start) {
                        continue;
                    }
                    relocations.add(recordReloc(fname, secName, insns, (int) (idx - start), r));
                }
                relocations.sort(Comparator.comparingInt(Relocation::insnIndex));
                boolean global = f.bind() != ElfSymbol.STB_LOCAL && f.visibility() != ElfSymbol.STV_HIDDEN
                        && f.visibility() != ElfSymbol.STV_INTERNAL;
                functions.add(new ProgramSpec(fname, matchName, s.index(), start, insns, elf.byteOrder(), def,
                        attachTarget, autoload, isText, global, List.copyOf(relocations)));
            }
            for (ElfRelocation r : rels) {
                if (r.offset() % INSN_SIZE != 0 || r.offset() >= s.size()) {
                    throw fail("section '" + secName + "': relocation at offset " + r.offset() + " is not at an instruction");
                }
            }
        }
        // libbpf's prog_is_subprog: a .text function is a subprogram only when the object has other functions. A lone
        // one (code written without SEC()) is a program of no type, which the load refuses rather than skip silently.
        if (functions.size() == 1 && functions.get(0).subprogram()) {
            ProgramSpec f = functions.get(0);
            functions.set(0, new ProgramSpec(f.name(), f.sectionName(), f.sectionIndex(), f.insnOffset(), f.insns(),
                    f.byteOrder(), null, "", true, false, f.global(), f.relocations()));
        }
    }

    /** What a relocation error names; built only on failure (recordReloc runs once per relocation on every open). */
    private static String where(String prog, String secName, int insnIdx) {
        return "program '" + prog + "' (section '" + secName + "') insn " + insnIdx;
    }

    /** libbpf's bpf_program__record_reloc. */
    private Relocation recordReloc(String prog, String secName, byte[] insns, int insnIdx, ElfRelocation r) {
        ElfSymbol sym = elf.symbol(r.symbolIndex());
        String symName = sym.name().isEmpty() && sym.type() == ElfSymbol.STT_SECTION
                ? elf.section(sym.sectionIndex()).name() : sym.name();
        ByteBuffer b = ByteBuffer.wrap(insns).order(elf.byteOrder());
        int code = insns[insnIdx * INSN_SIZE] & 0xff;
        int regs = insns[insnIdx * INSN_SIZE + 1] & 0xff;
        int srcReg = elf.byteOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? regs >>> 4 : regs & 0xf;
        int imm = b.getInt(insnIdx * INSN_SIZE + 4);
        boolean isCall = code == (Opcodes.BPF_JMP | Opcodes.BPF_CALL);
        boolean isLdImm64 = code == (Opcodes.BPF_LD | Opcodes.BPF_IMM | Opcodes.BPF_DW);
        if (!isCall && !isLdImm64) {
            throw fail(where(prog, secName, insnIdx) + ": relocation against '" + symName + "' on an instruction that is neither a call nor ld_imm64 (code 0x"
                    + Integer.toHexString(code) + ")");
        }
        if (isLdImm64 && (insnIdx + 1) * INSN_SIZE >= insns.length) {
            throw fail(where(prog, secName, insnIdx) + ": ld_imm64 is truncated");
        }
        Extern ext = externBySymbol.get(r.symbolIndex());
        if (ext != null) {
            return new Relocation(insnIdx, isCall ? Relocation.Type.EXTERN_CALL : Relocation.Type.EXTERN_LD64, ext.name(),
                    r.symbolIndex(), 0, null, ext.index());
        }
        if (isExtern(sym)) {
            throw fail(where(prog, secName, insnIdx) + ": relocation against extern '" + symName + "' that was not collected");
        }
        int shndx = sym.sectionIndex();
        if (isCall) {
            if (srcReg != BpfFlags.BPF_PSEUDO_CALL) {
                throw fail(where(prog, secName, insnIdx) + ": call relocation against '" + symName + "' is not a BPF-to-BPF call");
            }
            if (shndx == 0 || shndx != textIndex) {
                throw fail(where(prog, secName, insnIdx) + ": call to '" + symName + "' in section '" + sectionName(shndx) + "'; subprograms must be in .text");
            }
            if (sym.value() % INSN_SIZE != 0) {
                throw fail(where(prog, secName, insnIdx) + ": call to '" + symName + "' at misaligned offset " + sym.value());
            }
            return new Relocation(insnIdx, Relocation.Type.CALL, symName, r.symbolIndex(), sym.value(), null, -1);
        }
        if (shndx == 0 || shndx >= 0xff00) {
            throw fail(where(prog, secName, insnIdx) + ": relocation against '" + symName + "' in special section 0x" + Integer.toHexString(shndx)
                    + "; forgot to initialize a global variable?");
        }
        if (isSubprogSymbol(sym)) {
            if (sym.value() % INSN_SIZE != 0 || imm % INSN_SIZE != 0) {
                throw fail(where(prog, secName, insnIdx) + ": subprogram address of '" + symName + "' at misaligned offset " + sym.value() + "+" + imm);
            }
            return new Relocation(insnIdx, Relocation.Type.SUBPROG_ADDR, symName, r.symbolIndex(), sym.value(), null, -1);
        }
        if (shndx == mapsIndex) {
            for (MapSpec m : maps) {
                if (m.kind() == MapSpec.Kind.USER && m.sectionIndex() == mapsIndex && m.sectionOffset() == sym.value()) {
                    return new Relocation(insnIdx, Relocation.Type.MAP, symName, r.symbolIndex(), sym.value(), m.name(), -1);
                }
            }
            throw fail(where(prog, secName, insnIdx) + ": no map at offset " + sym.value() + " of .maps for '" + symName + "'");
        }
        for (DataSection d : dataSections) {
            if (d.sectionIndex() == shndx) {
                return new Relocation(insnIdx, Relocation.Type.DATA, symName, r.symbolIndex(), sym.value(), d.name(), -1);
            }
        }
        if (sectionName(shndx).equals(".addr_space.1")) {
            throw fail(where(prog, secName, insnIdx) + ": '" + symName + "' is an arena global (__arena, section .addr_space.1); BPF arenas are not supported yet");
        }
        throw fail(where(prog, secName, insnIdx) + ": relocation against '" + symName + "' in section '" + sectionName(shndx)
                + "', which is neither a map nor a global-data section");
    }

    /** libbpf's sym_is_subprog: a .text section symbol (static function) or a global function in .text. */
    private boolean isSubprogSymbol(ElfSymbol sym) {
        if (sym.sectionIndex() != textIndex || textIndex < 0) {
            return false;
        }
        if (sym.bind() == ElfSymbol.STB_LOCAL && sym.type() == ElfSymbol.STT_SECTION) {
            return true;
        }
        return (sym.bind() == ElfSymbol.STB_GLOBAL || sym.bind() == ElfSymbol.STB_WEAK) && sym.type() == ElfSymbol.STT_FUNC;
    }

    private String sectionName(int idx) {
        return idx > 0 && idx < elf.sections().size() ? elf.section(idx).name() : "#" + idx;
    }

    private static int roundUp(int v, int align) {
        return (v + align - 1) / align * align;
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private BpfFormatException fail(String problem) {
        return new BpfFormatException(source, problem);
    }
}

package io.bpfskel.core;

import static io.bpfskel.uapi.Opcodes.BPF_ALU64;
import static io.bpfskel.uapi.Opcodes.BPF_ALU;
import static io.bpfskel.uapi.Opcodes.BPF_CALL;
import static io.bpfskel.uapi.Opcodes.BPF_DW;
import static io.bpfskel.uapi.Opcodes.BPF_IMM;
import static io.bpfskel.uapi.Opcodes.BPF_JMP;
import static io.bpfskel.uapi.Opcodes.BPF_LD;
import static io.bpfskel.uapi.Opcodes.BPF_LDX;
import static io.bpfskel.uapi.Opcodes.BPF_ST;
import static io.bpfskel.uapi.Opcodes.BPF_STX;
import static io.bpfskel.uapi.Opcodes.BPF_X;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.error.BpfFormatException;
import io.bpfskel.object.Extern;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CO-RE relocation engine: libbpf's {@code bpf_object__relocate_core} without the kernel. It resolves each
 * relocation of a program against target BTFs (vmlinux, then kernel modules) and patches the instructions.
 *
 * <p>Semantics follow libbpf's {@code relo_core.c}:
 * <ul>
 * <li>candidates are the target types whose essential name (the name without a {@code ___flavor} suffix) and kind
 *     match the local root type's; vmlinux is searched first and modules only when vmlinux has none;
 * <li>each candidate is matched against the local access spec (named fields by name, through anonymous
 *     structs/unions, array indices within bounds, compatible field types); when several match they must agree on
 *     the field's bit offset and on the patched value, otherwise the load fails;
 * <li>a field or enumerator that no candidate has poisons the instruction ({@code call 0xbad2310}) so a branch
 *     guarded by {@code bpf_core_field_exists()} still verifies; existence relocations simply become 0;
 * <li>the instruction must hold the value the local BTF predicts (except where libbpf does not check), offsets must
 *     fit an {@code s16}, and a load/store of a field whose size changed is resized only for pointers and unsigned
 *     integers (anything else is poisoned).
 * </ul>
 *
 * <p>One instance serves one object load: it caches each local type's candidates (and prunes them as libbpf does
 * when a relocation narrows them down), so create a new one per load. Not thread-safe.
 */
public final class CoreRelocator {
    /** The helper id libbpf writes into a poisoned instruction: 0xbad2310, "bad relo". */
    public static final int POISON_IMM = 195896080;

    private static final int LD_IMM64 = BPF_LD | BPF_IMM | BPF_DW;

    /** A candidate target type: type {@code id} of {@code targets.get(target)}. */
    public record Candidate(int target, Btf btf, int id) {
        @Override
        public String toString() {
            return CoreFormat.type(btf, id) + " in " + btf.source();
        }
    }

    private final Btf local;
    private final List<Btf> targets;
    private final Map<Integer, List<Candidate>> candCache = new HashMap<>();

    /**
     * @param local the object's BTF
     * @param targets vmlinux BTF first, then module BTFs (split on top of vmlinux); may be empty, then every
     *     relocation finds no candidate
     */
    public CoreRelocator(Btf local, List<Btf> targets) {
        this.local = Objects.requireNonNull(local, "local BTF");
        this.targets = List.copyOf(targets);
    }

    /** One-shot: relocates little-endian instructions of an unnamed program with a fresh candidate cache. */
    public static CoreResult relocate(Btf local, List<Btf> targets, byte[] insns, List<CoreRelocation> relos) {
        return new CoreRelocator(local, targets).relocate("prog", insns, ByteOrder.LITTLE_ENDIAN, relos);
    }

    /** Relocates a program's little-endian instructions. */
    public CoreResult relocate(String programName, byte[] insns, List<CoreRelocation> relos) {
        return relocate(programName, insns, ByteOrder.LITTLE_ENDIAN, relos);
    }

    /**
     * Relocates a program's instructions; the input array is not modified.
     *
     * @param order byte order of the instructions (that of the object and of the target kernel)
     * @throws CoreRelocationException when a relocation cannot be applied and the load must fail
     */
    public CoreResult relocate(String programName, byte[] insns, ByteOrder order, List<CoreRelocation> relos) {
        if (insns.length % 8 != 0) {
            throw new CoreRelocationException("prog '" + programName + "': " + insns.length
                    + " bytes of instructions is not a multiple of 8");
        }
        byte[] out = insns.clone();
        ByteBuffer buf = ByteBuffer.wrap(out).order(order);
        List<CoreRelocationReport> reports = new ArrayList<>(relos.size());
        for (int i = 0; i < relos.size(); i++) {
            CoreRelocation relo = relos.get(i);
            Context ctx = new Context(programName, i, relo, order);
            try {
                reports.add(apply(ctx, buf, insns.length / 8));
            } catch (CoreFailure e) {
                throw ctx.fail(e.getMessage());
            } catch (BpfFormatException e) {
                throw ctx.fail(e.getMessage());
            }
        }
        return new CoreResult(programName, out, reports);
    }

    /**
     * The candidates currently cached for a local type (searching them on first use), as libbpf's
     * {@code bpf_core_find_cands} found them and later relocations pruned them.
     */
    public List<Candidate> candidates(int localTypeId) {
        try {
            return List.copyOf(findCandidates(localTypeId));
        } catch (CoreFailure | BpfFormatException e) {
            throw new CoreRelocationException(e.getMessage());
        }
    }

    // ---- one relocation

    private static final class Context {
        final String prog;
        final int index;
        final CoreRelocation relo;
        final boolean bigEndian;
        String localSpec;

        Context(String prog, int index, CoreRelocation relo, ByteOrder order) {
            this.prog = prog;
            this.index = index;
            this.relo = relo;
            this.bigEndian = order == ByteOrder.BIG_ENDIAN;
        }

        CoreRelocationException fail(String why) {
            String what = localSpec != null ? localSpec
                    : "<" + relo.kind().label() + "> [" + relo.typeId() + "] + \"" + relo.accessString() + "\"";
            return new CoreRelocationException("prog '" + prog + "': relo #" + index + " " + what + " at insn #"
                    + relo.insnIndex() + ": " + why, prog, index, relo);
        }
    }

    /** libbpf's bpf_core_relo_res. */
    private static final class Res {
        long origVal;
        long newVal;
        boolean poison;
        boolean validate = true;
        boolean failMemszAdjust;
        int origSz;
        int newSz;
        int origTypeId;
        int newTypeId;
    }

    private CoreRelocationReport apply(Context ctx, ByteBuffer buf, int insnCount) {
        CoreRelocation relo = ctx.relo;
        if (relo.insnIndex() < 0 || relo.insnIndex() >= insnCount) {
            throw new CoreFailure("instruction index out of the program's " + insnCount + " instructions");
        }
        if (relo.typeId() <= 0 || relo.typeId() >= local.typeCount()) {
            throw new CoreFailure("local type id " + relo.typeId() + " out of range (" + local.typeCount()
                    + " types)");
        }
        CoreSpec localSpec;
        try {
            localSpec = CoreSpec.parse(local, relo.typeId(), relo.accessString(), relo.kind());
        } catch (CoreFailure e) {
            throw new CoreFailure("parsing " + CoreFormat.type(local, relo.typeId()) + " + " + relo.accessString()
                    + " failed: " + e.getMessage());
        }
        ctx.localSpec = localSpec.format();

        Res res;
        CoreSpec targSpec = null;
        Candidate chosen = null;
        int considered = 0;
        int matched = 0;
        String poisonReason = null;
        if (relo.kind() == CoreReloKind.TYPE_ID_LOCAL) {
            res = new Res();
            res.validate = false;
            res.origVal = localSpec.rootTypeId;
            res.newVal = localSpec.rootTypeId;
        } else {
            if (local.name(relo.typeId()).isEmpty()) {
                throw new CoreFailure("relocation doesn't support anonymous types");
            }
            List<Candidate> cands = findCandidates(relo.typeId());
            considered = cands.size();
            List<Candidate> kept = new ArrayList<>();
            res = null;
            for (int c = 0; c < cands.size(); c++) {
                Candidate cand = cands.get(c);
                CoreSpec candSpec = new CoreSpec(cand.btf(), cand.id(), relo.kind());
                int r;
                try {
                    r = match(localSpec, cand.btf(), cand.id(), candSpec);
                } catch (CoreFailure e) {
                    throw new CoreFailure("error matching candidate #" + c + " " + candSpec.format() + " in "
                            + cand.btf().source() + ": " + e.getMessage());
                }
                if (r == 0) {
                    continue;
                }
                Res candRes = calcRelo(ctx, localSpec, candSpec);
                if (kept.isEmpty()) {
                    res = candRes;
                    targSpec = candSpec;
                    chosen = cand;
                } else if (candSpec.bitOffset != targSpec.bitOffset) {
                    throw new CoreFailure("field offset ambiguity: " + candSpec.bitOffset + " != " + targSpec.bitOffset
                            + " (candidate " + candSpec.format() + " in " + cand.btf().source() + " vs "
                            + targSpec.format() + " in " + chosen.btf().source() + ")");
                } else if (candRes.poison != res.poison || candRes.newVal != res.newVal) {
                    throw new CoreFailure("relocation decision ambiguity: "
                            + (candRes.poison ? "failure" : "success") + " " + Long.toUnsignedString(candRes.newVal)
                            + " != " + (res.poison ? "failure" : "success") + " " + Long.toUnsignedString(res.newVal)
                            + " (candidate " + candSpec.format() + " in " + cand.btf().source() + " vs "
                            + targSpec.format() + " in " + chosen.btf().source() + ")");
                }
                kept.add(cand);
            }
            matched = kept.size();
            if (matched > 0) {
                // later relocations of this type only consider the candidates that matched (libbpf prunes too)
                candCache.put(relo.typeId(), kept);
            } else {
                res = calcRelo(ctx, localSpec, null);
                if (res.poison) {
                    poisonReason = considered == 0
                            ? "no target type named '" + Extern.essentialName(local.name(relo.typeId())) + "'"
                            : "no matching targets found among " + considered + " candidate"
                                    + (considered == 1 ? "" : "s");
                }
            }
        }
        return patch(ctx, buf, localSpec, targSpec, chosen, considered, matched, res, poisonReason);
    }

    // ---- patching (bpf_core_patch_insn)

    private CoreRelocationReport patch(Context ctx, ByteBuffer buf, CoreSpec localSpec, CoreSpec targSpec,
            Candidate chosen, int considered, int matched, Res res, String poisonReason) {
        CoreRelocation relo = ctx.relo;
        int idx = relo.insnIndex();
        int insnCount = buf.capacity() / 8;
        int p = idx * 8;
        int code = buf.get(p) & 0xff;
        int cls = code & 0x07;
        String insnClass = switch (cls) {
            case BPF_ALU, BPF_ALU64 -> "ALU/ALU64";
            case BPF_LDX, BPF_ST, BPF_STX -> "LDX/ST/STX";
            case BPF_LD -> "LDIMM64";
            default -> String.format("code 0x%x", code);
        };
        long oldValue = switch (cls) {
            case BPF_ALU, BPF_ALU64 -> buf.getInt(p + 4);
            case BPF_LDX, BPF_ST, BPF_STX -> buf.getShort(p + 2);
            case BPF_LD -> code == LD_IMM64 && idx + 1 < insnCount
                    ? Integer.toUnsignedLong(buf.getInt(p + 4)) | ((long) buf.getInt(p + 12) << 32)
                    : 0;
            default -> 0;
        };
        String targetSpec = targSpec == null ? null : targSpec.format();
        String targetBtf = chosen == null ? null : chosen.btf().source();
        int targetId = chosen == null ? 0 : chosen.id();
        int oldSz = 0;
        int newSz = 0;
        boolean poison = res.poison;
        if (!poison) {
            switch (cls) {
                case BPF_ALU, BPF_ALU64 -> {
                    if ((code & BPF_X) != 0) {
                        throw new CoreFailure("insn #" + idx + " (ALU/ALU64) has a register source, not an immediate");
                    }
                    if (res.validate && oldValue != res.origVal) {
                        throw unexpected(idx, "ALU/ALU64", oldValue, res);
                    }
                    buf.putInt(p + 4, (int) res.newVal);
                }
                case BPF_LDX, BPF_ST, BPF_STX -> {
                    if (res.validate && oldValue != res.origVal) {
                        throw unexpected(idx, "LDX/ST/STX", oldValue, res);
                    }
                    if (Long.compareUnsigned(res.newVal, Short.MAX_VALUE) > 0) {
                        throw new CoreFailure("insn #" + idx + " (LDX/ST/STX) value too big: "
                                + Long.toUnsignedString(res.newVal) + " (the offset field is 16-bit)");
                    }
                    if (res.failMemszAdjust) {
                        poison = true;
                        poisonReason = "insn #" + idx + " (LDX/ST/STX) accesses field incorrectly: the field is "
                                + res.newSz + " bytes in the target and " + res.origSz + " locally, and only "
                                + "pointers and unsigned integers can be resized. Make sure you are accessing "
                                + "pointers, unsigned integers, or fields of matching type and size.";
                        break;
                    }
                    buf.putShort(p + 2, (short) res.newVal);
                    if (res.newSz != res.origSz) {
                        int insnSz = switch (code & 0x18) {
                            case 0x00 -> 4;
                            case 0x08 -> 2;
                            case 0x10 -> 1;
                            default -> 8;
                        };
                        if (insnSz != res.origSz) {
                            throw new CoreFailure("insn #" + idx + " (LDX/ST/STX) unexpected mem size: got " + insnSz
                                    + ", exp " + res.origSz);
                        }
                        int sizeBits = switch (res.newSz) {
                            case 8 -> 0x18;
                            case 4 -> 0x00;
                            case 2 -> 0x08;
                            case 1 -> 0x10;
                            default -> -1;
                        };
                        if (sizeBits < 0) {
                            throw new CoreFailure("insn #" + idx + " (LDX/ST/STX) invalid new mem size: " + res.newSz);
                        }
                        buf.put(p, (byte) ((code & 0xe0) | sizeBits | cls));
                        oldSz = res.origSz;
                        newSz = res.newSz;
                    }
                }
                case BPF_LD -> {
                    if (code != LD_IMM64 || idx + 1 >= insnCount || srcReg(buf, p) != 0 || buf.getShort(p + 2) != 0
                            || buf.get(p + 8) != 0 || buf.get(p + 9) != 0 || buf.getShort(p + 10) != 0) {
                        throw new CoreFailure("insn #" + idx + " (LDIMM64) has unexpected form");
                    }
                    if (res.validate && oldValue != res.origVal) {
                        throw unexpected(idx, "LDIMM64", oldValue, res);
                    }
                    buf.putInt(p + 4, (int) res.newVal);
                    buf.putInt(p + 12, (int) (res.newVal >>> 32));
                }
                default -> throw new CoreFailure(String.format(
                        "trying to relocate unrecognized insn #%d, code:0x%x, regs:0x%x, off:0x%x, imm:0x%x", idx,
                        code, buf.get(p + 1) & 0xff, buf.getShort(p + 2) & 0xffff, buf.getInt(p + 4)));
            }
        }
        if (poison) {
            if (code == LD_IMM64 && idx + 1 < insnCount) {
                poison(buf, p + 8);
            }
            poison(buf, p);
        }
        return new CoreRelocationReport(ctx.index, idx, relo.kind(), relo.typeId(), relo.accessString(),
                ctx.localSpec, targetSpec, targetBtf, targetId, considered, matched, insnClass, res.origVal,
                res.validate, oldValue, res.newVal, oldSz, newSz, poison, poison ? poisonReason : null);
    }

    private static CoreFailure unexpected(int idx, String what, long got, Res res) {
        return new CoreFailure("unexpected insn #" + idx + " (" + what + ") value: got " + got + ", exp "
                + Long.toUnsignedString(res.origVal) + " -> " + Long.toUnsignedString(res.newVal));
    }

    private static int srcReg(ByteBuffer buf, int p) {
        int regs = buf.get(p + 1) & 0xff;
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? regs >>> 4 : regs & 0x0f;
    }

    private static void poison(ByteBuffer buf, int p) {
        buf.put(p, (byte) (BPF_JMP | BPF_CALL));
        buf.put(p + 1, (byte) 0);
        buf.putShort(p + 2, (short) 0);
        buf.putInt(p + 4, POISON_IMM);
    }

    // ---- candidates (bpf_core_find_cands / bpf_core_add_cands)

    private List<Candidate> findCandidates(int localId) {
        List<Candidate> cached = candCache.get(localId);
        if (cached != null) {
            return cached;
        }
        String localName = local.name(localId);
        if (localName.isEmpty()) {
            throw new CoreFailure("target candidate search failed for " + CoreFormat.type(local, localId)
                    + ": anonymous type");
        }
        String essential = Extern.essentialName(localName);
        BtfKind localKind = local.kind(localId);
        List<Candidate> cands = new ArrayList<>();
        for (int ti = 0; ti < targets.size(); ti++) {
            if (ti > 0 && !cands.isEmpty()) {
                break; // vmlinux had candidates: modules are not searched
            }
            Btf t = targets.get(ti);
            int startId = ti == 0 ? 1 : t.firstOwnId();
            int[] ids = candidateIds(t, essential, startId);
            for (int id : ids) {
                if (CoreTypes.kindCompat(t.kind(id), localKind)) {
                    cands.add(new Candidate(ti, t, id));
                }
            }
        }
        candCache.put(localId, cands);
        return cands;
    }

    /** Ids ≥ startId of {@code t} (base included) whose essential name is {@code essential}, ascending. */
    private static int[] candidateIds(Btf t, String essential, int startId) {
        int[] exact = t.findByName(essential);
        int[] out = new int[exact.length];
        int n = 0;
        for (int id : exact) {
            if (id >= startId && Extern.essentialNameLength(t.name(id)) == essential.length()) {
                out[n++] = id;
            }
        }
        for (Btf b = t; b != null; b = b.base()) {
            if (b.typeCount() <= startId) {
                break;
            }
            for (int id : b.ownIdsWithFlavorOf(essential)) {
                if (id >= startId) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, Math.max(4, n * 2));
                    }
                    out[n++] = id;
                }
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    // ---- matching (bpf_core_spec_match)

    private static int match(CoreSpec localSpec, Btf tb, int targId, CoreSpec targ) {
        CoreReloKind kind = localSpec.kind;
        if (kind.isTypeBased()) {
            return kind == CoreReloKind.TYPE_MATCHES
                    ? CoreTypes.typesMatch(localSpec.btf, localSpec.rootTypeId, tb, targId)
                    : CoreTypes.typesAreCompat(localSpec.btf, localSpec.rootTypeId, tb, targId);
        }
        CoreSpec.Accessor localAcc = localSpec.accessors.get(0);
        if (kind.isEnumvalBased()) {
            targId = CoreSpec.skip(tb, targId);
            if (!(tb.type(targId) instanceof BtfType.AnyEnum e)) {
                return 0;
            }
            String essential = Extern.essentialName(localAcc.name());
            List<BtfType.EnumValue> values = e.values();
            for (int i = 0; i < values.size(); i++) {
                if (Extern.essentialName(values.get(i).name()).equals(essential)) {
                    targ.accessors.add(new CoreSpec.Accessor(targId, i, values.get(i).name()));
                    targ.pushRaw(i);
                    return 1;
                }
            }
            return 0;
        }
        if (!kind.isFieldBased()) {
            throw new CoreFailure("unsupported relocation kind " + kind);
        }
        for (int i = 0; i < localSpec.accessors.size(); i++) {
            localAcc = localSpec.accessors.get(i);
            targId = CoreSpec.skip(tb, targId);
            BtfType targType = tb.type(targId);
            if (localAcc.name() != null) {
                int[] next = new int[1];
                int r = matchMember(localSpec.btf, localAcc, tb, targId, targ, next);
                if (r <= 0) {
                    return r;
                }
                targId = next[0];
            } else {
                if (i > 0) {
                    if (!(targType instanceof BtfType.Array a)) {
                        return 0;
                    }
                    boolean flex = CoreSpec.isFlexArray(tb, targ.accessors.get(i - 1), a);
                    if (!flex && Integer.compareUnsigned(localAcc.idx(), a.nelems()) >= 0) {
                        return 0;
                    }
                    targId = CoreSpec.skip(tb, a.elemType());
                }
                targ.accessors.add(new CoreSpec.Accessor(targId, localAcc.idx(), null));
                targ.pushRaw(localAcc.idx());
                targ.bitOffset += (long) localAcc.idx() * CoreSpec.size(tb, targId) * 8;
            }
        }
        return 1;
    }

    /**
     * bpf_core_match_member: finds the local named field in target composite {@code targId}, descending into
     * anonymous members; records the path in {@code targ} and the field's type in {@code next[0]}.
     */
    private static int matchMember(Btf lb, CoreSpec.Accessor localAcc, Btf tb, int targId, CoreSpec targ,
            int[] next) {
        targId = CoreSpec.skip(tb, targId);
        if (!(tb.type(targId) instanceof BtfType.Composite tc)) {
            return 0;
        }
        BtfType.Member localMember = ((BtfType.Composite) lb.type(localAcc.typeId())).members().get(localAcc.idx());
        String localName = localMember.name();
        List<BtfType.Member> members = tc.members();
        for (int i = 0; i < members.size(); i++) {
            BtfType.Member m = members.get(i);
            targ.bitOffset += m.bitOffset();
            targ.pushRaw(i);
            if (m.name().isEmpty()) {
                int found = matchMember(lb, localAcc, tb, m.type(), targ, next);
                if (found != 0) {
                    return found;
                }
            } else if (m.name().equals(localName)) {
                targ.accessors.add(new CoreSpec.Accessor(targId, i, m.name()));
                next[0] = m.type();
                int found = CoreTypes.fieldsAreCompat(lb, localMember.type(), tb, m.type());
                if (found == 0) {
                    targ.accessors.remove(targ.accessors.size() - 1);
                }
                return found;
            }
            targ.bitOffset -= m.bitOffset();
            targ.rawLen--;
        }
        return 0;
    }

    // ---- values (bpf_core_calc_relo and friends)

    private Res calcRelo(Context ctx, CoreSpec localSpec, CoreSpec targSpec) {
        CoreReloKind kind = ctx.relo.kind();
        Res res = new Res();
        if (kind.isFieldBased()) {
            FieldVal orig = calcField(ctx, localSpec);
            res.origVal = orig.val;
            res.origSz = orig.fieldSz;
            res.origTypeId = orig.typeId;
            res.validate = orig.validate;
            if (targSpec == null && kind != CoreReloKind.FIELD_EXISTS) {
                res.poison = true; // libbpf's -EUCLEAN
                return res;
            }
            FieldVal now = calcField(ctx, targSpec);
            res.newVal = now.val;
            res.newSz = now.fieldSz;
            res.newTypeId = now.typeId;
            if (res.origSz != res.newSz) {
                BtfType ot = localSpec.btf.type(res.origTypeId);
                BtfType nt = targSpec.btf.type(res.newTypeId);
                boolean ok = (ot instanceof BtfType.Ptr && nt instanceof BtfType.Ptr)
                        || (ot instanceof BtfType.Int oi && nt instanceof BtfType.Int ni
                                && oi.encoding() != BtfType.Int.SIGNED && ni.encoding() != BtfType.Int.SIGNED);
                res.failMemszAdjust = !ok;
            }
        } else if (kind.isTypeBased()) {
            res.origVal = calcType(localSpec, kind);
            res.newVal = calcType(targSpec, kind);
            res.validate = kind != CoreReloKind.TYPE_ID_TARGET;
        } else if (kind.isEnumvalBased()) {
            res.origVal = calcEnumval(localSpec, kind);
            if (targSpec == null && kind == CoreReloKind.ENUMVAL_VALUE) {
                res.poison = true;
            } else {
                res.newVal = calcEnumval(targSpec, kind);
            }
        } else {
            throw new CoreFailure("unrecognized CO-RE relocation " + kind);
        }
        return res;
    }

    private record FieldVal(long val, int fieldSz, int typeId, boolean validate) {}

    /** bpf_core_calc_field_relo for one side; {@code spec} is null only for FIELD_EXISTS. */
    private FieldVal calcField(Context ctx, CoreSpec spec) {
        CoreReloKind kind = ctx.relo.kind();
        if (kind == CoreReloKind.FIELD_EXISTS) {
            return new FieldVal(spec != null ? 1 : 0, 0, 0, true);
        }
        Btf btf = spec.btf;
        CoreSpec.Accessor acc = spec.last();
        if (acc.name() == null) {
            // an array element (or the root itself)
            if (kind == CoreReloKind.FIELD_BYTE_OFFSET) {
                int elem = innermostElement(btf, acc.typeId());
                return new FieldVal(spec.bitOffset / 8, (int) CoreSpec.size(btf, elem), acc.typeId(), true);
            } else if (kind == CoreReloKind.FIELD_BYTE_SIZE) {
                return new FieldVal(CoreSpec.size(btf, acc.typeId()), 0, 0, true);
            }
            throw new CoreFailure("relo " + kind.label() + " can't be applied to array access");
        }
        BtfType.Member m = ((BtfType.Composite) btf.type(acc.typeId())).members().get(acc.idx());
        int fieldTypeId = CoreSpec.skip(btf, m.type());
        BtfType mt = btf.type(fieldTypeId);
        long bitOff = spec.bitOffset & 0xffffffffL;
        long bitSz = m.bitfieldSize();
        boolean bitfield = bitSz > 0;
        long byteSz;
        long byteOff;
        if (bitfield) {
            byteSz = ownSize(btf, mt);
            if (byteSz <= 0) {
                throw new CoreFailure("bitfield of " + CoreFormat.type(btf, fieldTypeId) + " has no size");
            }
            byteOff = bitOff / 8 / byteSz * byteSz;
            while (bitOff + bitSz - byteOff * 8 > byteSz * 8) {
                if (byteSz >= 8) {
                    throw new CoreFailure("relo " + kind.label() + " can't be satisfied for bitfield (a 64-bit load "
                            + "cannot read it)");
                }
                byteSz *= 2;
                byteOff = bitOff / 8 / byteSz * byteSz;
            }
        } else {
            byteSz = CoreSpec.size(btf, fieldTypeId);
            byteOff = bitOff / 8;
            bitSz = byteSz * 8;
        }
        boolean validate = !bitfield;
        switch (kind) {
            case FIELD_BYTE_OFFSET:
                if (!bitfield) {
                    int elem = innermostElement(btf, fieldTypeId);
                    return new FieldVal(byteOff, (int) CoreSpec.size(btf, elem), fieldTypeId, validate);
                }
                return new FieldVal(byteOff, 0, 0, validate);
            case FIELD_BYTE_SIZE:
                return new FieldVal(byteSz, 0, 0, validate);
            case FIELD_SIGNED: {
                boolean signed = (mt instanceof BtfType.AnyEnum e && e.signed())
                        || (mt instanceof BtfType.Int i && i.isSigned());
                return new FieldVal(signed ? 1 : 0, 0, 0, true);
            }
            case FIELD_LSHIFT_U64:
                return new FieldVal(ctx.bigEndian
                        ? (8 - byteSz) * 8 + (bitOff - byteOff * 8)
                        : 64 - (bitOff + bitSz - byteOff * 8), 0, 0, validate);
            case FIELD_RSHIFT_U64:
                return new FieldVal(64 - bitSz, 0, 0, true);
            default:
                throw new CoreFailure("unrecognized CO-RE relocation " + kind);
        }
    }

    private static long ownSize(Btf btf, BtfType t) {
        if (t instanceof BtfType.Int i) {
            return Integer.toUnsignedLong(i.size());
        } else if (t instanceof BtfType.AnyEnum e) {
            return Integer.toUnsignedLong(e.size());
        }
        return CoreSpec.size(btf, t.id());
    }

    /** For an array (of arrays), the element type that is not an array; else the type itself (mods skipped). */
    private static int innermostElement(Btf btf, int id) {
        id = CoreSpec.skip(btf, id);
        for (int depth = 0; btf.type(id) instanceof BtfType.Array a; depth++) {
            if (depth > 32) {
                throw new CoreFailure("array nesting deeper than 32");
            }
            id = CoreSpec.skip(btf, a.elemType());
        }
        return id;
    }

    private static long calcType(CoreSpec spec, CoreReloKind kind) {
        if (spec == null) {
            return 0;
        }
        return switch (kind) {
            case TYPE_ID_TARGET -> spec.rootTypeId;
            case TYPE_EXISTS, TYPE_MATCHES -> 1;
            case TYPE_SIZE -> CoreSpec.size(spec.btf, spec.rootTypeId);
            default -> throw new CoreFailure("unrecognized CO-RE relocation " + kind);
        };
    }

    private static long calcEnumval(CoreSpec spec, CoreReloKind kind) {
        if (kind == CoreReloKind.ENUMVAL_EXISTS) {
            return spec != null ? 1 : 0;
        }
        CoreSpec.Accessor acc = spec.accessors.get(0);
        BtfType t = spec.btf.type(acc.typeId());
        if (t instanceof BtfType.Enum e) {
            return (int) e.values().get(acc.idx()).value(); // libbpf: the __s32 value widened to __u64
        }
        return ((BtfType.Enum64) t).values().get(acc.idx()).value();
    }
}

package io.bpfskel.core;

/**
 * What the engine did with one CO-RE relocation.
 *
 * @param index position of the relocation in the list given to the engine (libbpf's {@code relo #N} when the list
 *     is a whole section's)
 * @param insnIndex the patched instruction, relative to the program
 * @param kind the relocation kind
 * @param localTypeId the local root type id
 * @param accessString the access string as clang wrote it
 * @param localSpec the local side in C terms, as libbpf prints it:
 *     {@code <byte_off> [5] struct task_struct.pid (0:18 @ offset 1234)}
 * @param targetSpec the chosen target in the same form, or null when no candidate matched (and for
 *     {@code TYPE_ID_LOCAL}, which has no target)
 * @param targetBtf {@link io.bpfskel.btf.Btf#source()} of the target the chosen candidate is in, or null
 * @param targetTypeId the chosen candidate's root type id in its BTF, or 0 when none matched
 * @param candidates how many target types with the same essential name and a compatible kind were considered
 * @param matchingCandidates how many of them matched (all agreeing)
 * @param insnClass {@code "ALU/ALU64"}, {@code "LDX/ST/STX"} or {@code "LDIMM64"} (libbpf's words), or the
 *     instruction class poisoned
 * @param expectedValue what the instruction should hold per the local BTF (libbpf's {@code orig_val})
 * @param validated whether the instruction's value was checked against {@code expectedValue} (libbpf does not for
 *     bitfield offsets/sizes/shifts, type ids)
 * @param oldValue the instruction's immediate (ALU, LDIMM64) or offset (LDX/ST/STX) before patching
 * @param newValue the value computed for the target (written unless {@code poisoned})
 * @param oldMemSize for a load/store whose size was adjusted (e.g. a local {@code long} that is an {@code int} in
 *     the kernel), the size before; 0 when the size did not change
 * @param newMemSize the size after, or 0
 * @param poisoned whether the instruction (both halves for LDIMM64) became {@code call 0xbad2310}
 * @param poisonReason why, when poisoned: no target has the field/enumerator, or the load/store size cannot be
 *     adjusted
 */
public record CoreRelocationReport(int index, int insnIndex, CoreReloKind kind, int localTypeId, String accessString,
        String localSpec, String targetSpec, String targetBtf, int targetTypeId, int candidates,
        int matchingCandidates, String insnClass, long expectedValue, boolean validated, long oldValue,
        long newValue, int oldMemSize, int newMemSize, boolean poisoned, String poisonReason) {

    /** One line in libbpf's debug style: {@code relo #3: patched insn #12 (LDX/ST/STX) off 8 -> 44}. */
    public String describe() {
        StringBuilder sb = new StringBuilder("relo #").append(index).append(": ").append(localSpec).append(": ");
        if (poisoned) {
            sb.append("substituting insn #").append(insnIndex).append(" w/ invalid insn (").append(poisonReason)
                    .append(')');
            return sb.toString();
        }
        String what = switch (insnClass) {
            case "LDX/ST/STX" -> "off";
            case "LDIMM64" -> "imm64";
            default -> "imm";
        };
        sb.append("patched insn #").append(insnIndex).append(" (").append(insnClass).append(") ").append(what)
                .append(' ').append(Long.toUnsignedString(oldValue)).append(" -> ").append(Long.toUnsignedString(newValue));
        if (oldMemSize != newMemSize) {
            sb.append(", mem_sz ").append(oldMemSize).append(" -> ").append(newMemSize);
        }
        if (targetSpec != null) {
            sb.append(" (target ").append(targetSpec).append(" in ").append(targetBtf).append(')');
        }
        return sb.toString();
    }
}

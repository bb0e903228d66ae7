package io.bpfskel.core;

import io.bpfskel.btf.BtfExt;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.ProgramSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One CO-RE relocation of a program, as the engine consumes it.
 *
 * @param insnIndex instruction index relative to the start of the program (not the ELF section)
 * @param typeId the local (object BTF) root type id
 * @param accessString clang's access string: {@code "0:1:3"} for fields and array elements, {@code "0"} for
 *     type relocations, the enumerator's index for enum value relocations
 * @param kind what to compute
 */
public record CoreRelocation(int insnIndex, int typeId, String accessString, CoreReloKind kind) {

    public CoreRelocation {
        if (kind == null) {
            throw new IllegalArgumentException("kind is null");
        }
        if (accessString == null) {
            throw new IllegalArgumentException("accessString is null");
        }
    }

    /**
     * Converts a {@code .BTF.ext} record whose {@code insnOff} counts bytes from the start of its ELF section.
     *
     * @param programInsnOffset index of the program's first instruction in that section
     * @throws CoreRelocationException when the record's kind is unknown or its offset is not a whole instruction
     */
    public static CoreRelocation of(BtfExt.CoreRelo r, int programInsnOffset) {
        CoreReloKind kind = CoreReloKind.of(r.kind());
        if (kind == null) {
            throw new CoreRelocationException("unrecognized CO-RE relocation kind " + r.kind() + " at insn offset "
                    + r.insnOff() + " (type [" + r.typeId() + "], access string \"" + r.accessString() + "\")");
        }
        if (r.insnOff() % 8 != 0 || r.insnOff() < 0) {
            throw new CoreRelocationException("CO-RE relocation insn offset " + r.insnOff()
                    + " is not a multiple of 8 (type [" + r.typeId() + "], access string \"" + r.accessString() + "\")");
        }
        return new CoreRelocation(r.insnOff() / 8 - programInsnOffset, r.typeId(), r.accessString(), kind);
    }

    /**
     * The CO-RE relocations of {@code [insnOffset, insnOffset + insnCount)} of an ELF section, in record order,
     * with indices made relative to {@code insnOffset}.
     *
     * @param elfSectionName the section's name as in the ELF file (with a leading {@code ?} if it has one)
     */
    public static List<CoreRelocation> forRange(BtfExt ext, String elfSectionName, int insnOffset, int insnCount) {
        List<CoreRelocation> out = new ArrayList<>();
        if (ext == null) {
            return out;
        }
        for (BtfExt.CoreRelo r : ext.coreRelos(elfSectionName)) {
            int idx = r.insnOff() / 8;
            if (idx >= insnOffset && idx < insnOffset + insnCount) {
                out.add(of(r, insnOffset));
            }
        }
        return out;
    }

    /** The CO-RE relocations of one program or subprogram of an object, indices relative to the function. */
    public static List<CoreRelocation> forProgram(BpfObject obj, ProgramSpec prog) {
        String section = obj.elf().section(prog.sectionIndex()).name();
        return forRange(obj.btfExt(), section, prog.insnOffset(), prog.insnCount());
    }
}

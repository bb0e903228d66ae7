package io.bpfskel.object;

import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.ProgramType;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A function of an executable section: a program (one per function symbol of a {@code SEC("...")} section) or
 * a subprogram (a function of {@code .text}).
 *
 * @param sectionName the section name without libbpf's {@code ?} no-autoload marker
 * @param insnOffset index of the first instruction inside its section
 * @param insns raw instructions, 8 bytes each, in the object's byte order
 * @param def how the section name maps to a program type, or null when libbpf has no entry for it
 * @param attachTarget what the section name says to attach to (e.g. {@code syscalls/sys_enter_getpid})
 * @param autoload false for {@code SEC("?...")}
 * @param relocations relocations of this function's instructions, in instruction order
 */
public record ProgramSpec(String name, String sectionName, int sectionIndex, int insnOffset, byte[] insns,
        ByteOrder byteOrder, SectionDef def, String attachTarget, boolean autoload, boolean subprogram,
        boolean global, List<Relocation> relocations) {

    public int insnCount() {
        return insns.length / 8;
    }

    public ProgramType type() {
        return def == null ? ProgramType.UNSPEC : def.type();
    }

    /** The expected attach type the section implies, or null when it implies none (0 on the wire). */
    public AttachType expectedAttachType() {
        return def == null ? null : def.expectedAttachType();
    }

    public boolean sleepable() {
        return def != null && (def.flags() & SectionDef.SLEEPABLE) != 0;
    }
}

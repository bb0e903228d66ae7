package io.bpfskel;

import io.bpfskel.uapi.ProgramType;
import java.util.List;

/**
 * What a load did, as data: how each extern was resolved, which programs went into the kernel and with which id,
 * and the extern resolver's log. Tools render it ({@code bpfskel load}); applications can log or check it.
 *
 * @param object the object's source (file name or the name given to {@link BpfCollection#open(String, byte[], BpfOpenOptions)})
 * @param externs every extern's resolution, in libbpf's extern order
 * @param programs every program of the object, loaded or not, in object order
 * @param log the extern resolver's decisions, one line each; lines starting with {@code "warning: "} are warnings
 * @param pinned the bpffs paths this load pinned (maps with {@code LIBBPF_PIN_BY_NAME} that were not pinned yet)
 */
public record LoadReport(String object, List<ExternStatus> externs, List<ProgramStatus> programs, List<String> log,
        List<String> pinned) {
    private static final String WARNING = "warning: ";

    public LoadReport {
        externs = List.copyOf(externs);
        programs = List.copyOf(programs);
        log = List.copyOf(log);
        pinned = List.copyOf(pinned);
    }

    /**
     * One program after the load.
     *
     * @param section the section name as libbpf reports it (without a leading {@code ?})
     * @param type the program type, or null when the section does not name one
     * @param loaded false when autoload was off
     * @param id the kernel's program id, 0 when not loaded
     */
    public record ProgramStatus(String name, String section, ProgramType type, boolean loaded, int id) {}

    /** The log's warnings, without their {@code "warning: "} prefix. */
    public List<String> warnings() {
        return log.stream().filter(l -> l.startsWith(WARNING)).map(l -> l.substring(WARNING.length())).toList();
    }
}

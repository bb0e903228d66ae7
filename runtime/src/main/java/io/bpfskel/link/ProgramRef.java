package io.bpfskel.link;

import io.bpfskel.sys.Fd;
import io.bpfskel.uapi.AttachType;

/**
 * A loaded program as the attach methods need it.
 *
 * @param name the program's name, for error messages and {@link BpfLink#program()}
 * @param fd the program fd; the link does not own it (the kernel keeps the program alive while attached)
 * @param sectionName the {@code SEC()} name, for auto-attach; null when unknown
 * @param expectedAttachType the attach type the program was loaded with (null when none)
 */
public record ProgramRef(String name, Fd fd, String sectionName, AttachType expectedAttachType) {
    public ProgramRef {
        if (fd == null) {
            throw new IllegalArgumentException("program '" + name + "' has no fd (is it loaded?)");
        }
    }

    /** A program loaded by other means, without section name or expected attach type. */
    public static ProgramRef of(String name, Fd fd) {
        return new ProgramRef(name, fd, null, null);
    }

    String what() {
        return "program '" + name + "'";
    }
}

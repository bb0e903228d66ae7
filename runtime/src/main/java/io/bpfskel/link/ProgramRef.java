package io.bpfskel.link;

import io.bpfskel.fd.BpfFd;
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
public record ProgramRef(String name, BpfFd fd, String sectionName, AttachType expectedAttachType) {
    /** @throws IllegalArgumentException when {@code fd} is null or not a descriptor bpfskel opened */
    public ProgramRef {
        if (fd == null) {
            throw new IllegalArgumentException("program '" + name + "' has no fd (is it loaded?)");
        }
        Fd.of(fd);
    }

    /**
     * A program loaded by other means, without section name or expected attach type: from a
     * {@code KernelProgram}'s {@code handle()}, or a {@link BpfFd#dup()} of another program's.
     */
    public static ProgramRef of(String name, BpfFd fd) {
        return new ProgramRef(name, fd, null, null);
    }

    /** The fd behind {@link #fd()}, for the system calls. */
    Fd kernelFd() {
        return Fd.of(fd);
    }

    String what() {
        return "program '" + name + "'";
    }
}

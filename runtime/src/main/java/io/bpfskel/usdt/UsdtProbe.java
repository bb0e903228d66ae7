package io.bpfskel.usdt;

import java.util.List;

/**
 * One USDT probe site of a binary, from its {@code .note.stapsdt} note. A probe used in several places (inlined
 * callers) has one note, and so one {@code UsdtProbe}, per place.
 *
 * @param binary the file the note was read from
 * @param provider the provider ({@code hotspot}); may be empty
 * @param name the probe name ({@code gc__begin})
 * @param address link-time address of the probe's NOP, corrected for prelinking through {@code .stapsdt.base}
 * @param fileOffset where the uprobe goes: {@code address} as an offset in the file
 * @param semaphoreAddress link-time address of the 2-byte semaphore (is-enabled counter), 0 when none
 * @param semaphoreOffset file offset of the semaphore (the kernel's {@code ref_ctr_offset}), 0 when none
 * @param argsText the argument spec as the note has it
 * @param args the parsed arguments; empty when {@code argsError} is set
 * @param argsError why {@code argsText} could not be parsed, or null; such a probe cannot be attached
 */
public record UsdtProbe(String binary, String provider, String name, long address, long fileOffset,
        long semaphoreAddress, long semaphoreOffset, String argsText, List<UsdtArg> args, String argsError) {

    public boolean hasSemaphore() {
        return semaphoreAddress != 0;
    }

    /** {@code provider:name}. */
    public String id() {
        return provider + ":" + name;
    }
}

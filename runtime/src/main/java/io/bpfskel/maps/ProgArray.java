package io.bpfskel.maps;

import io.bpfskel.link.ProgramRef;
import io.bpfskel.sys.Fd;
import io.bpfskel.uapi.MapType;
import java.util.OptionalInt;

/**
 * A view of a program array, the jump table of {@code bpf_tail_call}. Slots are written with program fds
 * and read back as program ids.
 */
public final class ProgArray {
    private final MapRef map;
    private final TypedMap<Integer, Integer> slots;

    ProgArray(MapRef map) {
        if (map.type() != MapType.PROG_ARRAY) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type() + " map, not a program array");
        }
        this.map = map;
        this.slots = new TypedMap<>(map, Codecs.int32(), Codecs.int32());
    }

    public MapRef map() {
        return map;
    }

    /** Makes tail calls to {@code slot} jump to {@code program} ({@code BpfProgram.ref()}, {@code KernelProgram.ref()}). */
    public void set(int slot, ProgramRef program) {
        set(slot, Fd.of(program.fd()));
    }

    private void set(int slot, Fd program) {
        // The kernel reads the number during the update: hold the program's descriptor until then.
        int raw = program.acquire("BPF_MAP_UPDATE_ELEM", "program for slot " + slot + " of map '" + map.name() + "'");
        try {
            slots.update(slot, raw);
        } finally {
            program.exit();
        }
    }

    /** Empties the slot (tail calls to it fall through); false when it was empty. */
    public boolean clear(int slot) {
        return slots.delete(slot);
    }

    /** The id of the program in {@code slot}; empty when the slot is empty. */
    public OptionalInt programId(int slot) {
        Integer id = slots.lookup(slot);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public int size() {
        return map.maxEntries();
    }
}

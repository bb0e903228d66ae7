package io.bpfskel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpfskel.object.Extern;
import org.junit.jupiter.api.Test;

class ExternStatusTest {
    @Test
    void flavorIsTheSuffixAfterTheEssentialName() {
        ExternStatus old = new ExternStatus("bpf_strlen___old", "bpf_strlen", ExternStatus.Kind.KFUNC, true, false, 0, null,
                0, 0, "incompatible");
        assertEquals("old", old.flavor());
        ExternStatus plain = new ExternStatus("CONFIG_HZ", "CONFIG_HZ", ExternStatus.Kind.KCONFIG, false, true, 0, null, 0,
                0, null);
        assertEquals("", plain.flavor());
    }

    @Test
    void everyObjectKindHasAPublicKind() {
        for (Extern.Kind k : Extern.Kind.values()) {
            assertEquals(k.name(), ExternStatus.Kind.of(k).name());
        }
        assertEquals(Extern.Kind.values().length, ExternStatus.Kind.values().length);
    }
}

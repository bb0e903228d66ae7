package io.bpfskel.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a loaded struct_ops map registers: the kernel-layout value ({@code struct bpf_struct_ops_<type>}) with the
 * member programs' fds in place, and which program implements which member (for messages naming them when the
 * kernel refuses the registration).
 *
 * @param map the map's name
 * @param kernType the kernel struct ({@code tcp_congestion_ops})
 * @param link whether the map registers through a BPF link ({@code .struct_ops.link})
 * @param value the value given to BPF_MAP_UPDATE_ELEM
 * @param memberPrograms member name → program name, in member order
 */
public record StructOpsValue(String map, String kernType, boolean link, byte[] value, Map<String, String> memberPrograms) {
    public StructOpsValue {
        value = value.clone();
        memberPrograms = Collections.unmodifiableMap(new LinkedHashMap<>(memberPrograms));
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** {@code cong_avoid → prog 'x', ssthresh → prog 'y'}, for messages. */
    public String describeMembers() {
        StringBuilder b = new StringBuilder();
        memberPrograms.forEach((m, p) -> b.append(b.length() == 0 ? "" : ", ").append(m).append(" → program '").append(p).append("'"));
        return b.length() == 0 ? "no member programs" : b.toString();
    }
}

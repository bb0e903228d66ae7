package io.bpfskel.cli;

import io.bpfskel.btf.BtfBuilder;
import io.bpfskel.btf.BtfType;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic kernel BTFs: what a fleet of kernels could look like to the resolver. */
final class KernelBtfs {
    enum Strlen { ONE_PARAM, TWO_PARAMS, NONE }

    private KernelBtfs() {}

    /**
     * A kernel BTF with {@code int bpf_strlen(const char *s__ign)} (6.17+), or a made-up older
     * {@code int bpf_strlen(const char *s, int maxlen)}, or none; {@code cookie}: whether {@code enum bpf_func_id}
     * knows {@code BPF_FUNC_get_attach_cookie}.
     */
    static Path write(Path file, Strlen strlen, boolean cookie) throws Exception {
        BtfBuilder b = new BtfBuilder();
        int i = b.addInt("int", 4, BtfType.Int.SIGNED);
        int c = b.addInt("char", 1, 0);
        int p = b.addPtr(b.addConst(c));
        if (strlen == Strlen.ONE_PARAM) {
            b.addFunc("bpf_strlen", b.addFuncProto(i, List.of(new BtfType.Param("s__ign", p))), BtfType.Func.GLOBAL);
        } else if (strlen == Strlen.TWO_PARAMS) {
            b.addFunc("bpf_strlen", b.addFuncProto(i, List.of(new BtfType.Param("s", p), new BtfType.Param("maxlen", i))),
                    BtfType.Func.GLOBAL);
        }
        List<BtfType.EnumValue> ids = new ArrayList<>(List.of(new BtfType.EnumValue("BPF_FUNC_unspec", 0),
                new BtfType.EnumValue("BPF_FUNC_map_lookup_elem", 1)));
        if (cookie) {
            ids.add(new BtfType.EnumValue("BPF_FUNC_get_attach_cookie", 174));
        }
        b.addEnum("bpf_func_id", 4, false, ids);
        Files.write(file, b.encode(ByteOrder.nativeOrder()));
        return file;
    }
}

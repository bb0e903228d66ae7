package io.bpfskel.link;

import io.bpfskel.error.BpfException;
import io.bpfskel.fd.BpfFd;
import io.bpfskel.sys.Bpf;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.sys.Fd;
import io.bpfskel.usdt.UsdtSpecLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The USDT state of one loaded object, shared by all its USDT programs (libbpf's {@code usdt_manager}): the
 * {@code __bpf_usdt_specs} and {@code __bpf_usdt_ip_to_spec_id} maps that {@code <bpf/usdt.bpf.h>} declares, and
 * which spec ids are in use. Ids freed by a closed link are reused last-freed first, as libbpf does.
 */
public final class UsdtManager {
    public static final String SPECS_MAP = "__bpf_usdt_specs";
    public static final String IP_MAP = "__bpf_usdt_ip_to_spec_id";

    private final String object;
    private final Fd specs;
    private final UsdtSpecLayout layout;
    private final int maxSpecs;
    private final Fd ipMap;
    private final boolean bpfCookie;
    private final Deque<Integer> free = new ArrayDeque<>();
    private int next;

    /**
     * @param object names the object in messages
     * @param specs the {@code __bpf_usdt_specs} array (not owned)
     * @param specsValueSize its value size, which tells the spec layout of the object's usdt.bpf.h
     * @param ipMap the {@code __bpf_usdt_ip_to_spec_id} hash (not owned); used only without BPF cookies
     * @param bpfCookie what the object's {@code LINUX_HAS_BPF_COOKIE} is: spec ids go in the BPF cookie, else in
     *     the IP map keyed by the probe's run-time address
     */
    public UsdtManager(String object, BpfFd specs, int specsValueSize, int specsMaxEntries, BpfFd ipMap,
            boolean bpfCookie) {
        this.object = object;
        this.specs = Fd.of(specs);
        try {
            this.layout = UsdtSpecLayout.ofValueSize(specsValueSize);
        } catch (IllegalArgumentException e) {
            throw new BpfException(object + ": " + e.getMessage(), e);
        }
        this.maxSpecs = specsMaxEntries;
        this.ipMap = ipMap == null ? null : Fd.of(ipMap);
        this.bpfCookie = bpfCookie;
    }

    UsdtSpecLayout layout() {
        return layout;
    }

    boolean bpfCookie() {
        return bpfCookie;
    }

    synchronized int allocate(String what) {
        if (!free.isEmpty()) {
            return free.removeLast();
        }
        if (next >= maxSpecs) {
            throw new BpfException(what + ": all " + maxSpecs + " USDT spec ids of " + object + " are in use; define "
                    + "BPF_USDT_MAX_SPEC_CNT larger before including <bpf/usdt.bpf.h>");
        }
        return next++;
    }

    synchronized void release(List<Integer> ids) {
        free.addAll(ids);
    }

    void writeSpec(int id, byte[] spec, String what) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(id).array();
        Bpf.mapUpdateElem(specs, key, spec, BpfFlags.BPF_ANY, what + " (spec " + id + " in " + SPECS_MAP + ")");
    }

    void mapIp(long ip, int id, String what) {
        byte[] key = ipKey(ip);
        byte[] value = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(id).array();
        try {
            Bpf.mapUpdateElem(ipMap, key, value, BpfFlags.BPF_NOEXIST, what + " (address 0x" + Long.toHexString(ip)
                    + " in " + IP_MAP + ")");
        } catch (io.bpfskel.error.BpfSyscallException e) {
            if (e.errno() == io.bpfskel.error.Errno.EEXIST) {
                throw new BpfException(what + ": address 0x" + Long.toHexString(ip) + " is already attached by another"
                        + " USDT link of " + object + " (without BPF cookies one address has one spec)", e);
            }
            throw e;
        }
    }

    void unmapIp(long ip, String what) {
        Bpf.mapDeleteElem(ipMap, ipKey(ip), what);
    }

    private static byte[] ipKey(long ip) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(ip).array();
    }
}

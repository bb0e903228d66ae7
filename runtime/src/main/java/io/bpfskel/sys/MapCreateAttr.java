package io.bpfskel.sys;

import io.bpfskel.uapi.MapType;
import io.bpfskel.uapi.BpfCommand;

/**
 * BPF_MAP_CREATE attributes (the first struct of {@code union bpf_attr}).
 *
 * @param innerMap template for map-in-map types; null for none
 * @param btf BTF object describing key and value; null for none
 * @param valueTypeBtfObj module BTF for {@code btfVmlinuxValueTypeId} (needs BPF_F_VTYPE_BTF_OBJ_FD)
 * @param token BPF token (needs BPF_F_TOKEN_FD)
 */
public record MapCreateAttr(
        MapType mapType,
        int keySize,
        int valueSize,
        int maxEntries,
        int mapFlags,
        Fd innerMap,
        int numaNode,
        String mapName,
        int mapIfindex,
        Fd btf,
        int btfKeyTypeId,
        int btfValueTypeId,
        int btfVmlinuxValueTypeId,
        long mapExtra,
        Fd valueTypeBtfObj,
        Fd token) {

    static final int MAP_TYPE = 0;
    static final int KEY_SIZE = 4;
    static final int VALUE_SIZE = 8;
    static final int MAX_ENTRIES = 12;
    static final int MAP_FLAGS = 16;
    static final int INNER_MAP_FD = 20;
    static final int NUMA_NODE = 24;
    static final int MAP_NAME = 28;
    static final int MAP_IFINDEX = 44;
    static final int BTF_FD = 48;
    static final int BTF_KEY_TYPE_ID = 52;
    static final int BTF_VALUE_TYPE_ID = 56;
    static final int BTF_VMLINUX_VALUE_TYPE_ID = 60;
    static final int MAP_EXTRA = 64;
    static final int VALUE_TYPE_BTF_OBJ_FD = 72;
    static final int MAP_TOKEN_FD = 76;
    /** Up to map_token_fd; excl_prog_hash (6.18) is not used yet. */
    static final int SIZE = 80;

    public MapCreateAttr {
        if (mapName != null) {
            Structs.objNameBytes(mapName);
        }
    }

    public static Builder builder(MapType mapType) {
        return new Builder(mapType);
    }

    void encode(NativeMemory p, NativeScope scope, String context) {
        String cmd = BpfCommand.MAP_CREATE.uapiName();
        Structs.u32(p, MAP_TYPE, mapType.number());
        Structs.u32(p, KEY_SIZE, keySize);
        Structs.u32(p, VALUE_SIZE, valueSize);
        Structs.u32(p, MAX_ENTRIES, maxEntries);
        Structs.u32(p, MAP_FLAGS, mapFlags);
        Structs.fd(p, INNER_MAP_FD, innerMap, scope, cmd, context);
        Structs.u32(p, NUMA_NODE, numaNode);
        Structs.objName(p, MAP_NAME, mapName);
        Structs.u32(p, MAP_IFINDEX, mapIfindex);
        Structs.fd(p, BTF_FD, btf, scope, cmd, context);
        Structs.u32(p, BTF_KEY_TYPE_ID, btfKeyTypeId);
        Structs.u32(p, BTF_VALUE_TYPE_ID, btfValueTypeId);
        Structs.u32(p, BTF_VMLINUX_VALUE_TYPE_ID, btfVmlinuxValueTypeId);
        Structs.u64(p, MAP_EXTRA, mapExtra);
        Structs.fd(p, VALUE_TYPE_BTF_OBJ_FD, valueTypeBtfObj, scope, cmd, context);
        Structs.fd(p, MAP_TOKEN_FD, token, scope, cmd, context);
    }

    /** Mutable helper to build the immutable attribute; every field defaults to 0 / null. */
    public static final class Builder {
        private final MapType mapType;
        private int keySize;
        private int valueSize;
        private int maxEntries;
        private int mapFlags;
        private Fd innerMap;
        private int numaNode;
        private String mapName;
        private int mapIfindex;
        private Fd btf;
        private int btfKeyTypeId;
        private int btfValueTypeId;
        private int btfVmlinuxValueTypeId;
        private long mapExtra;
        private Fd valueTypeBtfObj;
        private Fd token;

        private Builder(MapType mapType) {
            this.mapType = mapType;
        }

        public Builder keySize(int v) { keySize = v; return this; }
        public Builder valueSize(int v) { valueSize = v; return this; }
        public Builder maxEntries(int v) { maxEntries = v; return this; }
        public Builder mapFlags(int v) { mapFlags = v; return this; }
        public Builder innerMap(Fd v) { innerMap = v; return this; }
        public Builder numaNode(int v) { numaNode = v; return this; }
        public Builder mapName(String v) { mapName = v; return this; }
        public Builder mapIfindex(int v) { mapIfindex = v; return this; }
        public Builder btf(Fd v) { btf = v; return this; }
        public Builder btfKeyTypeId(int v) { btfKeyTypeId = v; return this; }
        public Builder btfValueTypeId(int v) { btfValueTypeId = v; return this; }
        public Builder btfVmlinuxValueTypeId(int v) { btfVmlinuxValueTypeId = v; return this; }
        public Builder mapExtra(long v) { mapExtra = v; return this; }
        public Builder valueTypeBtfObj(Fd v) { valueTypeBtfObj = v; return this; }
        public Builder token(Fd v) { token = v; return this; }

        public MapCreateAttr build() {
            return new MapCreateAttr(mapType, keySize, valueSize, maxEntries, mapFlags, innerMap, numaNode,
                    mapName, mapIfindex, btf, btfKeyTypeId, btfValueTypeId, btfVmlinuxValueTypeId, mapExtra,
                    valueTypeBtfObj, token);
        }
    }
}

package io.bpfskel.sys;


/** {@code struct bpf_map_info}, as returned by BPF_OBJ_GET_INFO_BY_FD for a map. */
public record MapInfo(
        int type,
        int id,
        int keySize,
        int valueSize,
        int maxEntries,
        int mapFlags,
        String name,
        int ifindex,
        int btfVmlinuxValueTypeId,
        long netnsDev,
        long netnsIno,
        int btfId,
        int btfKeyTypeId,
        int btfValueTypeId,
        int btfVmlinuxId,
        long mapExtra) {

    static final int TYPE = 0;
    static final int ID = 4;
    static final int KEY_SIZE = 8;
    static final int VALUE_SIZE = 12;
    static final int MAX_ENTRIES = 16;
    static final int MAP_FLAGS = 20;
    static final int NAME = 24;
    static final int IFINDEX = 40;
    static final int BTF_VMLINUX_VALUE_TYPE_ID = 44;
    static final int NETNS_DEV = 48;
    static final int NETNS_INO = 56;
    static final int BTF_ID = 64;
    static final int BTF_KEY_TYPE_ID = 68;
    static final int BTF_VALUE_TYPE_ID = 72;
    static final int BTF_VMLINUX_ID = 76;
    static final int MAP_EXTRA = 80;
    static final int SIZE = 88;

    static MapInfo decode(NativeMemory p) {
        return new MapInfo(
                Structs.u32(p, TYPE),
                Structs.u32(p, ID),
                Structs.u32(p, KEY_SIZE),
                Structs.u32(p, VALUE_SIZE),
                Structs.u32(p, MAX_ENTRIES),
                Structs.u32(p, MAP_FLAGS),
                Structs.cString(p, NAME, Structs.OBJ_NAME_LEN),
                Structs.u32(p, IFINDEX),
                Structs.u32(p, BTF_VMLINUX_VALUE_TYPE_ID),
                Structs.u64(p, NETNS_DEV),
                Structs.u64(p, NETNS_INO),
                Structs.u32(p, BTF_ID),
                Structs.u32(p, BTF_KEY_TYPE_ID),
                Structs.u32(p, BTF_VALUE_TYPE_ID),
                Structs.u32(p, BTF_VMLINUX_ID),
                Structs.u64(p, MAP_EXTRA));
    }
}

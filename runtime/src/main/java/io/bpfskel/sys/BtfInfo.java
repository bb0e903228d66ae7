package io.bpfskel.sys;


/**
 * {@code struct bpf_btf_info}, as returned by BPF_OBJ_GET_INFO_BY_FD for a BTF object.
 *
 * @param btf the raw BTF blob when it was requested, otherwise an empty array
 * @param btfSize size of the blob in the kernel
 * @param name "vmlinux", a module name, or empty for BTF loaded by user space
 * @param kernelBtf true for vmlinux and module BTF
 */
public record BtfInfo(byte[] btf, int btfSize, int id, String name, boolean kernelBtf) {

    static final int BTF = 0;
    static final int BTF_SIZE = 8;
    static final int ID = 12;
    static final int NAME = 16;
    /** In: capacity of the name buffer. Out: length of the name without NUL. */
    static final int NAME_LEN = 24;
    static final int KERNEL_BTF = 28;
    static final int SIZE = 32;

    static void encodeRequest(NativeMemory p, long btf, int btfSize, long name, int nameLen) {
        Structs.u64(p, BTF, btf);
        Structs.u32(p, BTF_SIZE, btfSize);
        Structs.u64(p, NAME, name);
        Structs.u32(p, NAME_LEN, nameLen);
    }
}

package io.bpfskel.object;

import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;
import java.util.List;

/**
 * A map as the object declares it: a BTF-defined map from {@code .maps}, an internal map backing a data
 * section ({@code .bss}, {@code .data*}, {@code .rodata*}), the {@code .kconfig} map, or a struct_ops map (a variable
 * of a {@code .struct_ops*} section, whose value size becomes the kernel type's at load).
 *
 * @param name the name user code sees: the variable name for {@code .maps}, the section name for internal maps
 * @param kernelName the name passed to the kernel (at most 15 characters), as libbpf derives it
 * @param kind where the map comes from
 * @param keyTypeId BTF id of the key type, 0 when none
 * @param valueTypeId BTF id of the value type (the DATASEC for internal maps), 0 when none
 * @param sectionIndex ELF section holding the definition or the data
 * @param sectionOffset offset of the definition inside {@code .maps} (0 for internal maps)
 * @param inner the inner map's template for map-in-map, or null
 * @param initialSlots initial {@code .values} entries: slot → name of the map or program it holds
 */
public record MapSpec(
        String name,
        String kernelName,
        Kind kind,
        int type,
        int keySize,
        int valueSize,
        int maxEntries,
        int flags,
        int numaNode,
        long mapExtra,
        Pinning pinning,
        int keyTypeId,
        int valueTypeId,
        int sectionIndex,
        long sectionOffset,
        MapSpec inner,
        List<InitialSlot> initialSlots) {

    public enum Kind {
        /** Declared in {@code .maps}. */
        USER,
        DATA,
        RODATA,
        BSS,
        KCONFIG,
        /** A variable of a {@code .struct_ops*} section ({@link StructOpsSpec}). */
        STRUCT_OPS
    }

    public enum Pinning {
        NONE,
        BY_NAME
    }

    /** One initial element of a map-in-map or prog array: {@code values[slot] = &target}. */
    public record InitialSlot(int slot, String target) {}

    /** The map type, or null when the kernel number is unknown to this version. */
    public MapType mapType() {
        return MapType.of(type);
    }

    public boolean isInternal() {
        return kind != Kind.USER && kind != Kind.STRUCT_OPS;
    }

    public boolean isMmapable() {
        return (flags & BpfFlags.BPF_F_MMAPABLE) != 0;
    }

    public boolean isReadOnlyForPrograms() {
        return (flags & BpfFlags.BPF_F_RDONLY_PROG) != 0;
    }

    public MapSpec withMaxEntries(int n) {
        return new MapSpec(name, kernelName, kind, type, keySize, valueSize, n, flags, numaNode, mapExtra, pinning,
                keyTypeId, valueTypeId, sectionIndex, sectionOffset, inner, initialSlots);
    }

    public MapSpec withValueSize(int n) {
        return new MapSpec(name, kernelName, kind, type, keySize, n, maxEntries, flags, numaNode, mapExtra, pinning,
                keyTypeId, valueTypeId, sectionIndex, sectionOffset, inner, initialSlots);
    }
}

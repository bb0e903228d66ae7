package io.bpfskel.object;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfExt;
import io.bpfskel.elf.ElfFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A BPF object file as the compiler wrote it: programs and subprograms with their relocations, maps,
 * global-data sections and their variables, externs, license. Nothing here talks to the kernel; loading is
 * {@code io.bpfskel.load}'s job.
 *
 * <p>Collection follows libbpf's {@code bpf_object_open}: ELF sections, then externs (sorted, with the
 * {@code .kconfig} layout), then maps ({@code .maps}, then global data, then {@code .kconfig}), then programs
 * and their relocations.
 */
public final class BpfObject {
    private final String name;
    private final String source;
    private final byte[] bytes;
    private final ElfFile elf;
    private final Btf btf;
    private final BtfExt btfExt;
    private final String license;
    private final int kernelVersion;
    private final List<ProgramSpec> functions;
    private final List<MapSpec> maps;
    private final List<DataSection> dataSections;
    private final List<Extern> externs;
    private final int kconfigSize;
    private final List<StructOpsSpec> structOps;

    BpfObject(String name, String source, byte[] bytes, ElfFile elf, Btf btf, BtfExt btfExt, String license,
            int kernelVersion, List<ProgramSpec> functions, List<MapSpec> maps, List<DataSection> dataSections,
            List<Extern> externs, int kconfigSize, List<StructOpsSpec> structOps) {
        this.name = name;
        this.source = source;
        this.bytes = bytes;
        this.elf = elf;
        this.btf = btf;
        this.btfExt = btfExt;
        this.license = license;
        this.kernelVersion = kernelVersion;
        this.functions = List.copyOf(functions);
        this.maps = List.copyOf(maps);
        this.dataSections = List.copyOf(dataSections);
        this.externs = List.copyOf(externs);
        this.kconfigSize = kconfigSize;
        this.structOps = List.copyOf(structOps);
    }

    /** Reads and parses a BPF object file. */
    public static BpfObject open(Path path) {
        return ObjectReader.read(path.toString(), objectName(path.getFileName().toString()), ElfFile.readAll(path));
    }

    /**
     * Parses a BPF object from memory.
     *
     * @param fileName used in error messages and, as libbpf does (up to its first '.', at most 15
     *     characters), as the object name that prefixes internal map names
     */
    public static BpfObject parse(String fileName, byte[] bytes) {
        return ObjectReader.read(fileName, objectName(Path.of(fileName).getFileName().toString()), bytes);
    }

    /** libbpf's object name: the file's base name up to the first '.', at most 15 characters. */
    public static String objectName(String baseName) {
        int dot = baseName.indexOf('.');
        String n = dot >= 0 ? baseName.substring(0, dot) : baseName;
        return n.length() > 15 ? n.substring(0, 15) : n;
    }

    public String name() {
        return name;
    }

    /** The file name or description given when opening; names the object in errors. */
    public String source() {
        return source;
    }

    /** A copy of the object's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public ElfFile elf() {
        return elf;
    }

    /** The object's {@code .BTF}, or null when it has none. */
    public Btf btf() {
        return btf;
    }

    /** The object's {@code .BTF.ext}, or null when it has none. */
    public BtfExt btfExt() {
        return btfExt;
    }

    public String license() {
        return license;
    }

    /** The {@code version} section's value, 0 when absent. */
    public int kernelVersion() {
        return kernelVersion;
    }

    /** Programs (not subprograms), in section and offset order. */
    public List<ProgramSpec> programs() {
        return functions.stream().filter(f -> !f.subprogram()).toList();
    }

    /** Programs and {@code .text} subprograms. */
    public List<ProgramSpec> functions() {
        return functions;
    }

    public Optional<ProgramSpec> program(String progName) {
        return functions.stream().filter(f -> !f.subprogram() && f.name().equals(progName)).findFirst();
    }

    /** Maps in libbpf's order: {@code .maps}, then global data by section index, then {@code .kconfig}. */
    public List<MapSpec> maps() {
        return maps;
    }

    public Optional<MapSpec> map(String mapName) {
        return maps.stream().filter(m -> m.name().equals(mapName)).findFirst();
    }

    public List<DataSection> dataSections() {
        return dataSections;
    }

    public Optional<DataSection> dataSection(String sectionName) {
        return dataSections.stream().filter(d -> d.name().equals(sectionName)).findFirst();
    }

    /** Externs in libbpf's sorted order; {@code externs().get(i).index() == i}. */
    public List<Extern> externs() {
        return externs;
    }

    public Optional<Extern> extern(String externName) {
        return externs.stream().filter(e -> e.name().equals(externName)).findFirst();
    }

    /** Size of the {@code .kconfig} map's value: the end of the last kconfig extern. 0 when there are none. */
    public int kconfigSize() {
        return kconfigSize;
    }

    /** struct_ops maps ({@code .struct_ops*} sections), in section and variable order; each is also in {@link #maps()}. */
    public List<StructOpsSpec> structOps() {
        return structOps;
    }

    public Optional<StructOpsSpec> structOps(String mapName) {
        return structOps.stream().filter(s -> s.name().equals(mapName)).findFirst();
    }

    @Override
    public String toString() {
        return "BpfObject[" + source + ": " + programs().size() + " programs, " + maps.size() + " maps, "
                + externs.size() + " externs]";
    }
}

package io.bpfskel.cli;

import io.bpfskel.btf.Btf;
import io.bpfskel.load.KernelEnvironment;
import io.bpfskel.load.LiveKernel;
import io.bpfskel.load.ModuleBtf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another kernel, described by files: its BTF (a BTFHub-style {@code .btf} or a vmlinux), and optionally its
 * config and kallsyms. What the files do not say stays unknown: no config leaves kconfig externs unchecked, no
 * kallsyms leaves typeless ksyms unchecked, and the version comes from the config's header or the BTF file's
 * name ({@code 5.15.0-91-generic.btf}) or is unknown (0).
 *
 * <p>BTF lookups, including {@code LINUX_HAS_BPF_COOKIE}, go through a {@link LiveKernel} pointed at the BTF file,
 * so another kernel is read exactly like a target BTF given to the loader. Module BTF is not used.
 */
final class BtfFileKernel implements KernelEnvironment {
    private static final Pattern CONFIG_HEADER = Pattern.compile("(?m)^# Linux/\\S+ (\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Pattern RELEASE = Pattern.compile("^(?:vmlinux-)?(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Path btfFile;
    private final Path configFile;
    private final Path kallsymsFile;
    private final LiveKernel btf;
    private String config;
    private String kallsyms;

    /**
     * @param configFile the kernel's {@code .config} (plain or gzip), or null
     * @param kallsymsFile the kernel's {@code /proc/kallsyms} text, or null
     */
    BtfFileKernel(Path btfFile, Path configFile, Path kallsymsFile) {
        this.btfFile = btfFile;
        this.configFile = configFile;
        this.kallsymsFile = kallsymsFile;
        this.btf = new LiveKernel(btfFile, (vmlinux, warnings) -> List.of());
    }

    Path btfFile() {
        return btfFile;
    }

    Path configFile() {
        return configFile;
    }

    Path kallsymsFile() {
        return kallsymsFile;
    }

    @Override
    public Btf vmlinux() {
        return btf.vmlinux();
    }

    @Override
    public List<ModuleBtf> modules() {
        return List.of();
    }

    @Override
    public synchronized String kernelConfig() {
        if (config == null && configFile != null) {
            config = read(configFile, "kernel config");
        }
        return config;
    }

    @Override
    public String kernelConfigSources() {
        return configFile != null ? configFile.toString() : "no config file given for " + btfFile.getFileName();
    }

    @Override
    public synchronized String kallsyms() {
        if (kallsyms == null && kallsymsFile != null) {
            kallsyms = read(kallsymsFile, "kallsyms");
        }
        return kallsyms;
    }

    @Override
    public int kernelVersion() {
        String cfg = kernelConfig();
        if (cfg != null) {
            Matcher m = CONFIG_HEADER.matcher(cfg);
            if (m.find()) {
                return code(m);
            }
        }
        Matcher m = RELEASE.matcher(btfFile.getFileName().toString());
        return m.find() ? code(m) : 0;
    }

    private static int code(Matcher m) {
        try {
            return LiveKernel.kernelVersionCode(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public boolean hasBpfCookie() {
        return btf.hasBpfCookie();
    }

    /**
     * From kallsyms when given (the {@code __<arch>_sys_bpf} wrapper, for this machine's architecture); without
     * it the answer is unknown and {@link #knowsSyscallWrapper()} is false.
     */
    @Override
    public boolean hasSyscallWrapper() {
        String syms = kallsyms();
        if (syms == null) {
            return false;
        }
        return Pattern.compile("(?m)\\s__" + Pattern.quote(LiveKernel.syscallPrefix()) + "_sys_bpf$").matcher(syms).find();
    }

    boolean knowsSyscallWrapper() {
        return kallsymsFile != null;
    }

    @Override
    public List<String> warnings() {
        return List.of();
    }

    private static String read(Path p, String what) {
        try {
            return LiveKernel.readMaybeGzip(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + p + ": " + e.getMessage(), e);
        }
    }
}

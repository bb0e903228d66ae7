package io.bpfskel.fleet;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.btf.KernelBtf;
import io.bpfskel.load.KernelEnvironment;
import io.bpfskel.load.LiveKernel;
import io.bpfskel.load.ModuleBtf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kernel of a fleet, as far as its files describe it: its vmlinux BTF (parsed once and shared by every object
 * checked against it), and optionally its {@code .config} and {@code /proc/kallsyms}. What the files do not say stays
 * unknown, and checks say so instead of guessing.
 *
 * <p>The kernel's own enums answer which helpers ({@code enum bpf_func_id}), map types ({@code enum bpf_map_type}),
 * program types ({@code enum bpf_prog_type}) and attach types ({@code enum bpf_attach_type}) it has. Thread-safe:
 * one instance is checked by several threads at once.
 */
public final class FleetKernel {
    private static final Pattern CONFIG_HEADER = Pattern.compile("(?m)^# Linux/\\S+ (\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Pattern RELEASE = Pattern.compile("^(?:vmlinux-)?(\\d+)\\.(\\d+)\\.(\\d+)");

    private final String label;
    private final Btf btf;
    private final String configText;
    /** {@code CONFIG_X} → value, parsed on the first question (most objects ask none). */
    private volatile Map<String, String> config;
    private final String configSource;
    private final String kallsyms;
    private final KernelEnvironment env;
    private volatile Enums enums;
    private volatile Set<String> symbols;

    /** The enum tables of the kernel's BTF, by value: name (null when the BTF has no such enum). */
    private record Enums(Map<Long, String> helpers, Map<Long, String> mapTypes, Map<Long, String> progTypes,
            Map<Long, String> attachTypes) {}

    private FleetKernel(String label, Btf btf, String configText, String configSource, String kallsyms,
            KernelEnvironment env) {
        this.label = label;
        this.btf = btf;
        this.configText = configText;
        this.configSource = configSource;
        this.kallsyms = kallsyms;
        this.env = env != null ? env : new FileEnvironment();
    }

    /**
     * A kernel described by its BTF bytes (raw, or a vmlinux ELF) and optional config and kallsyms text.
     *
     * @param label how reports name the kernel (e.g. the BTF file's name: {@code 5.15.0-91-generic.btf})
     * @param configText the kernel's {@code .config}, or null
     * @param kallsyms its {@code /proc/kallsyms}, or null
     */
    public static FleetKernel of(String label, byte[] btfBytes, String configText, String kallsyms) {
        return new FleetKernel(label, KernelBtf.parse(label, btfBytes), configText,
                configText == null ? null : label + " config", kallsyms, null);
    }

    /** A kernel described by files; {@code config} (plain or gzip) and {@code kallsyms} may be null. */
    public static FleetKernel ofFiles(String label, Path btfFile, Path config, Path kallsyms) {
        try {
            return new FleetKernel(label, KernelBtf.load(btfFile), config == null ? null : LiveKernel.readMaybeGzip(config),
                    config == null ? null : config.toString(), kallsyms == null ? null : Files.readString(kallsyms), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the files of kernel " + label + ": " + e.getMessage(), e);
        }
    }

    /**
     * The running kernel: {@code /sys/kernel/btf/vmlinux}, its config ({@code /boot/config-$(uname -r)} or
     * {@code /proc/config.gz}) and {@code /proc/kallsyms}, read as the loader reads them. Module BTF is not used.
     */
    public static FleetKernel running() {
        LiveKernel live = new LiveKernel(null, (vmlinux, warnings) -> List.<ModuleBtf>of());
        String release = KernelBtf.kernelRelease();
        return new FleetKernel("this host (" + release + ")", live.vmlinux(), live.kernelConfig(),
                live.kernelConfigSources(), live.kallsyms(), live);
    }

    public String label() {
        return label;
    }

    public Btf btf() {
        return btf;
    }

    /** Whether the kernel's config was given; without it, config-dependent questions are unknown. */
    public boolean hasConfig() {
        return configText != null;
    }

    /** Where the config came from (a file name), or null. */
    public String configSource() {
        return configSource;
    }

    /**
     * A {@code CONFIG_*} value: {@code "y"}, {@code "m"}, a number or a quoted string; {@code "n"} when the config
     * has {@code # CONFIG_X is not set} or does not mention it; empty when there is no config at all.
     */
    public Optional<String> config(String name) {
        if (configText == null) {
            return Optional.empty();
        }
        Map<String, String> c = config;
        if (c == null) {
            c = parseConfig(configText);
            config = c; // racing parsers produce equal maps
        }
        return Optional.of(c.getOrDefault(name, "n"));
    }

    /** {@code config(name)} is {@code y} (or {@code m}); empty without a config. */
    public Optional<Boolean> configEnabled(String name) {
        return config(name).map(v -> v.equals("y") || v.equals("m"));
    }

    /** Whether {@code LINUX_HAS_SYSCALL_WRAPPER} can be answered: the running kernel, or kallsyms given. */
    public boolean knowsSyscallWrapper() {
        return kallsyms != null || !(env instanceof FileEnvironment);
    }

    public boolean hasKallsyms() {
        return kallsyms != null;
    }

    /** The environment the loader's extern resolver sees for this kernel. */
    public KernelEnvironment environment() {
        return env;
    }

    /** Helper name (without {@code BPF_FUNC_}) of helper id {@code id}, or null when the kernel has no such helper. */
    public String helper(int id) {
        return enums().helpers().get((long) id);
    }

    /** Whether the BTF has {@code enum bpf_func_id} at all (every BTF kernel does; a stripped one might not). */
    public boolean knowsHelpers() {
        return enums().helpers() != null;
    }

    /** The kernel's name for map type {@code number} ({@code BPF_MAP_TYPE_RINGBUF}), or null if it has none. */
    public String mapType(int number) {
        Map<Long, String> m = enums().mapTypes();
        return m == null ? null : m.get((long) number);
    }

    public boolean knowsMapTypes() {
        return enums().mapTypes() != null;
    }

    /** The kernel's name for program type {@code number}, or null if it has none. */
    public String progType(int number) {
        Map<Long, String> m = enums().progTypes();
        return m == null ? null : m.get((long) number);
    }

    public boolean knowsProgTypes() {
        return enums().progTypes() != null;
    }

    /** The kernel's name for attach type {@code number}, or null if it has none. */
    public String attachType(int number) {
        Map<Long, String> m = enums().attachTypes();
        return m == null ? null : m.get((long) number);
    }

    public boolean knowsAttachTypes() {
        return enums().attachTypes() != null;
    }

    /** Whether the BTF has a type of this name and kind (vmlinux only). */
    public boolean has(String name, BtfKind kind) {
        return btf.findByNameKind(name, kind) != 0;
    }

    /** Whether kallsyms lists {@code symbol} (text or data); empty when kallsyms was not given. */
    public Optional<Boolean> kallsymsHas(String symbol) {
        if (kallsyms == null) {
            return Optional.empty();
        }
        return Optional.of(symbols().contains(symbol));
    }

    /** The symbol names of kallsyms ({@code address type name [module]} lines), read once. */
    private Set<String> symbols() {
        Set<String> s = symbols;
        if (s == null) {
            synchronized (this) {
                s = symbols;
                if (s == null) {
                    s = new HashSet<>();
                    for (String line : kallsyms.split("\n")) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length >= 3) {
                            s.add(f[2]);
                        }
                    }
                    symbols = s;
                }
            }
        }
        return s;
    }

    private Enums enums() {
        Enums e = enums;
        if (e == null) {
            synchronized (this) {
                e = enums;
                if (e == null) {
                    e = new Enums(enumValues("bpf_func_id", "BPF_FUNC_"), enumValues("bpf_map_type", ""),
                            enumValues("bpf_prog_type", ""), enumValues("bpf_attach_type", ""));
                    enums = e;
                }
            }
        }
        return e;
    }

    /** Value → name of a kernel enum, without its {@code __MAX_*} sentinel; null when the BTF has no such enum. */
    private Map<Long, String> enumValues(String enumName, String stripPrefix) {
        int id = btf.findByNameKind(enumName, BtfKind.ENUM);
        if (id == 0) {
            return null;
        }
        Map<Long, String> out = new HashMap<>();
        for (BtfType.EnumValue v : ((BtfType.Enum) btf.type(id)).values()) {
            String n = v.name();
            if (n.startsWith("__")) {
                continue;
            }
            out.putIfAbsent(v.value(), n.startsWith(stripPrefix) ? n.substring(stripPrefix.length()) : n);
        }
        return out;
    }

    /** The {@code CONFIG_X=value} lines (value trimmed); comments and other lines are skipped. */
    static Map<String, String> parseConfig(String text) {
        Map<String, String> out = new HashMap<>(4096);
        int n = text.length();
        int p = 0;
        while (p < n) {
            int eol = text.indexOf('\n', p);
            if (eol < 0) {
                eol = n;
            }
            if (text.startsWith("CONFIG_", p)) {
                int q = p + 7;
                while (q < eol && isWordChar(text.charAt(q))) {
                    q++;
                }
                if (q > p + 7 && q < eol && text.charAt(q) == '=') {
                    int end = eol > q + 1 && text.charAt(eol - 1) == '\r' ? eol - 1 : eol;
                    out.put(text.substring(p, q), text.substring(q + 1, end).trim());
                }
            }
            p = eol + 1;
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
    }

    int kernelVersion() {
        return kernelVersionOf(configText, label);
    }

    /**
     * LINUX_KERNEL_VERSION of a kernel known only by files: from its config's header ({@code # Linux/x86 6.1.0}),
     * else from a name that starts with the release ({@code 6.1.0-57-amd64.btf}, {@code vmlinux-6.12.9}), else 0.
     */
    public static int kernelVersionOf(String configText, String name) {
        if (configText != null) {
            Matcher m = CONFIG_HEADER.matcher(configText);
            if (m.find()) {
                return code(m);
            }
        }
        Matcher m = RELEASE.matcher(name);
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
    public String toString() {
        return "FleetKernel[" + label + "]";
    }

    /** Extern resolution against the files: no modules; kallsyms-dependent answers only when kallsyms was given. */
    private final class FileEnvironment implements KernelEnvironment {
        @Override
        public Btf vmlinux() {
            return btf;
        }

        @Override
        public List<ModuleBtf> modules() {
            return List.of();
        }

        @Override
        public String kernelConfig() {
            return configText;
        }

        @Override
        public String kernelConfigSources() {
            return configSource != null ? configSource : "no config file given for " + label;
        }

        @Override
        public String kallsyms() {
            return kallsyms;
        }

        @Override
        public int kernelVersion() {
            return FleetKernel.this.kernelVersion();
        }

        @Override
        public boolean hasBpfCookie() {
            return helper(0) != null && enums().helpers().containsValue("get_attach_cookie");
        }

        @Override
        public boolean hasSyscallWrapper() {
            return kallsyms != null && symbols().contains("__" + LiveKernel.syscallPrefix() + "_sys_bpf");
        }

        @Override
        public List<String> warnings() {
            return new ArrayList<>();
        }
    }
}

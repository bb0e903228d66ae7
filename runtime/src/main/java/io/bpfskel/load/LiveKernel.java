package io.bpfskel.load;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.btf.KernelBtf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The running kernel, read lazily: each source is read the first time it is needed and kept for the rest of
 * this environment's life (one load, or one skeleton).
 */
public final class LiveKernel implements KernelEnvironment {
    private final Path targetBtf;
    private final Function<Btf, List<ModuleBtf>> moduleLoader;
    private final List<String> warnings = new ArrayList<>();
    private Btf vmlinux;
    private List<ModuleBtf> modules;
    private String config;
    private boolean configRead;
    private String kallsyms;
    private boolean kallsymsRead;
    private Integer kernelVersion;

    /**
     * @param targetBtf a BTF file to use instead of the running kernel's vmlinux BTF (then no module BTF is used), or null
     * @param moduleLoader reads the loaded modules' BTF on top of vmlinux (through bpf(2)), adding problems to the
     *     warnings list it is given instead of failing
     */
    public LiveKernel(Path targetBtf, ModuleLoader moduleLoader) {
        this.targetBtf = targetBtf;
        this.moduleLoader = vm -> moduleLoader.load(vm, warnings);
    }

    /** Reads module BTFs; a module that cannot be read is skipped and described in {@code warnings}. */
    @FunctionalInterface
    public interface ModuleLoader {
        List<ModuleBtf> load(Btf vmlinux, List<String> warnings);
    }

    @Override
    public synchronized Btf vmlinux() {
        if (vmlinux == null) {
            vmlinux = targetBtf != null ? KernelBtf.load(targetBtf) : KernelBtf.loadVmlinux();
        }
        return vmlinux;
    }

    @Override
    public synchronized List<ModuleBtf> modules() {
        if (modules == null) {
            modules = targetBtf != null ? List.of() : List.copyOf(moduleLoader.apply(vmlinux()));
        }
        return modules;
    }

    @Override
    public synchronized String kernelConfig() {
        if (!configRead) {
            configRead = true;
            for (Path p : configPaths()) {
                try {
                    config = readMaybeGzip(p);
                    break;
                } catch (IOException e) {
                    // try the next one
                }
            }
        }
        return config;
    }

    @Override
    public String kernelConfigSources() {
        return configPaths().toString();
    }

    private static List<Path> configPaths() {
        return List.of(Path.of("/boot/config-" + release()), Path.of("/proc/config.gz"));
    }

    /** Both files may be plain or gzip-compressed, as libbpf reads them with gzopen. */
    public static String readMaybeGzip(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
                b = in.readAllBytes();
            }
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized String kallsyms() {
        if (!kallsymsRead) {
            kallsymsRead = true;
            try {
                kallsyms = Files.readString(Path.of("/proc/kallsyms"), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                kallsyms = null;
            }
        }
        return kallsyms;
    }

    @Override
    public synchronized int kernelVersion() {
        if (kernelVersion == null) {
            kernelVersion = Running.VERSION;
        }
        return kernelVersion;
    }

    /**
     * The running kernel's version code, read once per process: it cannot change under a running process, and
     * libbpf asks for it on every open (three files and a regex here: ~10 % of a small object's open + load).
     */
    private static final class Running {
        static final int VERSION = readKernelVersion();
    }

    private static final Pattern DEBIAN_VERSION = Pattern.compile("Debian (\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Pattern RELEASE_VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

    private static int readKernelVersion() {
        Path ubuntu = Path.of("/proc/version_signature");
        // as libbpf's faccessat: an absent file is the common case, not worth an exception
        if (Files.isReadable(ubuntu)) {
            try {
                String[] f = Files.readString(ubuntu).trim().split("\\s+");
                if (f.length >= 3) {
                    int v = versionCode(f[2]);
                    if (v != 0) {
                        return v;
                    }
                }
            } catch (IOException e) {
                // unreadable after all: as if not Ubuntu
            }
        }
        try {
            String version = Files.readString(Path.of("/proc/sys/kernel/version"));
            Matcher m = DEBIAN_VERSION.matcher(version);
            if (m.find()) {
                return kernelVersionCode(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
        } catch (IOException | NumberFormatException e) {
            // fall back to the release
        }
        return versionCode(release());
    }

    /** libbpf parses "%u.%u.%u" and gives 0 when fewer than three numbers are read. */
    static int versionCode(String release) {
        Matcher m = RELEASE_VERSION.matcher(release);
        if (!m.find()) {
            return 0;
        }
        try {
            return kernelVersionCode(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code KERNEL_VERSION(a,b,c)}: the patch level saturates at 255. */
    public static int kernelVersionCode(int a, int b, int c) {
        return (a << 16) + (b << 8) + Math.min(c, 255);
    }

    static String release() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    /**
     * The kernel knows {@code bpf_get_attach_cookie} when its {@code enum bpf_func_id} has it. libbpf loads a probe
     * program instead; reading BTF gives the same answer on every kernel with BTF and needs no privileges.
     */
    @Override
    public boolean hasBpfCookie() {
        Btf btf = vmlinux();
        int id = btf.findByNameKind("bpf_func_id", BtfKind.ENUM);
        if (id == 0) {
            return false;
        }
        for (BtfType.EnumValue v : ((BtfType.Enum) btf.type(id)).values()) {
            if (v.name().equals("BPF_FUNC_get_attach_cookie")) {
                return true;
            }
        }
        return false;
    }

    /**
     * libbpf answers this by opening a kprobe on {@code __<arch>_sys_bpf}: 1 when that works. We give the same answer
     * without creating a probe: kprobes must be available (the kprobe PMU or tracefs {@code kprobe_events}) and the
     * wrapper symbol must be in kallsyms. On a kernel without kprobes both say 0.
     */
    @Override
    public boolean hasSyscallWrapper() {
        boolean kprobes = Files.exists(Path.of("/sys/bus/event_source/devices/kprobe/type"))
                || Files.exists(Path.of("/sys/kernel/tracing/kprobe_events"))
                || Files.exists(Path.of("/sys/kernel/debug/tracing/kprobe_events"));
        if (!kprobes) {
            return false;
        }
        String syms = kallsyms();
        if (syms == null) {
            return false;
        }
        String name = " __" + syscallPrefix() + "_sys_bpf";
        int i = syms.indexOf(name);
        while (i >= 0) {
            int end = i + name.length();
            if (end == syms.length() || Character.isWhitespace(syms.charAt(end))) {
                return true;
            }
            i = syms.indexOf(name, end);
        }
        return false;
    }

    /** The architecture prefix of syscall wrapper symbols ({@code __x64_sys_bpf}) on this machine. */
    public static String syscallPrefix() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            case "s390x" -> "s390x";
            case "ppc64le", "ppc64" -> "powerpc";
            case "riscv64" -> "riscv";
            case "x86", "i386" -> "ia32";
            default -> arch;
        };
    }

    @Override
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }
}

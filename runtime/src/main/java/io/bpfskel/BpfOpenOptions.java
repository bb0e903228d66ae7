package io.bpfskel;

import java.nio.file.Path;

/**
 * Options for opening a BPF object, the counterpart of libbpf's {@code bpf_object_open_opts}.
 *
 * <pre>{@code
 * BpfOpenOptions opts = BpfOpenOptions.builder().kconfig("CONFIG_HZ=1000").logLevel(1).build();
 * }</pre>
 *
 * @param objectName overrides the object name derived from the file name (it prefixes internal map names)
 * @param kconfig kconfig lines ({@code CONFIG_X=y}) that take precedence over the running kernel's config
 * @param targetBtf a BTF file to use instead of {@code /sys/kernel/btf/vmlinux} (raw BTF or an ELF with .BTF)
 * @param logLevel verifier log level for the first load attempt (0: log only on failure)
 * @param logSize verifier log buffer size in bytes
 * @param pinRoot directory where maps with {@code LIBBPF_PIN_BY_NAME} are pinned
 */
public record BpfOpenOptions(String objectName, String kconfig, Path targetBtf, int logLevel, int logSize, Path pinRoot) {
    public static final int DEFAULT_LOG_SIZE = 16 * 1024 * 1024;

    public static BpfOpenOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String objectName;
        private String kconfig;
        private Path targetBtf;
        private int logLevel;
        private int logSize = DEFAULT_LOG_SIZE;
        private Path pinRoot = Path.of("/sys/fs/bpf");

        public Builder objectName(String v) {
            this.objectName = v;
            return this;
        }

        public Builder kconfig(String v) {
            this.kconfig = v;
            return this;
        }

        public Builder targetBtf(Path v) {
            this.targetBtf = v;
            return this;
        }

        public Builder logLevel(int v) {
            this.logLevel = v;
            return this;
        }

        public Builder logSize(int v) {
            if (v < 128) {
                throw new IllegalArgumentException("log size " + v + " is too small");
            }
            this.logSize = v;
            return this;
        }

        public Builder pinRoot(Path v) {
            this.pinRoot = v;
            return this;
        }

        public BpfOpenOptions build() {
            return new BpfOpenOptions(objectName, kconfig, targetBtf, logLevel, logSize, pinRoot);
        }
    }
}

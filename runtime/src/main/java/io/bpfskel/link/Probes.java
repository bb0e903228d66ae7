package io.bpfskel.link;

import io.bpfskel.error.BpfException;
import io.bpfskel.error.BpfNotSupportedException;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.PerfEventAttr;
import io.bpfskel.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Perf events for kprobes and uprobes: through the kprobe/uprobe PMU ({@code perf_event_open} with the function or
 * path in {@code config1}), or, on kernels without it, through a probe event created in tracefs.
 */
final class Probes {
    static final Path EVENT_SOURCES = Path.of("/sys/bus/event_source/devices");
    /** perf_event_attr.config bit where the uprobe PMU takes a USDT semaphore offset. */
    private static final int REF_CTR_OFFSET_SHIFT = 32;
    private static final int MAX_EVENT_NAME = 63;

    private Probes() {}

    /** A dynamic PMU: its perf type and the config bit that makes a return probe. */
    record Pmu(int type, int retprobeBit) {}

    /**
     * An opened probe event.
     *
     * @param remove deletes the tracefs probe (legacy probes), or null
     */
    record ProbeEvent(Fd event, Runnable remove, boolean legacy) {}

    static Optional<Pmu> pmu(String name) {
        Path dir = EVENT_SOURCES.resolve(name);
        Path type = dir.resolve("type");
        if (!Files.exists(type)) {
            return Optional.empty();
        }
        try {
            int t = Integer.parseInt(Files.readString(type).strip());
            int bit = 0;
            Path ret = dir.resolve("format").resolve("retprobe");
            if (Files.exists(ret)) {
                String f = Files.readString(ret).strip();
                if (!f.startsWith("config:")) {
                    throw new BpfException("unexpected format of " + ret + ": '" + f + "'");
                }
                bit = Integer.parseInt(f.substring("config:".length()));
            }
            return Optional.of(new Pmu(t, bit));
        } catch (IOException | NumberFormatException e) {
            throw new BpfException("cannot read the " + name + " PMU from " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param uprobe uprobe (target is a binary path) or kprobe (target is a kernel function)
     * @param offset kprobe: bytes into the function; uprobe: file offset in the binary
     * @param pid uprobes: the only process to trigger it, or -1
     * @param what the program and probe, for messages
     */
    static ProbeEvent open(boolean uprobe, boolean retprobe, String target, long offset, int pid, long refCtrOffset,
            ProbeAttachMode mode, String what) {
        String kind = uprobe ? "uprobe" : "kprobe";
        Optional<Pmu> pmu = pmu(kind);
        boolean legacy;
        switch (mode) {
            case LEGACY:
                legacy = true;
                break;
            case PERF:
            case LINK:
                if (pmu.isEmpty()) {
                    throw unsupported(kind, what, legacyEventsFile(kind).isPresent()
                            ? "this kernel has no " + kind + " PMU (" + EVENT_SOURCES.resolve(kind)
                                    + "), which attach mode " + mode + " needs; use DEFAULT or LEGACY"
                            : null);
                }
                legacy = false;
                break;
            default:
                legacy = pmu.isEmpty();
                break;
        }
        if (!legacy) {
            return openPmu(pmu.get(), uprobe, retprobe, target, offset, pid, refCtrOffset, what);
        }
        if (refCtrOffset != 0) {
            throw new BpfException(what + ": a USDT semaphore (refCtrOffset) needs the uprobe PMU, not tracefs");
        }
        Tracefs tracefs = legacyEventsFile(kind).orElseThrow(() -> unsupported(kind, what, null));
        return openLegacy(tracefs, uprobe, retprobe, target, offset, pid, what);
    }

    private static Optional<Tracefs> legacyEventsFile(String kind) {
        Tracefs t;
        try {
            t = Tracefs.mounted();
        } catch (BpfException e) {
            return Optional.empty();
        }
        return t.hasProbeEvents(kind + "_events") ? Optional.of(t) : Optional.empty();
    }

    private static BpfNotSupportedException unsupported(String kind, String what, String detail) {
        String config = kind.equals("kprobe") ? "CONFIG_KPROBES / CONFIG_KPROBE_EVENTS" : "CONFIG_UPROBES / CONFIG_UPROBE_EVENTS";
        String why = detail != null ? detail
                : "this kernel has no " + kind + " support: there is no " + kind + " PMU ("
                        + EVENT_SOURCES.resolve(kind) + ") and no " + kind + "_events file in tracefs ("
                        + Tracefs.TRACING + "); it was built without " + config;
        return new BpfNotSupportedException(kind, what + ": " + why);
    }

    private static ProbeEvent openPmu(Pmu pmu, boolean uprobe, boolean retprobe, String target, long offset, int pid,
            long refCtrOffset, String what) {
        long config = (retprobe ? 1L << pmu.retprobeBit() : 0) | (refCtrOffset << REF_CTR_OFFSET_SHIFT);
        PerfEventAttr attr = new PerfEventAttr(pmu.type(), config, 0, 0, 0, 0, 0, 0, target, 0, offset, 0);
        Fd fd = Syscalls.perfEventOpen(attr, pid < 0 ? -1 : pid, pid < 0 ? 0 : -1, null, 0, what);
        return new ProbeEvent(fd, null, false);
    }

    private static ProbeEvent openLegacy(Tracefs tracefs, boolean uprobe, boolean retprobe, String target, long offset,
            int pid, String what) {
        String kind = uprobe ? "uprobe" : "kprobe";
        String group = uprobe ? "uprobes" : "kprobes";
        String file = kind + "_events";
        String event = eventName(uprobe ? Path.of(target).getFileName().toString() : target, offset);
        String location = uprobe ? target + ":0x" + Long.toHexString(offset)
                : offset == 0 ? target : target + "+" + offset;
        tracefs.addProbe(file, (retprobe ? "r:" : "p:") + group + "/" + event + " " + location,
                "the " + kind + " event for " + what);
        Runnable remove = () -> tracefs.removeProbe(file, group, event);
        try {
            long id = tracefs.probeEventId(group, event);
            Fd fd = Syscalls.perfEventOpen(PerfEventAttr.of(PerfEventAttr.TYPE_TRACEPOINT, id),
                    pid < 0 ? -1 : pid, pid < 0 ? 0 : -1, null, 0, what + " (tracefs event " + group + "/" + event + ")");
            return new ProbeEvent(fd, remove, true);
        } catch (RuntimeException e) {
            try {
                remove.run();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A tracefs event name unique to this process and moment (two attachments can target the same place). */
    private static String eventName(String target, long offset) {
        StringBuilder sb = new StringBuilder("bpfskel_").append(Syscalls.getpid()).append('_');
        for (char c : target.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        String unique = "_" + Long.toHexString(offset) + "_" + Long.toHexString(System.nanoTime());
        if (sb.length() + unique.length() > MAX_EVENT_NAME) {
            sb.setLength(MAX_EVENT_NAME - unique.length());
        }
        return sb.append(unique).toString();
    }

    /** Kernel errnos that mean "not in this kernel" rather than "wrong request". */
    static boolean isUnsupported(BpfSyscallException e) {
        return e.errno() == io.bpfskel.error.Errno.EOPNOTSUPP || e.errno() == io.bpfskel.error.Errno.ENOTSUPP
                || e.errno() == io.bpfskel.error.Errno.ENOSYS;
    }
}

package io.bpfskel.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.error.BpfException;
import io.bpfskel.error.BpfNotSupportedException;
import io.bpfskel.error.BpfVerifierException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.testing.FixtureObjects;
import io.bpfskel.testing.KernelTests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fleet check's prediction for this host (its BTF and config) against what really happens when the runtime
 * loads the object here as root, for every fixture and every example object. The one disagreement allowed is the
 * one the files cannot tell: {@link #TRAMPOLINES}.
 */
class LiveAgreementTest {
    /**
     * A kernel whose config has everything BPF trampolines need (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS=y,
     * CONFIG_BPF_LSM=y) may still refuse them: this project's Firecracker guest kernel refuses even an empty fentry or
     * lsm program with EPERM. Neither BTF nor config says so; the runtime's own probe does, with a
     * {@link BpfNotSupportedException} naming the feature, and only that explains a predicted {@code loads}.
     */
    static final Set<String> TRAMPOLINES = Set.of("fentry", "fexit", "fmod_ret", "lsm", "lsm_cgroup");

    /** Objects that depend on user space, and what the offline reason must name. */
    static final Map<String, String> USER_SPACE = Map.of(
            "fleet_user_space.bpf.o", "map 'sized_by_user': max_entries is 0 in the object");

    record Row(String object, Verdict offline, String live, boolean agrees, boolean explained, String note) {}

    /** The live load's outcome; {@code unsupported} is the feature a {@link BpfNotSupportedException} named. */
    record Live(String text, String unsupported) {}

    @Test
    void offlineVerdictOnThisHostMatchesTheLiveLoad() throws IOException {
        KernelTests.assumeKernel();
        FleetKernel host = FleetKernel.running();
        Path pinRoot = KernelTests.bpffs().resolve("bpfskel_fleet_" + ProcessHandle.current().pid());
        Files.createDirectories(pinRoot);
        List<Row> rows = new ArrayList<>();
        try {
            for (Path p : objects()) {
                BpfObject obj = BpfObject.open(p);
                KernelCheck check = FleetCheck.check(obj, host);
                Live liveResult = liveLoad(p, pinRoot);
                String live = liveResult.text();
                Verdict v = check.verdict();
                String name = p.getFileName().toString();
                boolean agrees;
                String note = "";
                if (v instanceof Verdict.DependsOnUserSpace) {
                    // Loaded as is, without what user space sets: the live load must fail for the reason given.
                    agrees = USER_SPACE.containsKey(name) && live.startsWith("fails")
                            && v.reason().contains(USER_SPACE.get(name));
                    note = "depends on user space: " + v.reason() + " (loaded as is, it fails)";
                } else if (v instanceof Verdict.Loads) {
                    agrees = live.equals("loads");
                } else if (v instanceof Verdict.Fails) {
                    // the same cause: the live error names what one of the predicted failures names
                    List<String> evidence = check.findings(Finding.Effect.FAILS).stream().map(LiveAgreementTest::evidence).toList();
                    agrees = live.startsWith("fails") && evidence.stream().anyMatch(live::contains);
                    note = agrees ? "" : "expected the live error to mention one of " + evidence;
                } else {
                    agrees = false;
                }
                boolean explained = !agrees && v instanceof Verdict.Loads && liveResult.unsupported() != null
                        && TRAMPOLINES.contains(liveResult.unsupported());
                if (explained) {
                    note = "the kernel refuses " + liveResult.unsupported() + " programs although its config enables them";
                }
                rows.add(new Row(name, v, live, agrees, explained, note));
            }
        } finally {
            deleteTree(pinRoot);
        }
        long agree = rows.stream().filter(Row::agrees).count();
        long explained = rows.stream().filter(Row::explained).count();
        StringBuilder report = new StringBuilder("\nfleet check vs live load on this host: " + agree + "/" + rows.size()
                + " agree, " + explained + " refused at run time what the config enables\n");
        for (Row r : rows) {
            String live = r.live().lines().findFirst().orElse("");
            report.append(r.agrees() ? "  = " : r.explained() ? "  ~ " : "  ≠ ").append(r.object()).append(": offline ")
                    .append(r.offline().text()).append(" | live ").append(live)
                    .append(r.note().isEmpty() ? "" : " | " + r.note()).append('\n');
        }
        System.out.println(report);
        assertTrue(rows.size() >= 40, "every fixture and example object is compared: " + rows.size());
        List<String> unexpected = rows.stream().filter(r -> !r.agrees() && !r.explained()).map(Row::object).toList();
        assertEquals(List.of(), unexpected, report.toString());
    }

    /** What the live error (message and verifier log) says when the load fails for this finding's reason. */
    static String evidence(Finding f) {
        return switch (f.category()) {
            case CORE -> "failed to resolve CO-RE relocation";
            case CONFIG -> f.detail().contains("KALLSYMS_ALL") ? "failed to find the address for kernel symbol" : f.what();
            case EXTERN -> f.what().startsWith("call of kfunc ") ? f.what().substring(14).split(" ")[0]
                    : f.what().replaceFirst("^extern ", "");
            // the loader's own struct_ops preparation ran offline: the live load refuses with the same words
            case MAP_TYPE -> f.what().startsWith("struct_ops") ? f.detail() : f.what();
            default -> f.what();
        };
    }

    /** {@code loads} or {@code fails: <error>}, by loading with the runtime (programs are not attached). */
    static Live liveLoad(Path p, Path pinRoot) {
        BpfOpenOptions opts = BpfOpenOptions.builder().pinRoot(pinRoot).build();
        try (BpfCollection c = BpfCollection.open(p, opts)) {
            c.load();
            return new Live("loads", null);
        } catch (BpfVerifierException e) {
            return new Live("fails: " + e.getMessage() + "\n" + e.log(), null);
        } catch (BpfNotSupportedException e) {
            return new Live("fails: " + e.getMessage(), e.feature());
        } catch (BpfException e) {
            return new Live("fails: " + e.getMessage(), null);
        }
    }

    /** Every little-endian fixture and every example object. */
    static List<Path> objects() throws IOException {
        List<Path> out = new ArrayList<>(list(FixtureObjects.root().resolve("bpfel")));
        out.addAll(list(FixtureObjects.root().resolveSibling("bpf-examples").resolve("bpfel")));
        return out;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(x -> x.toString().endsWith(".bpf.o")).sorted().toList();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

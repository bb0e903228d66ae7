package io.bpfskel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages form a layered graph: no package reaches itself through others. Read from the sources
 * (imports, static imports, qualified names; comments and strings left out), so a new edge fails here with the
 * file that makes it.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.bpfskel((?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z]");
    private static final Pattern COMMENT_OR_STRING = Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"",
            Pattern.DOTALL);

    /** package → package it uses → the files that make the edge. */
    static Map<String, Map<String, Set<String>>> graph() {
        Map<String, Map<String, Set<String>>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher pm = PACKAGE.matcher(text);
                if (!pm.find()) {
                    continue;
                }
                String from = pm.group(1);
                Map<String, Set<String>> edges = g.computeIfAbsent(from, k -> new TreeMap<>());
                Matcher m = REFERENCE.matcher(COMMENT_OR_STRING.matcher(text).replaceAll(" "));
                while (m.find()) {
                    String to = "io.bpfskel" + m.group(1);
                    if (!to.equals(from)) {
                        edges.computeIfAbsent(to, k -> new TreeSet<>()).add(SOURCES.relativize(f).toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return g;
    }

    @Test
    void noPackageCycles() {
        Map<String, Map<String, Set<String>>> g = graph();
        assertTrue(g.size() > 10, "found the runtime's packages: " + g.keySet());
        List<List<String>> cycles = stronglyConnected(g).stream().filter(c -> c.size() > 1).toList();
        StringBuilder why = new StringBuilder();
        for (List<String> c : cycles) {
            why.append("cycle ").append(c).append(":\n");
            for (String a : c) {
                for (String b : c) {
                    Set<String> files = g.getOrDefault(a, Map.of()).get(b);
                    if (files != null) {
                        why.append("  ").append(a).append(" -> ").append(b).append(" in ").append(files).append('\n');
                    }
                }
            }
        }
        assertEquals(List.of(), cycles, why.toString());
    }

    @Test
    void lowPackagesDoNotUseTheApiAbove() {
        Map<String, Map<String, Set<String>>> g = graph();
        assertEquals(Map.of(), g.getOrDefault("io.bpfskel.error", Map.of()), "the exceptions depend on nothing");
        assertEquals(Map.of(), g.getOrDefault("io.bpfskel.uapi", Map.of()), "the kernel constants depend on nothing");
        assertEquals(Map.of(), g.getOrDefault("io.bpfskel.fd", Map.of()), "the public descriptor type depends on nothing");
        for (String low : List.of("io.bpfskel.load", "io.bpfskel.maps", "io.bpfskel.link", "io.bpfskel.sys",
                "io.bpfskel.object", "io.bpfskel.btf", "io.bpfskel.elf", "io.bpfskel.core", "io.bpfskel.ringbuf")) {
            Set<String> files = g.getOrDefault(low, Map.of()).get("io.bpfskel");
            assertEquals(null, files, low + " uses the root API");
        }
    }

    /** Tarjan's algorithm, iteratively deep enough for a few dozen packages; components in discovery order. */
    private static List<List<String>> stronglyConnected(Map<String, Map<String, Set<String>>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : g.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, g, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Map<String, Set<String>>> g, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                strongConnect(w, g, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}

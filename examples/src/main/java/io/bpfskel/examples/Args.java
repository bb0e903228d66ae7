package io.bpfskel.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The examples' command line: {@code --name value} options and {@code --flag}s from fixed sets, and positional
 * arguments.
 * Deliberately tiny, so that each example's main method reads like the application it shows.
 */
public final class Args {
    private final Map<String, String> options;
    private final Set<String> flags;
    private final List<String> positional;

    private Args(Map<String, String> options, Set<String> flags, List<String> positional) {
        this.options = options;
        this.flags = flags;
        this.positional = positional;
    }

    /** Parses {@code args}; every {@code --x} must be in {@code known} and be followed by its value. */
    public static Args parse(String[] args, Set<String> known) {
        return parse(args, known, Set.of());
    }

    /** Parses {@code args}: {@code --x value} for each x in {@code known}, {@code --f} alone for each f in {@code knownFlags}. */
    public static Args parse(String[] args, Set<String> known, Set<String> knownFlags) {
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new TreeSet<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                if (knownFlags.contains(name)) {
                    flags.add(name);
                    continue;
                }
                if (!known.contains(name)) {
                    Set<String> all = new TreeSet<>(known);
                    all.addAll(knownFlags);
                    throw new IllegalArgumentException("unknown option " + a + " (known: --" + String.join(", --", all) + ")");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                options.put(name, args[++i]);
            } else {
                positional.add(a);
            }
        }
        return new Args(options, Set.copyOf(flags), List.copyOf(positional));
    }

    /** Whether {@code --name} was given. */
    public boolean has(String name) {
        return flags.contains(name) || options.containsKey(name);
    }

    public String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** A non-negative integer option; {@code fallback} when absent. */
    public long getLong(String name, long fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a non-negative number, not '" + v + "'");
        }
    }

    public List<String> positional() {
        return positional;
    }
}

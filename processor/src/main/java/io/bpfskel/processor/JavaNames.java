package io.bpfskel.processor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/** Turns C names into Java names: snake case to camel case, keywords and reserved names suffixed with '_'. */
final class JavaNames {
    private JavaNames() {}

    /** Methods of java.lang.Object: a zero-argument accessor with one of these names would not compile or would override. */
    static final Set<String> OBJECT_METHODS = Set.of("getClass", "hashCode", "equals", "clone", "toString", "notify",
            "notifyAll", "wait", "finalize");

    /**
     * {@code target_pid} → {@code targetPid}, {@code CONFIG_HZ} → {@code configHz}, {@code fooBar} stays,
     * {@code .data.foo} → {@code dataFoo}. Parts are split at every character that is not a letter or digit;
     * all-uppercase parts are lowercased first.
     */
    static String camel(String cName) {
        StringBuilder out = new StringBuilder();
        for (String part : cName.split("[^A-Za-z0-9]+")) {
            if (part.isEmpty()) {
                continue;
            }
            String p = isAllUpper(part) ? part.toLowerCase(Locale.ROOT) : part;
            if (out.length() == 0) {
                out.append(Character.toLowerCase(p.charAt(0))).append(p, 1, p.length());
            } else {
                out.append(Character.toUpperCase(p.charAt(0))).append(p, 1, p.length());
            }
        }
        if (out.length() == 0) {
            out.append('_');
        }
        if (!Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }

    /** Camel case with an upper-case first letter, for class names: {@code struct point} → {@code Point}. */
    static String upperCamel(String cName) {
        String c = camel(cName);
        if (c.charAt(0) == '_') {
            return c.length() > 1 && Character.isJavaIdentifierStart(c.charAt(1)) ? upperFirst(c.substring(1)) : "T" + c;
        }
        return upperFirst(c);
    }

    /** Leading underscores, and inner runs of two or more. */
    private static final Pattern UNDERSCORE_RUNS = Pattern.compile("^_+|_{2,}");

    /**
     * Camel case that keeps leading underscores and every inner run of two or more: {@code __foo_start} →
     * {@code __fooStart}, {@code _foo} → {@code _foo}, {@code handle__sched_wakeup} → {@code handle__schedWakeup}.
     * Other single underscores stay word boundaries. The second choice for names that collide in plain camel case:
     * C code marks a variant of a name ({@code foo} and {@code __foo}) with such runs, so keeping them keeps the
     * twins apart.
     */
    static String camelKeepingUnderscores(String cName) {
        StringBuilder out = new StringBuilder();
        Matcher runs = UNDERSCORE_RUNS.matcher(cName);
        int from = 0;
        while (runs.find()) {
            appendSegment(out, cName.substring(from, runs.start()));
            out.append(runs.group());
            from = runs.end();
        }
        appendSegment(out, cName.substring(from));
        String s = out.toString();
        if (s.isEmpty()) {
            return "_";
        }
        return Character.isJavaIdentifierStart(s.charAt(0)) ? s : "_" + s;
    }

    /** A segment between underscore runs, camel-cased; lower-case first letter only at the start of the name. */
    private static void appendSegment(StringBuilder out, String segment) {
        if (segment.replaceAll("[^A-Za-z0-9]", "").isEmpty()) {
            return;
        }
        String c = camel(segment);
        if (c.startsWith("_") && !segment.startsWith("_") && out.length() > 0) {
            c = c.substring(1); // camel's '_' before a leading digit is needed only at the start of the name
        }
        out.append(c);
    }

    /** {@code __foo_bar} → {@code __FooBar}: {@link #camelKeepingUnderscores} with an upper-case first letter. */
    static String upperCamelKeepingUnderscores(String cName) {
        String c = camelKeepingUnderscores(cName);
        int i = 0;
        while (i < c.length() && c.charAt(i) == '_') {
            i++;
        }
        if (i == c.length()) {
            return "T" + c;
        }
        return c.substring(0, i) + Character.toUpperCase(c.charAt(i)) + c.substring(i + 1);
    }

    /**
     * The C name itself where it is a Java identifier ({@code foo_bar} stays {@code foo_bar}); other characters
     * become '_', a leading digit gets a '_' before it. The third choice for colliding names.
     */
    static String verbatim(String cName) {
        String s = cName.replaceAll("[^A-Za-z0-9_]", "_");
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            s = "_" + s;
        }
        return s;
    }

    /** Upper snake case for enum constants: {@code old} → {@code OLD}, {@code v2} → {@code V2}; C enumerators keep their name. */
    static String constant(String cName) {
        String s = cName.replaceAll("[^A-Za-z0-9_]", "_");
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            s = "_" + s;
        }
        return s;
    }

    static String upperFirst(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A name that compiles as a member: keywords, methods of Object and reserved names get a trailing '_'. */
    static String escaped(String javaName, Set<String> reserved) {
        if (SourceVersion.isKeyword(javaName) || OBJECT_METHODS.contains(javaName) || reserved.contains(javaName)) {
            return javaName + "_";
        }
        return javaName;
    }

    private static boolean isAllUpper(String s) {
        boolean letter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLowerCase(c)) {
                return false;
            }
            letter |= Character.isLetter(c);
        }
        return letter;
    }

    /** A C thing that wants a Java name; {@code render} turns a stem ({@link #camel} etc.) into the full name. */
    record Wanted(String cName, String what, UnaryOperator<String> render) {}

    /**
     * C things whose first-choice Java name ({@code firstChoice}) collided, with one another or with a name the
     * scope already held ({@code takenBy}, else null), and the names they got instead ({@code names}, in order).
     */
    record Renaming(String firstChoice, String takenBy, List<Wanted> members, List<String> names) {}

    /** Stems for methods and fields: camel case, then camel case keeping underscore runs, then the C name. */
    static final List<UnaryOperator<String>> MEMBER_STEMS = List.of(JavaNames::camel,
            JavaNames::camelKeepingUnderscores, JavaNames::verbatim);

    /** Stems for nested classes: upper camel case, then upper camel case keeping underscore runs. */
    static final List<UnaryOperator<String>> CLASS_STEMS = List.of(JavaNames::upperCamel,
            JavaNames::upperCamelKeepingUnderscores);

    /**
     * Gives every wanted C thing a Java name in {@code scope} and claims it. Each thing tries its stems in order;
     * a name is taken at a stage only when exactly one thing wants it and nobody holds it yet, so a thing keeps
     * its first-choice name unless it collides, and the outcome does not depend on declaration order. Things
     * still colliding after the last stem get that stem's name, numbered from the second on (2, 3, ...) in the order
     * of {@code wanted} (the object's declaration order).
     * Every collision is added to {@code renamings}.
     */
    static List<String> assign(Scope scope, List<Wanted> wanted, List<UnaryOperator<String>> stems,
            List<Renaming> renamings) {
        int n = wanted.size();
        String[] out = new String[n];
        Set<String> given = new HashSet<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pending.add(i);
        }
        for (UnaryOperator<String> stem : stems) {
            Map<String, List<Integer>> byName = new LinkedHashMap<>();
            for (int i : pending) {
                Wanted w = wanted.get(i);
                byName.computeIfAbsent(w.render().apply(stem.apply(w.cName())), k -> new ArrayList<>()).add(i);
            }
            List<Integer> next = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> e : byName.entrySet()) {
                if (e.getValue().size() == 1 && !scope.taken(e.getKey()) && !given.contains(e.getKey())) {
                    out[e.getValue().get(0)] = e.getKey();
                    given.add(e.getKey());
                } else {
                    next.addAll(e.getValue());
                }
            }
            pending = next;
        }
        UnaryOperator<String> last = stems.get(stems.size() - 1);
        pending.sort(null); // declaration order
        for (int i : pending) {
            Wanted w = wanted.get(i);
            String base = w.render().apply(last.apply(w.cName()));
            String name = base;
            for (int k = 2; scope.taken(name) || given.contains(name); k++) {
                name = base + k;
            }
            out[i] = name;
            given.add(name);
        }
        // report per first choice: the things that wanted it and what they got
        Map<String, List<Integer>> byFirst = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Wanted w = wanted.get(i);
            byFirst.computeIfAbsent(w.render().apply(stems.get(0).apply(w.cName())), k -> new ArrayList<>())
                    .add(i);
        }
        for (Map.Entry<String, List<Integer>> e : byFirst.entrySet()) {
            String holder = scope.owner(e.getKey());
            if (e.getValue().size() > 1 || holder != null) {
                renamings.add(new Renaming(e.getKey(), holder, e.getValue().stream().map(wanted::get).toList(),
                        e.getValue().stream().map(i -> out[i]).toList()));
            }
        }
        for (int i = 0; i < n; i++) {
            scope.claim(out[i], wanted.get(i).what());
        }
        return List.of(out);
    }

    /**
     * One Java namespace (the methods of a class, the nested classes of the skeleton, the constants of an enum).
     * Registering two C things under one Java name is a clash; the scope records both so the error can name them.
     */
    static final class Scope {
        private final String description;
        private final Map<String, String> owners = new LinkedHashMap<>();

        Scope(String description) {
            this.description = description;
        }

        /** Claims {@code javaName} for {@code what}; returns the previous owner's description on a clash, else null. */
        String claim(String javaName, String what) {
            String prev = owners.putIfAbsent(javaName, what);
            return prev;
        }

        boolean taken(String javaName) {
            return owners.containsKey(javaName);
        }

        /** Every name taken so far. */
        Set<String> names() {
            return Collections.unmodifiableSet(owners.keySet());
        }

        /** The description of what holds {@code javaName}, or null. */
        String owner(String javaName) {
            return owners.get(javaName);
        }

        /** A name not yet taken: {@code base}, else {@code base2}, {@code base3}… (claimed for {@code what}). */
        String unique(String base, String what) {
            String n = base;
            for (int i = 2; owners.containsKey(n); i++) {
                n = base + i;
            }
            owners.put(n, what);
            return n;
        }

        String description() {
            return description;
        }
    }
}

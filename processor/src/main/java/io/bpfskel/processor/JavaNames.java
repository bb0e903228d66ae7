package io.bpfskel.processor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

    /** A method name that compiles: keywords and reserved names get a trailing '_'. */
    static String method(String javaName, Set<String> reserved) {
        if (SourceVersion.isKeyword(javaName) || OBJECT_METHODS.contains(javaName) || reserved.contains(javaName)) {
            return javaName + "_";
        }
        return javaName;
    }

    static String escapeKeyword(String javaName) {
        return SourceVersion.isKeyword(javaName) ? javaName + "_" : javaName;
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

package io.bpfskel.processor;

import com.google.testing.compile.Compilation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the classes of a compile-testing compilation (the generated skeleton included) and serves chosen class
 * path resources (the BPF object) from memory, so generated code runs in the test JVM.
 */
final class CompiledClasses extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();
    private final Map<String, byte[]> resources;

    CompiledClasses(Compilation c, Map<String, byte[]> resources) {
        super(CompiledClasses.class.getClassLoader());
        this.resources = resources;
        for (JavaFileObject f : c.generatedFiles()) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = f.toUri().getPath();
            int i = path.indexOf("/CLASS_OUTPUT/");
            String name = path.substring(i + "/CLASS_OUTPUT/".length(), path.length() - ".class".length()).replace('/', '.');
            try (InputStream in = f.openInputStream()) {
                classes.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] b = resources.get(name);
        return b != null ? new ByteArrayInputStream(b) : super.getResourceAsStream(name);
    }

    Class<?> load(String name) {
        try {
            return loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Calls the public method {@code name} whose parameter count matches (overloads told apart by argument types). */
    static Object call(Object target, String name, Object... args) {
        Class<?> type = target instanceof Class<?> c ? c : target.getClass();
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(name) || m.getParameterCount() != args.length) {
                continue;
            }
            if (!fits(m.getParameterTypes(), args)) {
                continue;
            }
            try {
                return m.invoke(Modifier.isStatic(m.getModifiers()) ? null : target, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new AssertionError(e.getCause());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no method " + type.getName() + "." + name + " for " + args.length + " argument(s)");
    }

    private static boolean fits(Class<?>[] params, Object[] args) {
        for (int i = 0; i < params.length; i++) {
            Class<?> p = params[i];
            Object a = args[i];
            if (a == null) {
                if (p.isPrimitive()) {
                    return false;
                }
                continue;
            }
            Class<?> boxed = !p.isPrimitive() ? p
                    : p == int.class ? Integer.class : p == long.class ? Long.class : p == short.class ? Short.class
                    : p == byte.class ? Byte.class : p == boolean.class ? Boolean.class : p == float.class ? Float.class
                    : p == double.class ? Double.class : Character.class;
            if (!boxed.isInstance(a)) {
                return false;
            }
        }
        return true;
    }

    /** {@code call} on a chain: {@code path(skel, "bss", "cfg")} is {@code skel.bss().cfg()}. */
    static Object path(Object target, String... names) {
        Object o = target;
        for (String n : names) {
            o = call(o, n);
        }
        return o;
    }

    /** The enum constant {@code constant} of nested enum {@code enumName} of the skeleton class. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object constant(Class<?> skeleton, String enumName, String constant) {
        for (Class<?> c : skeleton.getClasses()) {
            if (c.getSimpleName().equals(enumName)) {
                return Enum.valueOf((Class) c, constant);
            }
        }
        throw new AssertionError("no nested enum " + enumName);
    }
}

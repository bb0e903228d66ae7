package io.bpfskel.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JavaNamesTest {
    @Test
    void camelCase() {
        assertEquals("targetPid", JavaNames.camel("target_pid"));
        assertEquals("configHz", JavaNames.camel("CONFIG_HZ"));
        assertEquals("linuxKernelVersion", JavaNames.camel("LINUX_KERNEL_VERSION"));
        assertEquals("fooBar", JavaNames.camel("fooBar"));
        assertEquals("fooBar", JavaNames.camel("foo_bar"));
        assertEquals("fooBar", JavaNames.camel("FooBar"));
        assertEquals("dataFoo", JavaNames.camel(".data.foo"));
        assertEquals("rodataStr11", JavaNames.camel(".rodata.str1.1"));
        assertEquals("someKfuncOld", JavaNames.camel("some_kfunc___old"));
        assertEquals("bpfStrlenNew", JavaNames.camel("bpf_strlen___new"));
        assertEquals("x", JavaNames.camel("__x"));
        assertEquals("_", JavaNames.camel("__"));
        assertEquals("_1abc", JavaNames.camel("1abc"));
        assertEquals("u8v", JavaNames.camel("u8v"));
    }

    @Test
    void classAndConstantNames() {
        assertEquals("PairT", JavaNames.upperCamel("pair_t"));
        assertEquals("LibbpfTristate", JavaNames.upperCamel("libbpf_tristate"));
        assertEquals("DataFoo", JavaNames.upperCamel(".data.foo"));
        assertEquals("Point", JavaNames.upperCamel("Point"));
        assertEquals("T_1x", JavaNames.upperCamel("1x"));
        assertEquals("OLD", JavaNames.constant("OLD"));
        assertEquals("_2", JavaNames.constant("2"));
    }

    @Test
    void keywordsAndObjectMethods() {
        assertEquals("class_", JavaNames.method("class", Set.of()));
        assertEquals("wait_", JavaNames.method("wait", Set.of()));
        assertEquals("hashCode_", JavaNames.method("hashCode", Set.of()));
        assertEquals("wrap_", JavaNames.method("wrap", Set.of("wrap")));
        assertEquals("counter", JavaNames.method("counter", Set.of()));
    }

    @Test
    void scopeReportsTheFirstOwner() {
        JavaNames.Scope s = new JavaNames.Scope("test");
        assertNull(s.claim("fooBar", "variable 'foo_bar'"));
        assertEquals("variable 'foo_bar'", s.claim("fooBar", "variable 'fooBar'"));
    }

    @Test
    void uniqueNamesGetANumericSuffix() {
        JavaNames.Scope s = new JavaNames.Scope("test");
        assertEquals("Point", s.unique("Point", "struct point"));
        assertEquals("Point2", s.unique("Point", "struct Point"));
        assertEquals("Point3", s.unique("Point", "another struct point"));
    }
}

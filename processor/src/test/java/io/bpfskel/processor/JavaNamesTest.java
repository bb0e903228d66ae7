package io.bpfskel.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        assertEquals("class_", JavaNames.escaped("class", Set.of()));
        assertEquals("wait_", JavaNames.escaped("wait", Set.of()));
        assertEquals("hashCode_", JavaNames.escaped("hashCode", Set.of()));
        assertEquals("wrap_", JavaNames.escaped("wrap", Set.of("wrap")));
        assertEquals("counter", JavaNames.escaped("counter", Set.of()));
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

    @Test
    void keepingUnderscoreRuns() {
        assertEquals("fooStart", JavaNames.camelKeepingUnderscores("foo_start"));
        assertEquals("__fooStart", JavaNames.camelKeepingUnderscores("__foo_start"));
        assertEquals("_fooStart", JavaNames.camelKeepingUnderscores("_foo_start"));
        assertEquals("handle__schedWakeup", JavaNames.camelKeepingUnderscores("handle__sched_wakeup"));
        assertEquals("bpfStrlen___new", JavaNames.camelKeepingUnderscores("bpf_strlen___new"));
        assertEquals("foo__", JavaNames.camelKeepingUnderscores("foo__"));
        assertEquals("x__1y", JavaNames.camelKeepingUnderscores("x__1y"));
        assertEquals("__", JavaNames.camelKeepingUnderscores("__"));
        assertEquals("__Foo", JavaNames.upperCamelKeepingUnderscores("__foo"));
        assertEquals("__SkBuff", JavaNames.upperCamelKeepingUnderscores("__sk_buff"));
        assertEquals("foo_bar", JavaNames.verbatim("foo_bar"));
        assertEquals("_data_foo", JavaNames.verbatim(".data.foo"));
        assertEquals("_1x", JavaNames.verbatim("1x"));
    }

    private static List<String> assign(List<String> cNames, List<JavaNames.Renaming> renamings) {
        JavaNames.Scope s = new JavaNames.Scope("test");
        s.claim("wait", "java.lang.Object.wait()");
        return JavaNames.assign(s, cNames.stream().map(n -> new JavaNames.Wanted(n, "'" + n + "'",
                st -> JavaNames.escaped(st, Set.of()))).toList(), JavaNames.MEMBER_STEMS, renamings);
    }

    @Test
    void twinsKeepTheirUnderscoresThenTheirCSpelling() {
        List<JavaNames.Renaming> r = new ArrayList<>();
        List<String> names = assign(List.of("foo_start", "__foo_start", "other", "foo_bar", "fooBar", "__fooStart"), r);
        assertEquals(List.of("fooStart", "__foo_start", "other", "foo_bar", "fooBar", "__fooStart"), names);
        assertEquals(2, r.size());
        assertEquals("fooStart", r.get(0).firstChoice());
        assertEquals(List.of("fooStart", "__foo_start", "__fooStart"), r.get(0).names());
        assertEquals(List.of("foo_bar", "fooBar"), r.get(1).names());
    }

    @Test
    void namesDoNotDependOnDeclarationOrder() {
        List<String> cNames = List.of("foo_start", "__foo_start", "handle__sched_wakeup", "handle_sched_wakeup",
                "x_y", "xY", "__x_y", "plain", "___foo_start");
        Map<String, String> reference = new HashMap<>();
        List<String> first = assign(cNames, new ArrayList<>());
        for (int i = 0; i < cNames.size(); i++) {
            reference.put(cNames.get(i), first.get(i));
        }
        assertEquals(cNames.size(), new HashSet<>(first).size(), first.toString());
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            List<String> shuffled = new ArrayList<>(cNames);
            Collections.shuffle(shuffled, random);
            List<String> got = assign(shuffled, new ArrayList<>());
            for (int i = 0; i < shuffled.size(); i++) {
                assertEquals(reference.get(shuffled.get(i)), got.get(i), shuffled.toString());
            }
        }
    }

    @Test
    void namesHeldByTheScopeAreAvoidedAndReported() {
        JavaNames.Scope s = new JavaNames.Scope("test");
        s.claim("load", "the skeleton method load()");
        List<JavaNames.Renaming> r = new ArrayList<>();
        List<String> names = JavaNames.assign(s, List.of(new JavaNames.Wanted("load", "'load'", st -> st)),
                JavaNames.MEMBER_STEMS, r);
        assertEquals(List.of("load2"), names);
        assertEquals("the skeleton method load()", r.get(0).takenBy());
    }

    @Test
    void stillCollidingNamesAreNumberedInDeclarationOrder() {
        JavaNames.Scope s = new JavaNames.Scope("test");
        List<String> names = JavaNames.assign(s, List.of(new JavaNames.Wanted("point", "struct point", st -> st),
                new JavaNames.Wanted("Point", "struct Point", st -> st)), JavaNames.CLASS_STEMS, new ArrayList<>());
        assertEquals(List.of("Point", "Point2"), names);
    }
}

package io.bpfskel.object;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExternNameTest {
    /** Cases from libbpf's bpf_core_essential_name_len (reference §1.3). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "bpf_strlen___old, bpf_strlen",
        "bpf_strlen___new, bpf_strlen",
        "a___v2___compat, a___v2",
        "scx_bpf_reenqueue_local___v2___compat, scx_bpf_reenqueue_local___v2",
        "foo____bar, foo____bar",
        "foo___, foo___",
        "___foo, ___foo",
        "x___y, x",
        "x__y, x__y",
        "a___b_, a",
        "a___b___, a",
        "task_struct___old, task_struct",
        "abcd, abcd",
        "a_b___c, a_b",
        "a___b____c, a",
        "bpf_strlen, bpf_strlen",
    })
    void essentialNameUsesTheLastWellFormedSeparator(String name, String essential) {
        assertEquals(essential, Extern.essentialName(name));
    }
}

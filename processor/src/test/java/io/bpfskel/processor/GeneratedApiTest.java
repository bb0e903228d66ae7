package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** User code written against the generated API compiles (the issue's example, and every accessor kind). */
class GeneratedApiTest {
    @Test
    void issueExampleCompiles() {
        JavaFileObject user = JavaFileObjects.forSourceString("app.Main", """
                package app;

                import io.bpfskel.BpfSkeleton;
                import io.bpfskel.ExternStatus;
                import java.util.List;
                import java.util.Set;

                @BpfSkeleton("flavors.bpf.o")
                interface Flavors {}

                public class Main {
                    static long run(int pid) {
                        try (FlavorsSkel skel = FlavorsSkel.open()) {
                            skel.rodata().targetPid(pid);
                            skel.rodata().input("hello").targetPid(pid + 1);
                            skel.load();
                            if (skel.hasSomeKfuncOld()) {
                                System.out.println("old some_kfunc");
                            }
                            boolean b = skel.hasBpfStrlenNew() || skel.hasBpfStrlenOld() || skel.hasRunqueues()
                                    || skel.hasBpfLinkFops() || skel.hasBpfTaskFromPid();
                            Set<FlavorsSkel.SomeKfuncFlavor> some = skel.someKfuncFlavors();
                            Set<FlavorsSkel.BpfStrlenFlavor> strlen = skel.bpfStrlenFlavors();
                            if (strlen.contains(FlavorsSkel.BpfStrlenFlavor.NEW)) {
                                System.out.println(FlavorsSkel.BpfStrlenFlavor.NEW.externName());
                            }
                            List<ExternStatus> report = skel.externs();
                            for (ExternStatus e : report) {
                                System.out.println(e.name() + " " + e.essentialName() + " " + e.kind() + " " + e.weak()
                                        + " " + e.resolved() + " " + e.kernelBtfId() + " " + e.module());
                            }
                            skel.progs().flavorsRun().setAutoload(true);
                            skel.maps().bss().maxEntries();
                            skel.data().length(-1);
                            int branch = skel.bss().branch();
                            long n = skel.bss().counter();
                            return n + branch + (b ? 1 : 0) + some.size();
                        }
                    }
                }
                """);
        Compilation c = Fixtures.compile(user);
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void everyAccessorKindCompiles() {
        JavaFileObject user = JavaFileObjects.forSourceString("app.Kitchen", """
                package app;

                import io.bpfskel.BpfSkeleton;
                import java.nio.ByteBuffer;

                @BpfSkeleton("kitchen.bpf.o")
                public interface Kitchen {
                    static void use(KitchenSkel skel) {
                        KitchenSkel.Bss bss = skel.bss();
                        byte s8 = bss.s8v();
                        byte u8 = bss.u8v();
                        short s16 = bss.s16v();
                        short u16 = bss.u16v();
                        int s32 = bss.s32v();
                        int u32 = bss.u32v();
                        long s64 = bss.s64v();
                        long u64 = bss.counter();
                        boolean flag = bss.flag();
                        long address = bss.ptr();
                        bss.s8v((byte) 1).u8v((byte) 2).s16v((short) 3).u16v((short) 4).s32v(5).u32v(6).s64v(7)
                                .counter(8).flag(true).ptr(0);
                        int m = bss.matrix(1, 2);
                        bss.matrix(1, 2, m + 1);
                        String name = bss.names(2);
                        bss.names(2, "x").namesBytes(1, new byte[] {1, 2});
                        KitchenSkel.Point p = bss.points(3);
                        p.x(1).y(2);
                        KitchenSkel.Config cfg = bss.cfg();
                        cfg.pid(1).comm("comm").mode((byte) 5).verbose((byte) 1).level((byte) 9).delta((short) -3);
                        cfg.asU32(7).bytes(0, (byte) 1);
                        cfg.origin().x(3);
                        long hits = cfg.stats().hits();
                        KitchenSkel.Color tint = cfg.tint();
                        cfg.tint(KitchenSkel.Color.BLUE);
                        KitchenSkel.BssAnon anon = bss.anon();
                        anon.kind(KitchenSkel.BssAnonKind.ANON_B).inner(4);
                        double d = bss.val().d();
                        bss.val().i(-1);
                        int a = bss.pair().a();
                        KitchenSkel.Big big = bss.big();
                        int clazz = bss.class_() + bss.wait_();
                        long lx = bss.capPoint().lx();
                        int mm = bss.mapsStruct().m();
                        float ratio = skel.data().ratio();
                        double precise = skel.data().precise();
                        byte raw = skel.data().raw(7);
                        String comm = skel.data().comm();
                        byte[] commBytes = skel.data().commBytes();
                        int n = skel.data().lst().n();
                        KitchenSkel.Config init = skel.data().initCfg();
                        skel.rodata().targetPid(1).enabled(true).greeting("hi");
                        skel.dataFoo().fooHits(3).fooWhere().y(4);
                        long limit = skel.rodataBar().barLimit();
                        KitchenSkel.LibbpfTristate lsm = skel.kconfig().configBpfLsm();
                        int hz = skel.kconfig().configHz();
                        int version = skel.kconfig().linuxKernelVersion();
                        boolean syscall = skel.kconfig().configBpfSyscall();
                        String local = skel.kconfig().configLocalversion();
                        KitchenSkel.Config wrapped = KitchenSkel.Config.wrap(ByteBuffer.allocate(KitchenSkel.Config.SIZE), 0);
                        skel.maps().pointsByPid().maxEntries();
                        skel.maps().rodataStr11().valueSize();
                        skel.progs().handleGetpid().sectionName();
                    }
                }
                """);
        Compilation c = Fixtures.compile(user);
        assertThat(c).succeeded();
        // kitchen.bpf.c has two type-name clashes on purpose; javac itself warns about nothing (-Xlint:all)
        assertThat(c).hadWarningCount(2);
        assertThat(c).hadWarningContaining("struct 'point' and struct 'Point' both become 'Point'; generated 'Point' "
                + "for struct 'point', 'Point2' for struct 'Point'");
        assertThat(c).hadWarningContaining("struct 'maps' would become 'Maps', which is the maps group; generated "
                + "'Maps2' for struct 'maps'");
    }

    @Test
    void readOnlyKconfigHasNoSetters() {
        JavaFileObject user = JavaFileObjects.forSourceString("app.K", """
                package app;

                @io.bpfskel.BpfSkeleton("kitchen.bpf.o")
                interface K {
                    static void use(KSkel skel) {
                        skel.kconfig().configHz(250);
                    }
                }
                """);
        Compilation c = Fixtures.compile(user);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("configHz");
    }
}

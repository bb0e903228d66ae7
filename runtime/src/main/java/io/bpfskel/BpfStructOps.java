package io.bpfskel;

import io.bpfskel.link.StructOpsLink;
import io.bpfskel.load.StructOpsValue;
import io.bpfskel.object.StructOpsSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * A struct_ops map of a {@link BpfCollection}: a kernel struct of callbacks (for example {@code struct
 * tcp_congestion_ops}) implemented by the object's {@code SEC("struct_ops/...")} programs. The counterpart of a
 * libbpf struct_ops {@code bpf_map} and its skeleton shadow type.
 *
 * <p>Before load, function-pointer members can be pointed at other struct_ops programs of the object
 * ({@link #setProgram}) and data members changed in {@link #value()} (the object's layout of the struct); the
 * loader copies them member by member into the kernel's layout. After load, {@link #attach()} registers the
 * implementation with the kernel; closing the returned link (or the collection) unregisters it.
 *
 * <pre>{@code
 * try (BpfCollection obj = BpfCollection.open(Path.of("cc.bpf.o"))) {
 *     obj.structOps("my_cc").setProgram("cong_avoid", obj.program("cc_cong_avoid_v2"));
 *     obj.load();
 *     try (StructOpsLink reg = obj.structOps("my_cc").attach()) { ... }
 * }
 * }</pre>
 */
public final class BpfStructOps {
    private final BpfCollection owner;
    private StructOpsSpec spec;
    /** The local-layout value: writable until load. */
    private final byte[] data;
    private boolean autoattach = true;
    private StructOpsValue registration;

    BpfStructOps(BpfCollection owner, StructOpsSpec spec) {
        this.owner = owner;
        this.spec = spec;
        this.data = spec.data();
    }

    /** The map's (and the variable's) name. */
    public String name() {
        return spec.name();
    }

    /** The struct's name in the object, with its {@code ___flavor} if it has one. */
    public String typeName() {
        return spec.typeName();
    }

    /** The kernel struct this implements: {@link #typeName()} without its {@code ___flavor}. */
    public String kernelTypeName() {
        return spec.essentialTypeName();
    }

    /** Whether it registers through a BPF link ({@code SEC(".struct_ops.link")}), which can be swapped and pinned. */
    public boolean isLink() {
        return spec.link();
    }

    /** The definition as it stands now, with the changes made before load. */
    StructOpsSpec spec() {
        return spec.withData(data);
    }

    /** What a member is, for reading and writing it in {@link #value()}. */
    public enum Kind {
        /** A pointer to a function: a program of the object, or none. */
        FUNC_PTR,
        /** An integer, enum or float: a typed field. */
        SCALAR,
        /** Anything else (arrays, nested structs, other pointers): raw bytes. */
        OTHER
    }

    /**
     * A member of the struct in the object's layout.
     *
     * @param offset the byte offset in {@link #value()}
     * @param size the byte size
     * @param bitfieldSize the bit size of a bitfield member, else 0
     * @param program for a {@link Kind#FUNC_PTR} member the program it points at, else null
     */
    public record Member(String name, int offset, int size, int bitfieldSize, Kind kind, String program) {}

    /** The struct's members in declaration order, as they stand now. */
    public List<Member> members() {
        return spec.members().stream().map(BpfStructOps::toMember).toList();
    }

    /** The map behind it (created at load unless {@link #autocreate()} is off). */
    public BpfMap map() {
        return owner.map(name());
    }

    public boolean autocreate() {
        return spec.autocreate();
    }

    /**
     * Whether the map is created and its member programs loaded. Off for {@code SEC("?.struct_ops")}: programs only
     * this map uses then do not load either (libbpf's autoload follows autocreate).
     */
    public void setAutocreate(boolean on) {
        owner.checkOpened("set autocreate of struct_ops map '" + name() + "'");
        spec = spec.withAutocreate(on);
    }

    public boolean autoattach() {
        return autoattach;
    }

    /** Whether {@link BpfCollection#attach()} registers this map (on by default, as libbpf's skeletons since 1.5). */
    public void setAutoattach(boolean on) {
        autoattach = on;
    }

    /** The program a function-pointer member points at, empty when none. */
    public Optional<BpfProgram> program(String member) {
        StructOpsSpec.Member m = specMember(member);
        if (m.kind() != StructOpsSpec.Kind.FUNC_PTR) {
            throw new IllegalArgumentException(what() + ": member '" + member + "' is not a function pointer");
        }
        return m.program() == null ? Optional.empty() : Optional.of(owner.program(m.program()));
    }

    /**
     * Points a function-pointer member at another struct_ops program of the object, or at none ({@code null}).
     * A program no created map points at is not loaded.
     */
    public void setProgram(String member, BpfProgram program) {
        owner.checkOpened("change member '" + member + "' of struct_ops map '" + name() + "'");
        if (program != null && program.type() != io.bpfskel.uapi.ProgramType.STRUCT_OPS) {
            throw new IllegalArgumentException(what() + ": program '" + program.name() + "' (" + program.sectionName()
                    + ") is not a struct_ops program");
        }
        spec = spec.withProgram(member, program == null ? null : program.name());
    }

    /** @throws IllegalArgumentException when the struct has no such member */
    public Member member(String member) {
        return toMember(specMember(member));
    }

    private StructOpsSpec.Member specMember(String member) {
        return spec.member(member).orElseThrow(() -> new IllegalArgumentException(what() + ": struct " + typeName()
                + " has no member '" + member + "' (have " + spec.members().stream().map(StructOpsSpec.Member::name).toList() + ")"));
    }

    /**
     * The struct's value in the object's layout (member offsets of {@link #members()}), host byte order. Writable
     * before load, read-only after; function-pointer slots are zero (the programs are in {@link #program}).
     */
    public ByteBuffer value() {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        return owner.state() == BpfCollection.State.OPENED ? b : b.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /**
     * {@link #value()} for changing it: the generated skeleton's setters go through here.
     *
     * @throws IllegalStateException after load
     */
    public ByteBuffer mutableValue() {
        owner.checkOpened("change the value of struct_ops map '" + name() + "'");
        return ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
    }

    /** The newest open registration made through {@link #attach()} or {@link BpfCollection#attach()}, or null. */
    public StructOpsLink link() {
        return owner.structOpsLinkOf(name());
    }

    /** What was loaded for registration (the kernel-layout value with program fds); only after load. */
    StructOpsValue registration() {
        owner.checkLoaded("read the registration of struct_ops map '" + name() + "'");
        if (registration == null) {
            throw new IllegalStateException(what() + ": the map was not created (autocreate is off)");
        }
        return registration;
    }

    /** Registers the implementation with the kernel; closing the link unregisters it. */
    public StructOpsLink attach() {
        return owner.track(StructOpsLink.register(map().handle(), linkRegistration()));
    }

    /**
     * Swaps a registration made through a {@code .struct_ops.link} map over to this map, without a gap: from then on
     * the kernel calls this map's programs (libbpf's {@code bpf_link__update_map}).
     */
    public void replace(StructOpsLink link) {
        link.update(map().handle(), linkRegistration());
    }

    /** {@link #registration()} as the link layer takes it. */
    StructOpsLink.Registration linkRegistration() {
        StructOpsValue v = registration();
        return new StructOpsLink.Registration(v.map(), v.kernType(), v.link(), v.value(), v.memberPrograms());
    }

    private static Member toMember(StructOpsSpec.Member m) {
        return new Member(m.name(), m.offset(), m.size(), m.bitfieldSize(), Kind.valueOf(m.kind().name()), m.program());
    }

    void loaded(StructOpsValue v) {
        this.registration = v;
    }

    void closed() {
        this.registration = null;
    }

    private String what() {
        return owner.object().source() + ": struct_ops map '" + name() + "'";
    }

    @Override
    public String toString() {
        return "BpfStructOps[" + name() + ", struct " + typeName() + (isLink() ? ", link" : "") + "]";
    }
}

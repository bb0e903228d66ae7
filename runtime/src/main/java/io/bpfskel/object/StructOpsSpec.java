package io.bpfskel.object;

import java.util.ArrayList;
import java.util.List;

/**
 * A struct_ops map as the object declares it: one variable of a {@code SEC(".struct_ops")} or
 * {@code SEC(".struct_ops.link")} section, whose type is a kernel struct of callbacks (for example
 * {@code struct tcp_congestion_ops}), with its initial value and the programs its function-pointer members point at.
 *
 * <p>This is what libbpf's skeleton "shadow type" exposes: the data members' initial bytes in the object's
 * (local) layout, and one program per function-pointer member. Both can be changed before load through
 * {@link #withData} and {@link #withProgram}; the loader then copies the members by name into the kernel's
 * layout.
 *
 * @param name the variable's name, which is also the map's name
 * @param sectionName the ELF section, {@code ?} included ({@code .struct_ops}, {@code ?.struct_ops.link}, ...)
 * @param typeId BTF id of the local struct type (typedefs and modifiers skipped)
 * @param typeName the local struct's name, possibly with a {@code ___flavor} suffix
 * @param link whether the map registers through a BPF link ({@code .struct_ops.link}, map flag BPF_F_LINK)
 * @param autocreate false for a {@code ?.struct_ops*} section: the map is neither created nor registered unless
 *     turned on before load, and its member programs are not loaded either
 * @param data the variable's initial bytes in the local layout; function-pointer slots are zero (the programs
 *     are in {@link Member#program()})
 * @param members the local struct's members, in declaration order
 */
public record StructOpsSpec(String name, String sectionName, int sectionIndex, long sectionOffset, int typeId,
        String typeName, boolean link, boolean autocreate, byte[] data, List<Member> members) {

    /**
     * A member of the local struct.
     *
     * @param index position in the local struct
     * @param offset byte offset in the local struct (bitfields have {@code bitfieldSize != 0})
     * @param size byte size of the member's type
     * @param typeId the member's BTF type id in the object's BTF
     * @param kind what the member holds
     * @param program the program a function-pointer member points at, or null
     */
    public record Member(String name, int index, int offset, int size, int bitfieldSize, int typeId, Kind kind,
            String program) {
        public Member withProgram(String p) {
            return new Member(name, index, offset, size, bitfieldSize, typeId, kind, p);
        }
    }

    /** The member kinds libbpf's skeleton tells apart (its shadow type). */
    public enum Kind {
        /** A pointer to a function: a program of the object, or null. */
        FUNC_PTR,
        /** An integer, enum or float: a typed field. */
        SCALAR,
        /** Anything else (arrays, nested structs, other pointers): raw bytes. */
        OTHER
    }

    public StructOpsSpec {
        data = data.clone();
        members = List.copyOf(members);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * The struct's name without a {@code ___flavor} suffix, as libbpf looks the kernel type up
     * ({@code tcp_congestion_ops___v2} → {@code tcp_congestion_ops}).
     */
    public String essentialTypeName() {
        return Extern.essentialName(typeName);
    }

    public java.util.Optional<Member> member(String memberName) {
        return members.stream().filter(m -> m.name().equals(memberName)).findFirst();
    }

    public StructOpsSpec withData(byte[] newData) {
        if (newData.length != data.length) {
            throw new IllegalArgumentException("struct_ops map '" + name + "': value must be " + data.length + " bytes, got "
                    + newData.length);
        }
        return new StructOpsSpec(name, sectionName, sectionIndex, sectionOffset, typeId, typeName, link, autocreate,
                newData, members);
    }

    /** Points a function-pointer member at another program (null: no program, the kernel's default if any). */
    public StructOpsSpec withProgram(String memberName, String program) {
        List<Member> out = new ArrayList<>(members.size());
        boolean found = false;
        for (Member m : members) {
            if (m.name().equals(memberName)) {
                if (m.kind() != Kind.FUNC_PTR) {
                    throw new IllegalArgumentException("struct_ops map '" + name + "': member '" + memberName
                            + "' of struct " + typeName + " is not a function pointer");
                }
                out.add(m.withProgram(program));
                found = true;
            } else {
                out.add(m);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("struct_ops map '" + name + "': struct " + typeName + " has no member '"
                    + memberName + "'");
        }
        return new StructOpsSpec(name, sectionName, sectionIndex, sectionOffset, typeId, typeName, link, autocreate,
                data, out);
    }

    public StructOpsSpec withAutocreate(boolean on) {
        return new StructOpsSpec(name, sectionName, sectionIndex, sectionOffset, typeId, typeName, link, on, data, members);
    }
}

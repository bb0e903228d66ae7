package io.bpfskel.load;

import io.bpfskel.error.BpfLoadException;
import io.bpfskel.object.Extern;
import java.math.BigInteger;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes kconfig values into the {@code .kconfig} image exactly as libbpf's
 * {@code bpf_object__process_kconfig_line} and {@code set_kcfg_value_*} do: the first character of a value
 * picks tristate, string or number; range checks follow {@code is_kcfg_value_in_range}.
 */
final class KconfigValues {
    private final byte[] image;
    private final Map<String, Extern> byName;
    private final boolean[] set;
    private final String object;
    private final Consumer<String> log;

    KconfigValues(String object, byte[] image, Map<String, Extern> byName, boolean[] set, Consumer<String> log) {
        this.object = object;
        this.image = image;
        this.byName = byName;
        this.set = set;
        this.log = log;
    }

    /** Parses config text (one {@code CONFIG_X=v} per line); lines not starting with CONFIG_ are ignored. */
    void parse(String text, String source) {
        // line by line without splitting the whole text: only CONFIG_ lines become strings (a fleet check parses
        // every kernel's config once per object that has kconfig externs)
        int n = text.length();
        for (int p = 0; p < n; ) {
            int eol = text.indexOf('\n', p);
            if (eol < 0) {
                eol = n;
            }
            if (text.startsWith("CONFIG_", p)) {
                processLine(text.substring(p, eol), source);
            }
            p = eol + 1;
        }
    }

    private void processLine(String line, String source) {
        if (!line.startsWith("CONFIG_")) {
            return;
        }
        int sep = line.indexOf('=');
        if (sep < 0) {
            throw fail("failed to parse '" + line + "' in " + source + ": no separator");
        }
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (sep + 1 == line.length()) {
            throw fail("failed to parse '" + line + "' in " + source + ": no value");
        }
        Extern ext = byName.get(line.substring(0, sep));
        if (ext == null || ext.kind() != Extern.Kind.KCONFIG || set[ext.index()]) {
            return;
        }
        String value = line.substring(sep + 1);
        char c = value.charAt(0);
        switch (c) {
            case 'y', 'n', 'm' -> setTristate(ext, c);
            case '"' -> setString(ext, value);
            default -> {
                long num = parseU64(ext, value);
                Extern.KcfgType t = ext.kconfig().type();
                if (t != Extern.KcfgType.INT && t != Extern.KcfgType.CHAR) {
                    throw fail("extern (kcfg) '" + ext.name() + "': value '" + value + "' implies integer type");
                }
                setNumber(ext, num);
            }
        }
        log.accept("extern (kcfg) '" + ext.name() + "': set to " + value + " (" + source + ")");
    }

    private void setTristate(Extern ext, char v) {
        Extern.Kconfig k = ext.kconfig();
        switch (k.type()) {
            case BOOL -> {
                if (v == 'm') {
                    throw fail("extern (kcfg) '" + ext.name() + "': value '" + v + "' implies tristate or char type");
                }
                image[k.offset()] = (byte) (v == 'y' ? 1 : 0);
            }
            case TRISTATE -> write(k.offset(), 4, v == 'y' ? 1 : v == 'm' ? 2 : 0);
            case CHAR -> image[k.offset()] = (byte) v;
            default -> throw fail("extern (kcfg) '" + ext.name() + "': value '" + v + "' implies bool, tristate, or char type");
        }
        set[ext.index()] = true;
    }

    private void setString(Extern ext, String value) {
        Extern.Kconfig k = ext.kconfig();
        if (k.type() != Extern.KcfgType.CHAR_ARR) {
            throw fail("extern (kcfg) '" + ext.name() + "': value '" + value + "' implies char array type");
        }
        byte[] b = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (b.length < 2 || b[b.length - 1] != '"') {
            throw fail("extern (kcfg) '" + ext.name() + "': invalid string config '" + value + "'");
        }
        int len = b.length - 2;
        if (len >= k.size()) {
            log.accept("extern (kcfg) '" + ext.name() + "': long string '" + value + "' of (" + len + " bytes) truncated to "
                    + (k.size() - 1) + " bytes");
            len = k.size() - 1;
        }
        System.arraycopy(b, 1, image, k.offset(), len);
        image[k.offset() + len] = 0;
        set[ext.index()] = true;
    }

    /** set_kcfg_value_num, also used for the LINUX_* virtual externs. */
    void setNumber(Extern ext, long value) {
        Extern.Kconfig k = ext.kconfig();
        Extern.KcfgType t = k.type();
        if (t != Extern.KcfgType.INT && t != Extern.KcfgType.CHAR && t != Extern.KcfgType.BOOL) {
            throw fail("extern (kcfg) '" + ext.name() + "': value '" + Long.toUnsignedString(value)
                    + "' implies integer, char, or boolean type");
        }
        if (t == Extern.KcfgType.BOOL && Long.compareUnsigned(value, 1) > 0) {
            throw fail("extern (kcfg) '" + ext.name() + "': value '" + Long.toUnsignedString(value) + "' isn't boolean compatible");
        }
        if (t != Extern.KcfgType.BOOL && !inRange(k, value)) {
            throw fail("extern (kcfg) '" + ext.name() + "': value '" + Long.toUnsignedString(value) + "' doesn't fit in "
                    + k.size() + " bytes");
        }
        if (k.size() != 1 && k.size() != 2 && k.size() != 4 && k.size() != 8) {
            throw fail("extern (kcfg) '" + ext.name() + "': unsupported size " + k.size());
        }
        write(k.offset(), k.size(), value);
        set[ext.index()] = true;
    }

    private static boolean inRange(Extern.Kconfig k, long v) {
        int bits = k.size() * 8;
        if (k.size() == 8) {
            return true;
        }
        if (k.signed()) {
            return Long.compareUnsigned(v + (1L << (bits - 1)), 1L << bits) < 0;
        }
        return (v >>> bits) == 0;
    }

    /** C's strtoull(value, &end, 0) with the whole string consumed: leading space, sign, 0x and 0 prefixes. */
    private long parseU64(Extern ext, String value) {
        String s = value.stripLeading();
        boolean neg = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int radix = 10;
        if (s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
            radix = 16;
            s = s.substring(2);
        } else if (s.length() > 1 && s.startsWith("0")) {
            radix = 8;
            s = s.substring(1);
        }
        BigInteger n;
        try {
            if (s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0))) {
                throw new NumberFormatException();
            }
            n = new BigInteger(s, radix);
        } catch (NumberFormatException e) {
            throw fail("extern (kcfg) '" + ext.name() + "': value '" + value + "' isn't a valid integer");
        }
        if (n.bitLength() > 64) {
            throw fail("extern (kcfg) '" + ext.name() + "': value '" + value + "' isn't a valid integer (out of range)");
        }
        long v = n.longValue();
        return neg ? -v : v;
    }

    /** Host byte order, as the program reads the map value directly. */
    private void write(int off, int size, long v) {
        boolean little = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
        for (int i = 0; i < size; i++) {
            image[off + (little ? i : size - 1 - i)] = (byte) (v >>> (8 * i));
        }
    }

    private BpfLoadException fail(String problem) {
        return new BpfLoadException(object + ": " + problem);
    }
}

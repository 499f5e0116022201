package loombook.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The registry of magics. The kernel registers its own ({@link BuiltinMagics}); later features add
 * theirs with {@link #register(LineMagic)} and {@link #register(CellMagic)}, and {@code %lsmagic}
 * lists them all. Thread-safe.
 */
public final class Magics {
    private final Map<String, LineMagic> lines = new ConcurrentSkipListMap<>();
    private final Map<String, CellMagic> cells = new ConcurrentSkipListMap<>();

    /** An empty registry; {@link BuiltinMagics#create()} makes one with the kernel's magics. */
    public Magics() {}

    /** Adds (or replaces) a line magic. */
    public void register(LineMagic magic) {
        lines.put(checkName(magic.name()), magic);
    }

    /** Adds (or replaces) a cell magic. */
    public void register(CellMagic magic) {
        cells.put(checkName(magic.name()), magic);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) throw new IllegalArgumentException("a magic name is a word, not '" + name + "'");
        return name;
    }

    /** The line magic called {@code name}. */
    public Optional<LineMagic> line(String name) {
        return Optional.ofNullable(lines.get(name));
    }

    /** The cell magic called {@code name}. */
    public Optional<CellMagic> cell(String name) {
        return Optional.ofNullable(cells.get(name));
    }

    /** Every line magic, by name. */
    public List<LineMagic> lineMagics() {
        return new ArrayList<>(lines.values());
    }

    /** Every cell magic, by name. */
    public List<CellMagic> cellMagics() {
        return new ArrayList<>(cells.values());
    }
}

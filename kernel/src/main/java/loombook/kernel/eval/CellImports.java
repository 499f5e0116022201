package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The imports written in a cell, for completing in that cell before it ran: JShell knows only the
 * imports of cells that ran, and the rewrite of {@link CellContext} cannot hold an import. So the
 * names a cell imports are written out in full in the rewritten text ({@code Duration} becomes
 * {@code java.time.Duration} after {@code import java.time.*;}), and the word at the cursor is
 * also completed in each imported package and class.
 *
 * <pre>{@code
 * CellImports i = CellImports.of(List.of("import java.time.*;"));
 * i.queries("x = ", "Dura");       // [x = java.time.Dura]
 * }</pre>
 *
 * @param types single-type imports: simple name to qualified name
 * @param packages packages imported on demand ({@code java.time})
 * @param statics classes whose static members are imported ({@code java.lang.Math})
 */
record CellImports(Map<String, String> types, List<String> packages, List<String> statics) {
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+?)(\\.\\*)?\\s*;?\\s*$");

    /** Nothing imported. */
    static final CellImports NONE = new CellImports(Map.of(), List.of(), List.of());

    /** The imports among {@code sources} (one import statement each). */
    static CellImports of(List<String> sources) {
        Map<String, String> types = new LinkedHashMap<>();
        List<String> packages = new ArrayList<>(), statics = new ArrayList<>();
        for (String s : sources) {
            Matcher m = IMPORT.matcher(s);
            if (!m.matches()) continue;
            String name = m.group(2);
            boolean all = m.group(3) != null;
            if (m.group(1) != null) {
                statics.add(all ? name : name.substring(0, Math.max(0, name.lastIndexOf('.'))));
            } else if (all) {
                packages.add(name);
            } else {
                types.put(name.substring(name.lastIndexOf('.') + 1), name);
            }
        }
        return types.isEmpty() && packages.isEmpty() && statics.isEmpty() ? NONE : new CellImports(Map.copyOf(types), List.copyOf(packages), List.copyOf(statics));
    }

    /**
     * {@code source} with the simple names this cell imports written in full, up to {@code upTo}
     * (the word being completed stays): a name imported on demand only if {@code isClass} finds it
     * in the package and not in one of {@code known}, the packages every cell imports.
     */
    String qualify(String source, int upTo, Predicate<String> isClass, List<String> known) {
        if (this == NONE) return source;
        JavaTokens t = JavaTokens.of(source);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int i = 0; i < t.size(); i++) {
            JavaTokens.Token tok = t.tokens().get(i);
            if (tok.end() >= upTo) break;
            if (!t.isIdentifier(i) || t.at(i - 1).equals(".") || !Character.isUpperCase(t.at(i).charAt(0))) continue;
            String full = fullName(t.at(i), isClass, known);
            if (full == null) continue;
            out.append(source, copied, tok.start()).append(full);
            copied = tok.end();
        }
        return out.append(source.substring(copied)).toString();
    }

    private String fullName(String simple, Predicate<String> isClass, List<String> known) {
        String single = types.get(simple);
        if (single != null) return single;
        for (String k : known) if (isClass.test(k + "." + simple)) return null;
        for (String p : packages) if (isClass.test(p + "." + simple)) return p + "." + simple;
        return null;
    }

    /** The texts to complete for {@code word} after {@code before}: the word in each imported package and class. */
    List<String> queries(String before, String word) {
        List<String> out = new ArrayList<>();
        for (String p : packages) out.add(before + p + "." + word);
        for (String c : statics) out.add(before + c + "." + word);
        return out;
    }

    /** The simple names of single-type imports that start with {@code word}. */
    List<String> names(String word) {
        return types.keySet().stream().filter(n -> n.startsWith(word)).sorted().toList();
    }
}

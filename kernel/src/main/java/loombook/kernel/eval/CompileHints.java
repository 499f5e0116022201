package loombook.kernel.eval;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hints under javac's messages where the message alone baffles a learner: what went wrong in the
 * learner's words and the way out.
 *
 * <ul>
 *   <li>{@code System.out.println(receive(...))}: "reference to println is ambiguous" (a generic
 *       result has no type yet): give it one first.</li>
 *   <li>A method of the learner's called {@code send}, {@code next}, {@code self}... hides the
 *       statically imported one of the same name in every later cell, whatever its parameters, and
 *       calls meant for the runtime's give type errors about something else: name the hiding and the
 *       qualified name that still reaches the runtime's ({@code Process.send}).</li>
 *   <li>Inside a class, its own {@code next}, {@code stop} or {@code skip} hides the state loop's.</li>
 *   <li>{@code String id = display(...)} (IJava returns the id): Loombook returns a handle.</li>
 *   <li>{@code send(p, Inc(1))}: a record is made with {@code new}.</li>
 *   <li>{@code println(x)} alone (Elixir's {@code IO.puts x}): {@code IO.println(x)} or {@code System.out.println(x)}.</li>
 *   <li>A {@code switch} over a message without a {@code default}: {@code default -> skip()}.</li>
 *   <li>{@code send(null, ...)}: "reference to send is ambiguous" (a pid or a name?): null is no process.</li>
 *   <li>{@code receive(1000)} or {@code receive(String.class, 100)}: no such form; the four there are, and {@code sleep}.</li>
 * </ul>
 *
 * <pre>{@code
 * hints.forErrors(List.of("reference to println is ambiguous"), "System.out.println(receive(m -> m));", List.of());
 * }</pre>
 */
final class CompileHints {
    private static final Pattern SHADOWED_STEP = Pattern.compile("^method (next|stop|skip) in class (\\w+) cannot be applied");
    private static final Pattern AMBIGUOUS = Pattern.compile("^reference to (\\w+) is ambiguous");
    private static final String HANDLE = "DisplayHandle cannot be converted to java.lang.String";
    private static final Set<String> PRINTING = Set.of("println", "print", "printf");
    /** A send to a literal null, which matches both send(Pid, ...) and send(String name, ...). */
    private static final Pattern NULL_ADDRESS = Pattern.compile("\\bsend\\s*\\(\\s*null\\s*,");
    private static final Pattern MISSING_METHOD = Pattern.compile("^cannot find symbol\\s+symbol:\\s+method (\\w+)\\(");

    /** The statically imported methods a cell can call unqualified, by name: {@code send -> Process}. */
    private final Map<String, String> imported;
    /** Whether a simple name is a type a cell declared. */
    private final java.util.function.Predicate<String> types;

    /** The static methods of the classes of {@code import static C.*;} among {@code imports}, loaded through {@code loader}. */
    CompileHints(List<String> imports, ClassLoader loader, java.util.function.Predicate<String> types, Consumer<String> log) {
        this.types = types;
        Map<String, String> found = new LinkedHashMap<>();
        Pattern staticImport = Pattern.compile("^\\s*import\\s+static\\s+([\\w.]+)\\.\\*\\s*;\\s*$");
        for (String imp : imports) {
            Matcher m = staticImport.matcher(imp);
            if (!m.matches()) continue;
            try {
                Class<?> c = Class.forName(m.group(1), false, loader);
                for (Method method : c.getMethods()) {
                    if (Modifier.isStatic(method.getModifiers())) found.putIfAbsent(method.getName(), c.getSimpleName());
                }
            } catch (ClassNotFoundException | LinkageError e) {
                log.accept("compile hints: cannot read the static methods of " + m.group(1) + ": " + e);
            }
        }
        this.imported = Map.copyOf(found);
    }

    /**
     * A method the learner declared (in a cell) that has the name of a statically imported one.
     *
     * @param name its name
     * @param cell where it was declared ({@code Cell In[3]})
     */
    record Hiding(String name, String cell) {}

    /**
     * The note for a method just declared as {@code name} with {@code signature}, if it hides a
     * statically imported method; null otherwise.
     */
    String noteForDeclaration(String name, String signature) {
        String owner = imported.get(name);
        if (owner == null) return null;
        return "method " + signature + " hides " + owner + "." + name + "(...) in the cells after this one: a call to "
                + name + "(...) reaches yours, whatever its arguments; write " + owner + "." + name + "(...) for " + owner + "'s";
    }

    /**
     * The hints for a snippet that did not compile, with javac's {@code messages}, the snippet's
     * {@code source} and the learner's methods that hide imported ones ({@code hidings}); each hint
     * once, in the order of the messages.
     */
    List<String> forErrors(List<String> messages, String source, List<Hiding> hidings) {
        Set<String> out = new LinkedHashSet<>();
        for (String message : messages) {
            Matcher step = SHADOWED_STEP.matcher(message);
            if (step.find()) {
                out.add("hint: inside class " + step.group(2) + ", its own " + step.group(1) + "(...) hides the state loop's "
                        + step.group(1) + "(...); write Step." + step.group(1) + "(...) there");
            }
            Matcher ambiguous = AMBIGUOUS.matcher(message);
            String printing = printCall(source);
            String m = ambiguous.find() ? ambiguous.group(1)
                    : printing != null && message.contains("inference variable") && message.contains("incompatible bounds") ? printing : null;
            if ("send".equals(m) && NULL_ADDRESS.matcher(source).find()) {
                out.add("hint: null is no process: " + m + "(...) needs a pid (from spawn(...), self(), a message) or a registered name"
                        + " (a String); a variable that is null here was never given one");
            } else if (m != null) {
                out.add("hint: " + m + " has a version for each type, and the argument has no type yet: receive(...), GenServer.call(...),"
                        + " Agent.get(...) and Sys.getState(...) return whatever type the code around them asks for. Give it one first"
                        + " (String reply = receive(...); then " + m + "(reply)), or write " + m + "(String.valueOf(...))");
            }
            if (message.startsWith("no suitable method found for receive(")) {
                out.add("hint: receive comes in four forms: receive() takes the oldest message; receive(Type.class) the first of"
                        + " that type; receive(m -> ...) the first that the clause matches (null skips one); receive(m -> ..., 1000,"
                        + " () -> fallback) the same, giving up after 1000 ms (Erlang's after). To wait without a message: sleep(1000)");
            }
            Matcher missing = MISSING_METHOD.matcher(message);
            if (missing.find() && types.test(missing.group(1))) {
                out.add("hint: " + missing.group(1) + " is a type, not a method: write new " + missing.group(1) + "(...) to make one");
            } else if (missing.find(0) && PRINTING.contains(missing.group(1))) {
                String p = missing.group(1);
                out.add("hint: " + p + " alone is no method in Java: write " + (p.equals("printf") ? "System.out.printf(...)"
                        : "IO." + p + "(...) (it takes any value, even what receive(...) returns) or System.out." + p + "(...)"));
            }
            if (message.startsWith("the switch expression does not cover all possible input values")
                    && (source.contains("loop(") || source.contains("receive("))) {
                out.add("hint: a message can be anything, so a switch over one needs a default: default -> skip() in a state loop"
                        + " leaves the others in the mailbox (default -> null in receive(...))");
            }
            if (message.contains(HANDLE)) {
                out.add("hint: display(...) returns a DisplayHandle, not the id as a String (IJava's does): keep it with var h = display(...),"
                        + " change the output with h.update(value) or updateDisplay(h, value); h.id() is the id");
            }
        }
        for (String name : imported.keySet()) {
            String type = hidingClass(source, name);
            if (type != null && out.stream().noneMatch(h -> h.startsWith("hint: inside class " + type + ", its own " + name + "("))) {
                String owner = imported.get(name);
                out.add("hint: inside class " + type + ", its own " + name + "(...) hides " + owner + "." + name + "(...); write "
                        + owner + "." + name + "(...) there to call " + owner + "'s");
            }
        }
        for (Hiding h : hidings) {
            if (calls(source, h.name())) {
                String owner = imported.get(h.name());
                out.add("hint: your method " + h.name() + "(...) (" + h.cell() + ") hides " + owner + "." + h.name() + "(...), so " + h.name()
                        + "(...) here calls yours; write " + owner + "." + h.name() + "(...) to call " + owner + "'s, or rename yours");
            }
        }
        return new ArrayList<>(out);
    }

    /** The name of the printing method {@code source} calls ({@code println}, {@code print}, {@code printf}, {@code format}), or null. */
    static String printCall(String source) {
        for (String p : List.of("println", "print", "printf", "format", "valueOf")) {
            if (Pattern.compile("\\b" + p + "\\s*\\(").matcher(source).find()) return p;
        }
        return null;
    }

    /**
     * The class in {@code source} that declares a method {@code name} and calls {@code name(...)}
     * unqualified as well (its own method hides the imported one inside it), or null.
     */
    static String hidingClass(String source, String name) {
        JavaTokens t = JavaTokens.of(source);
        String type = null;
        boolean declared = false, called = false;
        for (int i = 0; i < t.size(); i++) {
            String w = t.at(i);
            if ((w.equals("class") || w.equals("record") || w.equals("enum") || w.equals("interface")) && t.isIdentifier(i + 1) && type == null) {
                type = t.at(i + 1);
            }
            if (!w.equals(name) || !t.at(i + 1).equals("(") || t.at(i - 1).equals(".") || t.at(i - 1).equals(":")) continue;
            String before = t.at(i - 1);
            boolean declaration = t.isIdentifier(i - 1) || before.equals(">") && !t.at(i - 2).equals("-") || before.equals("]")
                    || Set.of("void", "int", "long", "boolean", "double", "float", "char", "byte", "short").contains(before);
            if (declaration) declared = true;
            else called = true;
        }
        return type != null && declared && called ? type : null;
    }

    /** Whether {@code name} is statically imported (and so hidden by a method of that name). */
    boolean isImported(String name) {
        return imported.containsKey(name);
    }

    /** Whether {@code source} calls {@code name(...)} unqualified. */
    static boolean calls(String source, String name) {
        JavaTokens t = JavaTokens.of(source);
        for (int i = 0; i < t.size(); i++) {
            if (t.at(i).equals(name) && t.at(i + 1).equals("(") && !t.at(i - 1).equals(".") && !t.at(i - 1).equals(":")) return true;
        }
        return false;
    }

    /**
     * Whether a second error adds nothing to a first one on the same line: javac follows "reference to
     * println is ambiguous" with "inference variable R has incompatible bounds" for the same call.
     */
    static boolean echoes(String message, List<String> before) {
        return message.startsWith("incompatible types: inference variable") && before.stream().anyMatch(b -> AMBIGUOUS.matcher(b).find());
    }
}

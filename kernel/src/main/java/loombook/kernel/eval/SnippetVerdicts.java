package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * What JShell's verdict on a snippet means for a learner: compile errors placed in the cell with
 * hints ({@link CompileHints}), notes about declarations that wait for something not declared yet,
 * the message for a call to one of those, and the note for a method that hides an imported one.
 *
 * <pre>{@code
 * verdicts.compileErrors(code, piece, snippet, ref);   // [CompileError(Cell In[3], line 2, ...)]
 * }</pre>
 */
final class SnippetVerdicts {
    private final JShell shell;
    private final CompileHints hints;
    /** Where a snippet was written, by snippet id (null if unknown). */
    private final Function<String, CellRef> origin;

    SnippetVerdicts(JShell shell, CompileHints hints, Function<String, CellRef> origin) {
        this.shell = shell;
        this.hints = hints;
        this.origin = origin;
    }

    /** javac's messages without JShell's wrapper class names: a learner never wrote those. */
    static String clean(String message) {
        return CellFrames.cleanMessage(message).replaceAll("\\n\\s*location: class\\s*$", "").replace(" in class  ", " ");
    }

    /** The errors of a snippet that did not compile, placed in the cell, the hints under the last. */
    List<CompileError> compileErrors(String code, CodePiece piece, Snippet s, CellRef ref) {
        List<CompileError> out = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (Diag d : shell.diagnostics(s).filter(Diag::isError).toList()) {
            String message = clean(d.getMessage(Locale.ENGLISH));
            if (CompileHints.echoes(message, messages)) continue;
            messages.add(message);
            CompileError e = CompileError.place(code, piece, d.getStartPosition(), d.getPosition(), d.getEndPosition(), message, ref);
            if (!out.contains(e)) out.add(e);
        }
        if (out.isEmpty()) {
            out.add(CompileError.place(code, piece, 0, 0, piece.source().length(), piece.complete()
                    ? "this is not a Java declaration, statement or expression"
                    : "this code is not finished, or is not Java (a missing or extra brace, parenthesis or quote?)", ref));
        }
        List<String> found = hints.forErrors(messages, piece.source(), hidings());
        if (!found.isEmpty()) {
            CompileError last = out.removeLast();
            out.add(new CompileError(last.cell(), last.line(), last.column(), last.lineText(), last.markFrom(), last.markTo(),
                    last.message() + "\n" + String.join("\n", found)));
        }
        return List.copyOf(out);
    }

    /** The learner's methods that hide statically imported ones, with the cell each was declared in. */
    private List<CompileHints.Hiding> hidings() {
        List<CompileHints.Hiding> out = new ArrayList<>();
        shell.methods().filter(m -> shell.status(m).isActive() && hints.isImported(m.name())).forEach(m -> {
            CellRef where = origin.apply(m.id());
            out.add(new CompileHints.Hiding(m.name(), where == null ? "an earlier cell" : where.name()));
        });
        return out;
    }

    /** The note for a method just declared that hides a statically imported one, or null. */
    String hidingNote(Snippet s) {
        return s instanceof MethodSnippet m ? hints.noteForDeclaration(m.name(), m.name() + "(" + m.parameterTypes() + ")") : null;
    }

    /** Whether the event is a declaration JShell keeps although it waits for something (or has errors). */
    static boolean isRecoverable(SnippetEvent e) {
        return e.snippet() instanceof DeclarationSnippet
                && (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED);
    }

    /**
     * A recoverable declaration that lacks nothing but has errors of its own: JShell keeps a
     * declaration whose body does not compile as "recoverable" when it also fails to resolve a name
     * (a call to a method of the same name with other parameters, say), but the errors are the
     * learner's, and they say what to fix.
     */
    boolean brokenNotUnresolved(DeclarationSnippet d) {
        return shell.unresolvedDependencies(d).findAny().isEmpty() && shell.diagnostics(d).anyMatch(Diag::isError);
    }

    /** What a call to a declaration that waits for something says. */
    IllegalStateException unresolved(UnresolvedReferenceException u) {
        DeclarationSnippet d = u.getSnippet();
        String missing = shell.unresolvedDependencies(d).collect(Collectors.joining(", "));
        String errors = shell.diagnostics(d).filter(Diag::isError).map(x -> clean(x.getMessage(Locale.ENGLISH)))
                .distinct().collect(Collectors.joining("; "));
        IllegalStateException e = new IllegalStateException(describe(d) + " cannot be used until "
                + (!missing.isEmpty() ? missing + " is declared"
                        : !errors.isEmpty() ? "its errors are fixed: " + errors : "what it refers to is declared"));
        e.setStackTrace(u.getStackTrace());
        return e;
    }

    /**
     * Notes for the declarations of the cell that wait for something not declared: said once the
     * whole cell ran, for those still waiting (a class that uses a record declared further down the
     * same cell waited only until then).
     */
    List<String> stillWaiting(List<DeclarationSnippet> waiting) {
        List<String> out = new ArrayList<>();
        for (DeclarationSnippet d : waiting) {
            Snippet.Status now = shell.status(d);
            if (now != Snippet.Status.RECOVERABLE_DEFINED && now != Snippet.Status.RECOVERABLE_NOT_DEFINED) continue;
            String missing = shell.unresolvedDependencies(d).collect(Collectors.joining(", "));
            out.add(describe(d) + (now == Snippet.Status.RECOVERABLE_DEFINED ? " is defined, but cannot be used" : " cannot be defined")
                    + " until " + (missing.isEmpty() ? "what it refers to" : missing) + " is declared");
        }
        return out;
    }

    private static String describe(DeclarationSnippet d) {
        return switch (d) {
            case MethodSnippet m -> "method " + m.name() + "(" + m.parameterTypes() + ")";
            case TypeDeclSnippet t -> t.subKind().name().replace("_SUBKIND", "").toLowerCase(Locale.ROOT).replace('_', ' ') + " " + t.name();
            case VarSnippet v -> "variable " + v.name();
            default -> d.name();
        };
    }
}

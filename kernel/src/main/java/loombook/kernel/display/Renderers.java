package loombook.kernel.display;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of {@link Renderer}s: how values look in a notebook, both as a cell's result and
 * through {@link Display#display(Object)}. Lookup takes the most specific registration: the class
 * itself, then its superclasses, then its interfaces. Without one, a value is shown as text
 * ({@link ValueText}).
 *
 * <p>The kernel registers renderers for the runtime's types (pids, process info, process tables)
 * and for records; other parts of the kernel, and cells, add their own:
 *
 * <pre>{@code
 * Renderers.standard().register(Money.class, (m, all) -> MimeBundle.text(m.amount() + " " + m.currency()));
 * }</pre>
 *
 * <p>Thread-safe. A renderer that throws is reported in the text of the value instead.
 */
public final class Renderers {
    private static final Renderers STANDARD = BuiltinRenderers.registerAll(new Renderers());
    private static final int MAX_DEPTH = 6;

    private final Map<Class<?>, Renderer<?>> byType = new ConcurrentHashMap<>();
    private final Map<Class<?>, Optional<Renderer<?>>> resolved = new ConcurrentHashMap<>();
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    /** An empty registry (tests); notebooks use {@link #standard()}. */
    public Renderers() {}

    /** The registry notebooks use. */
    public static Renderers standard() {
        return STANDARD;
    }

    /** Renders values of {@code type} and its subtypes with {@code renderer} (replacing an earlier one). */
    public <T> void register(Class<T> type, Renderer<? super T> renderer) {
        byType.put(Objects.requireNonNull(type), Objects.requireNonNull(renderer));
        resolved.clear();
    }

    /**
     * The bundle for {@code value}; null if its renderer says it shows nothing (a display handle).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public MimeBundle render(Object value) {
        if (value == null) return MimeBundle.text("null");
        Optional<Renderer<?>> r = resolved.computeIfAbsent(value.getClass(), this::lookup);
        if (r.isEmpty()) return MimeBundle.text(ValueText.of(value));
        int[] d = depth.get();
        if (d[0] >= MAX_DEPTH) return MimeBundle.text(ValueText.of(value));
        d[0]++;
        try {
            return ((Renderer) r.get()).render(value, this);
        } catch (RuntimeException | StackOverflowError e) {
            return MimeBundle.text(ValueText.of(value) + "\n(its renderer failed: " + e + ")");
        } finally {
            d[0]--;
        }
    }

    /** As {@link #render}, but never null: what {@code display(value)} shows. */
    public MimeBundle renderOrText(Object value) {
        MimeBundle b = render(value);
        return b != null ? b : MimeBundle.text(ValueText.of(value));
    }

    /** HTML for {@code value} inside another value's HTML: its own HTML, or its text escaped. */
    public String inlineHtml(Object value) {
        MimeBundle b = render(value);
        if (b == null) return "";
        Object html = b.data().get("text/html");
        return html != null ? html.toString() : "<code>" + Html.escape(b.plainText()) + "</code>";
    }

    private Optional<Renderer<?>> lookup(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Renderer<?> r = byType.get(c);
            if (r != null && c != Object.class) return Optional.of(r);
        }
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) queue.addAll(java.util.List.of(c.getInterfaces()));
        while (!queue.isEmpty()) {
            Class<?> i = queue.poll();
            if (!seen.add(i)) continue;
            Renderer<?> r = byType.get(i);
            if (r != null) return Optional.of(r);
            queue.addAll(java.util.List.of(i.getInterfaces()));
        }
        return Optional.ofNullable(byType.get(Object.class));
    }
}

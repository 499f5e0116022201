package loombook.kernel.display;

/**
 * Renders values of one type for a notebook. Register one with
 * {@link Renderers#register(Class, Renderer)}; it is used for that type and its subtypes (the most
 * specific registration wins).
 *
 * <pre>{@code
 * Renderers.standard().register(Temperature.class, (t, all) ->
 *         MimeBundle.html("<b>" + t.celsius() + " &deg;C</b>", t.celsius() + " °C"));
 * }</pre>
 *
 * @param <T> the type it renders
 */
@FunctionalInterface
public interface Renderer<T> {
    /**
     * The bundle for {@code value}, or null to show nothing at all (as for a display handle).
     * {@code all} renders nested values (a record's components, a list's elements).
     */
    MimeBundle render(T value, Renderers all);
}

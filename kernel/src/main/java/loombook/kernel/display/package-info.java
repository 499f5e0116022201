/**
 * Rich output: how values look in a notebook and how a cell (or any process it started) shows
 * them. A value is rendered by the most specific {@link loombook.kernel.display.Renderer}
 * registered in {@link loombook.kernel.display.Renderers} into a
 * {@link loombook.kernel.display.MimeBundle} (plain text always; HTML, SVG...); pids, process info,
 * records and the runtime's values have renderers built in.
 *
 * <p>The entry class is {@link loombook.kernel.display.Display}, whose methods every cell imports:
 * {@code display(value)} returns a {@link loombook.kernel.display.DisplayHandle} that can replace
 * that output later, from any process; {@code html}, {@code markdown} and {@code svg} wrap text of
 * those kinds. Where a display goes is the notebook's business ({@link loombook.kernel.display.DisplaySink}).
 *
 * <p>This floor uses the runtime's public API (to render its values) and nothing else of the kernel.
 *
 * <pre>{@code
 * DisplayHandle h = display("working...");
 * h.update(html("<b>done</b>"));
 * }</pre>
 */
package loombook.kernel.display;

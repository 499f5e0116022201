/**
 * Magics: lines of a cell that start with {@code %name} ({@link loombook.kernel.magic.LineMagic})
 * and cells whose first line is {@code %%name} ({@link loombook.kernel.magic.CellMagic}), found by
 * {@link loombook.kernel.magic.MagicParser} and run in their place among the cell's Java code:
 * {@code %maven}, {@code %classpath}, {@code %load}, {@code %time} and {@code %%time},
 * {@code %processes}, {@code %kill}, {@code %restart_runtime}, {@code %settings}, {@code %%trace},
 * {@code %lsmagic}.
 *
 * <p>The entry class is the registry, {@link loombook.kernel.magic.Magics}
 * ({@link loombook.kernel.magic.BuiltinMagics#create()} makes one with the kernel's magics). A
 * magic sees the notebook only through {@link loombook.kernel.magic.MagicContext} (run code as part
 * of the cell, change the class path, restart the runtime), and reports a mistake of the user's
 * with a {@link loombook.kernel.magic.MagicException} that says how to write it instead.
 *
 * <p>This floor uses display, the visual tools and the runtime's public API.
 *
 * <pre>{@code
 * %lsmagic
 * }</pre>
 */
package loombook.kernel.magic;

package loombook.kernel.magic;

import java.util.List;

/**
 * A cell split into Java code and magics.
 *
 * @param cellMagic the cell magic's name if the cell starts with {@code %%name}, else null
 * @param cellMagicArgs its arguments (the rest of the first line)
 * @param cellMagicBody the cell after the first line, for a cell magic
 * @param parts for a cell without a cell magic: its code and line magics in order
 */
public record ParsedCell(String cellMagic, String cellMagicArgs, String cellMagicBody, List<MagicLine> parts) {}

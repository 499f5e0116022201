package loombook.kernel.magic;

import loombook.kernel.display.Display;
import loombook.kernel.visual.SequenceDiagram;
import loombook.kernel.visual.Trace;

/**
 * {@code %%trace}: runs the cell and shows the message sequence diagram of what it did (the
 * processes the cell's code touched), as {@code trace(() -> ...)} does for a block.
 */
final class TraceMagic implements CellMagic {
    @Override
    public String name() {
        return "trace";
    }

    @Override
    public String usage() {
        return "%%trace [--all]";
    }

    @Override
    public String help() {
        return "Runs the cell and then shows a message sequence diagram of what it did: spawns, sends, receives, "
                + "calls and replies, casts, DOWN and EXIT signals, exits, between the notebook's process and the "
                + "processes it touched. --all shows every process that did something meanwhile.";
    }

    @Override
    public Object run(String args, String body, MagicContext context) throws MagicException {
        boolean all = false;
        for (String a : args.trim().split("\\s+")) {
            if (a.isEmpty()) continue;
            if (a.equals("--all")) all = true;
            else throw new MagicException("unknown option '" + a + "'; usage: " + usage());
        }
        Trace trace = Trace.start(all ? null : context.notebookProcess());
        boolean ok = false;
        SequenceDiagram d;
        try {
            ok = context.evaluate(body, 1);
        } finally {
            d = trace.stop(ok ? 300 : 100);
        }
        if (ok || !d.steps().isEmpty()) Display.display(d);
        return null;
    }
}

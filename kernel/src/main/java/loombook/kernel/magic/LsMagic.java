package loombook.kernel.magic;

import loombook.kernel.display.Html;
import loombook.kernel.display.MimeBundle;

/** {@code %lsmagic}: lists every magic with what it does. */
final class LsMagic implements LineMagic {
    @Override
    public String name() {
        return "lsmagic";
    }

    @Override
    public String usage() {
        return "%lsmagic";
    }

    @Override
    public String help() {
        return "Lists the magics.";
    }

    @Override
    public Object run(String args, MagicContext context) {
        StringBuilder text = new StringBuilder("Line magics (a line that starts with %name):\n");
        StringBuilder html = new StringBuilder("<table style=\"border-collapse:collapse\"><tr><th colspan=\"2\" style=\"text-align:left\">Line magics</th></tr>");
        for (LineMagic m : context.magics().lineMagics()) {
            text.append(String.format("  %-44s %s%n", m.usage(), m.help()));
            html.append(row(m.usage(), m.help()));
        }
        text.append("Cell magics (a first line %%name, for the whole cell):\n");
        html.append("<tr><th colspan=\"2\" style=\"text-align:left\">Cell magics</th></tr>");
        for (CellMagic m : context.magics().cellMagics()) {
            text.append(String.format("  %-44s %s%n", m.usage(), m.help()));
            html.append(row(m.usage(), m.help()));
        }
        html.append("</table>");
        return MimeBundle.html(html.toString(), text.toString().stripTrailing());
    }

    private static String row(String usage, String help) {
        return "<tr><td style=\"text-align:left;padding:2px 8px\"><code>" + Html.escape(usage)
                + "</code></td><td style=\"text-align:left;padding:2px 8px\">" + Html.escape(help) + "</td></tr>";
    }
}

package loombook.kernel.notebook;

import java.nio.file.Path;
import loombook.kernel.notebook.TestCells.Ran;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class whose tests run cells in one notebook, started before the first and closed after
 * the last (test classes run one after the other).
 */
abstract class CellsTest {
    static TestCells cells;
    static Notebook nb;
    /** The notebook's working directory. */
    static Path dir;

    @BeforeAll
    static void startNotebook(@TempDir Path tmp) {
        dir = tmp;
        cells = new TestCells(tmp);
        nb = cells.nb;
    }

    @AfterAll
    static void stopNotebook() {
        cells.close();
    }

    /** Runs {@code code} as the next cell. */
    static Ran run(String code) {
        return cells.run(code);
    }
}

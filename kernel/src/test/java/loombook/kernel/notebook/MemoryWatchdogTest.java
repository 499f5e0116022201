package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory watchdog's pieces that need no full heap: its setting, its messages, the variables of a cell. */
class MemoryWatchdogTest {
    @Test
    void theVariablesACellDeclaresAreFoundWithoutJShell() {
        assertEquals(List.of("hog", "n", "grid", "m"), MemoryWatchdog.declaredIn("""
                var hog = new ArrayList<long[]>();
                final int n = 3;
                long[][] grid = new long[n][n];
                Map<String, List<Integer>> m = new HashMap<>();
                hog.add(new long[10]);
                n == 3
                """.replace("final int n", "final Integer n")));
    }

    @Test
    void theSettingTakesZeroOrFiftyToNinetyNine() {
        int before = MemoryWatchdog.stopPercent();
        try {
            MemoryWatchdog.stopPercent(0);
            MemoryWatchdog.stopPercent(75);
            assertEquals(75, MemoryWatchdog.stopPercent());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryWatchdog.stopPercent(100));
            assertTrue(e.getMessage().contains("between 50 and 99"), e.getMessage());
        } finally {
            MemoryWatchdog.stopPercent(before);
        }
    }

    @Test
    void aStoppedCellSaysWhyAndWhatToDoWithItsVariables() {
        String kept = MemoryWatchdog.cellStopped("the heap was 91% full", new MemoryWatchdog.Held(List.of("hog"), List.of()));
        assertTrue(kept.contains("running out of memory: the heap was 91% full") && kept.contains("hog = null;"), kept);
        String cleared = MemoryWatchdog.cellStopped("the heap was 91% full", new MemoryWatchdog.Held(List.of("hog"), List.of("ArrayList<long[]> hog")));
        assertTrue(cleared.contains("set this cell's variables to null") && cleared.contains("ArrayList<long[]> hog"), cleared);
    }
}

package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracebacksTest {
    @Test
    void aRecursionIsCollapsedAndTheTotalIsCapped() {
        List<String> lines = new ArrayList<>(Collections.nCopies(1000, "    at down (Cell In[1], line 1)"));
        lines.add("    at Cell In[1], line 2");
        List<String> out = Tracebacks.collapse(lines);
        assertEquals(List.of("    at down (Cell In[1], line 1)", "    at down (Cell In[1], line 1)", "    at down (Cell In[1], line 1)",
                "    ... the same line 997 more times (a recursion that does not end?)", "    at Cell In[1], line 2"), out);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) many.add("    at f" + i);
        List<String> capped = Tracebacks.collapse(many);
        assertEquals(41, capped.size());
        assertEquals("    ... 60 more frames", capped.getLast());
    }

    @Test
    void methodsThatCallEachOtherAreCollapsedToo() {
        List<String> lines = new ArrayList<>();
        lines.add("    at top (Cell In[2], line 5)");
        for (int i = 0; i < 500; i++) {
            lines.add("    at g (Cell In[1], line 2)");
            lines.add("    at f (Cell In[1], line 1)");
        }
        lines.add("    at Cell In[3], line 1");
        assertEquals(List.of("    at top (Cell In[2], line 5)",
                "    at g (Cell In[1], line 2)", "    at f (Cell In[1], line 1)", "    at g (Cell In[1], line 2)", "    at f (Cell In[1], line 1)",
                "    ... the same 2 lines 498 more times (methods that call each other without end?)",
                "    at Cell In[3], line 1"), Tracebacks.collapse(lines));
        assertEquals(new Tracebacks.Repeat(1, 2, 500), Tracebacks.firstRepeat(lines));
        List<String> odd = new ArrayList<>(lines.subList(0, 1000));      // the stack cut in the middle of a turn
        List<String> cut = Tracebacks.collapse(odd);
        assertEquals("    ... the same 2 lines 497 more times (methods that call each other without end?)", cut.get(5));
        assertEquals(List.of("    at g (Cell In[1], line 2)"), cut.subList(6, cut.size()), "the half turn left over");
    }
}

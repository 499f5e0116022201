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
}

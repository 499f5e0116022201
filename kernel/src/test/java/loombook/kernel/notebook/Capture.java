package loombook.kernel.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A cell's output, captured: what a frontend would show under the cell, in order. */
final class Capture implements CellOutput {
    record Event(String kind, String text, Map<String, Object> data, String displayId, long atNanos) {}

    private final List<Event> events = new ArrayList<>();
    volatile String input;

    @Override
    public synchronized void stdout(String text) {
        events.add(new Event("stdout", text, null, null, System.nanoTime()));
        notifyAll();
    }

    @Override
    public synchronized void stderr(String text) {
        events.add(new Event("stderr", text, null, null, System.nanoTime()));
        notifyAll();
    }

    @Override
    public synchronized void display(Map<String, Object> data, Map<String, Object> metadata, String displayId, boolean update) {
        events.add(new Event(update ? "update" : "display", String.valueOf(data.get("text/plain")), data, displayId, System.nanoTime()));
        notifyAll();
    }

    @Override
    public String readLine(String prompt, boolean password) {
        return input;
    }

    synchronized String stdout() {
        return join("stdout");
    }

    synchronized String stderr() {
        return join("stderr");
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    private String join(String kind) {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) if (e.kind().equals(kind)) sb.append(e.text());
        return sb.toString();
    }

    /** Waits until the captured text of {@code kind} satisfies {@code p}; returns whether it did. */
    synchronized boolean await(String kind, Predicate<String> p, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!p.test(join(kind))) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }
}

package loombook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the actors of an exploration (its processes and timers) as small numbers, the same
 * in every run. A process is named by descent: "0" is the scenario's process, "1" and "2" the first
 * two it spawned, "1.1" the first that "1" spawned; a timer by the process that started it and its
 * number there ("0t1"). Two runs that spawn in another order still give each process the same name.
 */
final class Actors {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    /** The number of {@code name}, given on first sight. */
    int id(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            id = names.size();
            ids.put(name, id);
            names.add(name);
        }
        return id;
    }

    String name(int id) {
        return names.get(id);
    }

    /** The numbers of a schedule written as names. */
    int[] ids(List<String> schedule) {
        int[] a = new int[schedule.size()];
        for (int i = 0; i < a.length; i++) a[i] = id(schedule.get(i));
        return a;
    }
}

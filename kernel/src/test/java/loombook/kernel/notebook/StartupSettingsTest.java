package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import loombook.Node;
import org.junit.jupiter.api.Test;

class StartupSettingsTest {
    @Test
    void appliesEachNameValueAndReportsTheOnesItCannot() {
        int limit = Node.processLimit();
        double quiet = QuietOutput.quietAfterMinutes();
        try {
            List<String> problems = StartupSettings.apply("  processLimit=12345   quietAfterMinutes=2.5 noSuchThing=1 mailboxWarning=lots ");
            assertEquals(12_345, Node.processLimit());
            assertEquals(2.5, QuietOutput.quietAfterMinutes());
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("noSuchThing=1: there is no setting noSuchThing; the settings are "), problems.get(0));
            assertTrue(problems.get(0).contains("processLimit"), problems.get(0));
            assertTrue(problems.get(1).contains("mailboxWarning takes a whole number, not 'lots'"), problems.get(1));
        } finally {
            Node.processLimit(limit);
            QuietOutput.quietAfterMinutes(quiet);
        }
    }

    @Test
    void nothingGivenIsNothingToDo() {
        assertTrue(StartupSettings.apply(null).isEmpty());
        assertTrue(StartupSettings.apply("   ").isEmpty());
        assertEquals(List.of("processLimit: 'processLimit' is not NAME=VALUE"), StartupSettings.apply("processLimit"));
    }
}

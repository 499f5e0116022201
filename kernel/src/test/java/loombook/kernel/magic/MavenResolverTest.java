package loombook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenResolverTest {
    @Test
    void anUnreachableCentralIsExplainedAsBeingOffline(@TempDir Path repo) {
        MavenResolver r = new MavenResolver(repo, "http://127.0.0.1:1/maven2");
        MagicException e = assertThrows(MagicException.class, () -> r.resolve(List.of("org.apache.commons:commons-text:1.12.0"), List.of()));
        assertTrue(e.getMessage().startsWith("cannot reach Maven Central (http://127.0.0.1:1/maven2/)"), e.getMessage());
        assertTrue(e.getMessage().contains("Without a network only artifacts already in " + repo), e.getMessage());
    }

    @Test
    void aCoordinateThatIsNotOneSaysHowToWriteIt(@TempDir Path repo) {
        MavenResolver r = new MavenResolver(repo, "http://127.0.0.1:1/maven2");
        MagicException e = assertThrows(MagicException.class, () -> r.resolve(List.of("commons-text"), List.of()));
        assertTrue(e.getMessage().contains("group:artifact:version"), e.getMessage());
    }
}

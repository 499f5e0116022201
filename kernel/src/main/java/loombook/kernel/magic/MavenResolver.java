package loombook.kernel.magic;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves Maven coordinates and everything they depend on (runtime scope) from Maven Central
 * into the local Maven repository ({@code ~/.m2/repository}, or {@code -Dmaven.repo.local}), with
 * Maven's own resolver, so parents, BOMs, properties, exclusions and version ranges work as in a
 * Maven build. Its classes load on the first {@code %maven}, and not before.
 */
final class MavenResolver {
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private final RepositorySystem system;
    private final Path localRepository;
    private final String central;

    /**
     * A resolver with the local repository of {@code -Dmaven.repo.local} or
     * {@code LOOMBOOK_MAVEN_REPO} (default {@code ~/.m2/repository}) and Maven Central (or the mirror
     * of {@code LOOMBOOK_MAVEN_CENTRAL}).
     */
    MavenResolver() {
        this(localRepositoryFromEnvironment(), setting("loombook.maven.central", "LOOMBOOK_MAVEN_CENTRAL", CENTRAL));
    }

    MavenResolver(Path localRepository, String central) {
        this.system = new RepositorySystemSupplier().get();
        this.localRepository = localRepository;
        this.central = central.endsWith("/") ? central : central + "/";
    }

    private static Path localRepositoryFromEnvironment() {
        String local = System.getProperty("maven.repo.local");
        if (local == null) local = System.getenv("LOOMBOOK_MAVEN_REPO");
        return local != null && !local.isBlank() ? Path.of(local) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static String setting(String property, String env, String dflt) {
        String v = System.getProperty(property);
        if (v == null) v = System.getenv(env);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** Where artifacts are cached. */
    Path localRepository() {
        return localRepository;
    }

    /**
     * The jars of {@code coordinates} ({@code group:artifact:version}, or
     * {@code group:artifact:extension:classifier:version}) and of their runtime dependencies, in
     * class-path order. {@code repositories} are searched after Maven Central.
     */
    List<Path> resolve(List<String> coordinates, List<String> repositories) throws MagicException {
        CollectRequest collect = new CollectRequest();
        for (String c : coordinates) {
            try {
                collect.addDependency(new Dependency(new DefaultArtifact(c), JavaScopes.RUNTIME));
            } catch (IllegalArgumentException e) {
                throw new MagicException("'" + c + "' is not a Maven coordinate: write group:artifact:version, "
                        + "like %maven org.apache.commons:commons-lang3:3.17.0");
            }
        }
        List<RemoteRepository> repos = new ArrayList<>();
        repos.add(new RemoteRepository.Builder("central", "default", central).build());
        int n = 0;
        for (String r : repositories) repos.add(new RemoteRepository.Builder("repo" + (++n), "default", r).build());
        collect.setRepositories(repos);
        try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setSystemProperties(System.getProperties())
                .setConfigProperty("aether.transport.http.connectTimeout", 10_000)
                .setConfigProperty("aether.transport.http.requestTimeout", 60_000)
                .setConfigProperty("aether.transport.http.retryHandler.count", 1)
                .build()) {
            DependencyResult result = system.resolveDependencies(session,
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME)));
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult a : result.getArtifactResults()) {
                if (a.getArtifact() != null && a.getArtifact().getPath() != null) jars.add(a.getArtifact().getPath());
            }
            return jars;
        } catch (Exception e) {
            throw explain(e, coordinates);
        }
    }

    private MagicException explain(Exception e, List<String> coordinates) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return new MagicException("cannot reach Maven Central (" + central + "): " + t
                        + ". Without a network only artifacts already in " + localRepository + " can be used.", e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ArtifactNotFoundException nf) {
                return new MagicException("not found in Maven Central: " + nf.getArtifact()
                        + ". Check the group, artifact and version (search.maven.org lists them).", e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return new MagicException("cannot resolve " + String.join(" ", coordinates) + ": " + root.getMessage(), e);
    }
}

package loombook;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that change {@link Node#schedulers(int)}: puts the number back after each test, so that
 * the next test class runs with what the JVM started with. Use with {@code @ExtendWith} on an
 * {@code @Isolated} class (the number is the whole node's).
 */
public final class KeepsSchedulers implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace HERE = ExtensionContext.Namespace.create(KeepsSchedulers.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(HERE).put("schedulers", Node.schedulers());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Node.schedulers(context.getStore(HERE).get("schedulers", Integer.class));
    }
}

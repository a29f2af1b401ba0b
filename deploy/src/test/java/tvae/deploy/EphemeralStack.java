package tvae.deploy;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throw-away {@link LocalStack} for one test class: {@code @RegisterExtension static final EphemeralStack STACK = new
 * EphemeralStack(1);} starts it before the class's first test and closes it after the last.
 */
final class EphemeralStack implements BeforeAllCallback, AfterAllCallback {
    private final int brokers;
    private LocalStack stack;

    EphemeralStack(int brokers) {
        this.brokers = brokers;
    }

    LocalStack stack() {
        if (stack == null) {
            throw new IllegalStateException("the stack starts before the test class's first test");
        }
        return stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stack = LocalStack.startEphemeral(brokers);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stack.close();
    }
}

package tvae.evaluator.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs a database transaction until it commits, waiting out an unreachable database (a restart, a crash, a full
 * connection pool). The caller acknowledges its Kafka record only after this returns, so an outage delays consumption
 * but loses nothing. Errors the database gives for the data itself are not retried: they surface as
 * {@link RefusedByDatabase}, which the consumer dead-letters.
 */
@ApplicationScoped
public class DatabaseOutageRetry {
    private static final Logger LOG = Logger.getLogger(DatabaseOutageRetry.class);

    /** {@code tvae.database-retry.*}: the first wait, doubled after each failed attempt up to the longest. */
    @ConfigMapping(prefix = "tvae.database-retry")
    public interface Settings {
        @WithName("initial-ms")
        long initialMillis();

        @WithName("max-ms")
        long maxMillis();
    }

    @Inject
    Settings settings;

    private final AtomicLong waits = new AtomicLong();

    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    public <T> T untilCommitted(String what, Work<T> work) {
        long wait = settings.initialMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (!isOutage(e)) {
                    throw new RefusedByDatabase(e);
                }
                waits.incrementAndGet();
                LOG.warnf("database unreachable while storing %s (attempt %d, next in %d ms): %s", what, attempt, wait, e.getMessage());
                sleep(wait);
                wait = Math.min(settings.maxMillis(), wait * 2);
            }
        }
    }

    /** How many times a transaction found the database unreachable and waited: work held back, not lost. */
    public long outageWaits() {
        return waits.get();
    }

    /**
     * SQLSTATE class 08 is a broken connection, 57P0x the server shutting down or starting, 53 out of resources; the
     * pool reports its own acquisition timeout without a state. Anything else is the database's answer to the data.
     */
    static boolean isOutage(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the database");
        }
    }
}

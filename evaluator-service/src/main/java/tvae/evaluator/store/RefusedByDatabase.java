package tvae.evaluator.store;

import java.sql.SQLException;

/** The database rejected an event's data (a constraint, a value out of range): retrying would fail the same way. */
public class RefusedByDatabase extends RuntimeException {
    public RefusedByDatabase(SQLException cause) {
        super("database refused the event: " + cause.getMessage(), cause);
    }
}

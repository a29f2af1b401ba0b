package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PostgresServer;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SchemaMigrationTest {
    private static final Set<String> RELATIONS = Set.of("runs", "training_progress", "checkpoints", "samples",
            "probe_results", "probe_parts", "validity_by_ratio", "checkpoint_summary", "loss_curve", "run_summary",
            "interpolation_table", "interpolation_verdicts", "digit_paths", "edit_outcomes", "edit_success");

    @Test
    void migratesAnEmptyDatabaseAndLeavesAMigratedOneAlone() throws Exception {
        PostgresServer postgres = LocalStackTestResource.stack().postgres();
        // The application role may not create databases: the cluster's superuser makes one and hands it over.
        try (Connection admin = postgres.connectAsAdmin("postgres")) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS migration_check");
            admin.createStatement().execute("CREATE DATABASE migration_check OWNER " + PostgresServer.USER);
        }
        String url = postgres.jdbcUrl().replace("/" + PostgresServer.DATABASE, "/migration_check");
        String password = LocalStackTestResource.stack().secrets().databasePassword();
        Flyway flyway = Flyway.configure().dataSource(url, PostgresServer.USER, password).load();

        MigrateResult first = flyway.migrate();
        assertTrue(first.migrationsExecuted >= 1, "an empty database gets every migration");
        assertTrue(relations(url).containsAll(RELATIONS), "created: " + relations(url));

        MigrateResult second = flyway.migrate();
        assertEquals(0, second.migrationsExecuted, "a migrated database is left alone");
        flyway.validate();
    }

    @Test
    void theServiceMigratedItsOwnDatabaseOnStart() throws Exception {
        assertTrue(relations(LocalStackTestResource.stack().postgres().jdbcUrl()).containsAll(RELATIONS));
    }

    private static Set<String> relations(String url) throws Exception {
        Set<String> names = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER,
                LocalStackTestResource.stack().secrets().databasePassword());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}

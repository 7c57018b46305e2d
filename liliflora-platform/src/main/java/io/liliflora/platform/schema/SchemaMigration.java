package io.liliflora.platform.schema;

import io.liliflora.platform.ServiceIdentity;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings this WAR's schema to the newest version before the application serves anything.
 * Migrations live in {@code db/migration/<service>/V<n>__<what>.sql}; Flyway's lock keeps two
 * servers starting at once from migrating twice.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Inject
    ServiceIdentity service;

    @Inject
    DataSource dataSource;

    private volatile int applied = -1;

    void onStart(@Observes @Priority(1) @Initialized(ApplicationScoped.class) Object ignored) {
        migrate();
    }

    public synchronized void migrate() {
        if (applied >= 0) {
            return;
        }
        // Class-path scanning inside a WAR finds nothing unless the location folder holds a file
        // of its own (the empty marker each migration folder carries). Flyway also always probes
        // db/callback; this jar carries an empty one so that probe does not log an error.
        Flyway flyway = Flyway.configure(Thread.currentThread().getContextClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + service.name())
                .failOnMissingLocations(true)
                // The order schema also holds the EJB timer tables, which Liberty may create
                // first: treat such a schema as version 0 and apply every migration.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        MigrateResult result = flyway.migrate();
        applied = result.migrationsExecuted;
        LOG.info(() -> service.name() + " schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migration(s) applied now)");
    }
}

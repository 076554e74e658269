package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PostgresTest {

    @Test
    void schemaFileListMatchesTheSqlFolderInDockerEntrypointOrder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "sql"))) {
            assertThat(Postgres.SCHEMA_FILES)
                    .isEqualTo(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".sql"))
                            .sorted()
                            .toList());
        }
        for (String file : Postgres.SCHEMA_FILES) {
            assertThat(Postgres.readSchemaFile(file)).containsAnyOf("CREATE", "ALTER TABLE");
        }
    }

    @Test
    void databaseAndMaintenanceUrlComeFromTheJdbcUrl() {
        String url = "jdbc:postgresql://db.example:6543/heartbeat?ssl=true";

        assertThat(Postgres.databaseName(url)).isEqualTo("heartbeat");
        assertThat(Postgres.maintenanceUrl(url)).isEqualTo("jdbc:postgresql://db.example:6543/postgres?ssl=true");
        assertThatThrownBy(() -> Postgres.databaseName("jdbc:postgresql://db.example:6543/"))
                .hasMessageContaining("names no database");
    }
}

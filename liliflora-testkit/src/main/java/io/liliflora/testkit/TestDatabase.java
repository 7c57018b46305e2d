package io.liliflora.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Raw JDBC into the test servers' schemas, to check what really reached the disk. */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static String schema(String service) {
        return System.getProperty("it.db.prefix", "liliflora_it_") + service;
    }

    public static Connection connect(String service) throws SQLException {
        String host = env("LILIFLORA_DB_HOST", "127.0.0.1");
        String port = env("LILIFLORA_DB_PORT", "3306");
        return DriverManager.getConnection("jdbc:mysql://" + host + ":" + port + "/" + schema(service)
                        + "?useSSL=false&allowPublicKeyRetrieval=true&connectionTimeZone=UTC",
                env("LILIFLORA_DB_USER", "root"), env("LILIFLORA_DB_PASSWORD", ""));
    }

    /** Every row of a query as column-name maps (column labels in lower case). */
    public static List<Map<String, Object>> rows(String service, String sql, Object... params) {
        try (Connection c = connect(service); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static int update(String service, String sql, Object... params) {
        try (Connection c = connect(service); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}

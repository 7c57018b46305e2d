package io.liliflora.catalog.stock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several SQL statements sent to MariaDB as one multi-statement request (the data source has
 * {@code allowMultiQueries}). A lock holder's turn is bounded by round trips, not by the work
 * MariaDB does per row, so the ledger reads and the whole ledger write each cost one. The server
 * stops at the first statement that fails, and that failure is thrown here.
 */
final class RoundTrip {

    /** Reads one result set of the round trip, in statement order. */
    interface Rows {
        void read(ResultSet rs) throws SQLException;
    }

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    /** Appends a statement; its {@code ?} are bound to values in order. */
    RoundTrip add(String statement, Object... values) {
        if (!sql.isEmpty()) {
            sql.append(";\n");
        }
        sql.append(statement);
        params.addAll(List.of(values));
        return this;
    }

    /** Appends a statement whose placeholders are bound by the caller-built list. */
    RoundTrip add(String statement, List<Object> values) {
        if (!sql.isEmpty()) {
            sql.append(";\n");
        }
        sql.append(statement);
        params.addAll(values);
        return this;
    }

    boolean isEmpty() {
        return sql.isEmpty();
    }

    /**
     * Runs everything in one request. Every result is walked, so an error in any statement
     * surfaces here; result sets go to {@code readers} in order.
     */
    void run(Connection c, Rows... readers) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            boolean isResultSet = s.execute();
            int read = 0;
            while (true) {
                if (isResultSet) {
                    try (ResultSet rs = s.getResultSet()) {
                        if (read < readers.length) {
                            readers[read].read(rs);
                        }
                        read++;
                    }
                } else if (s.getUpdateCount() == -1) {
                    return;
                }
                isResultSet = s.getMoreResults();
            }
        }
    }

    /** {@code ?, ?, ?} for an IN list. */
    static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }
}

package io.liliflora.platform.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Instants as TIMESTAMP(3) columns (the JVM and the schema both run in UTC). EclipseLink here
 * would otherwise serialise an Instant into the column. A WAR lists this class in its
 * persistence.xml: classes of WEB-INF/lib jars are not scanned for the persistence unit.
 */
@Converter(autoApply = true)
public class InstantColumn implements AttributeConverter<Instant, Timestamp> {

    @Override
    public Timestamp convertToDatabaseColumn(Instant value) {
        return value == null ? null : Timestamp.from(value);
    }

    @Override
    public Instant convertToEntityAttribute(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}

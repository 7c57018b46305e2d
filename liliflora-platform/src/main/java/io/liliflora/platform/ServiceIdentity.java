package io.liliflora.platform;

/**
 * Which WAR this is ({@code user}, {@code catalog}, {@code order}); names schemas, Redis key
 * prefixes and health checks. Each WAR produces its own: MP Config in an EAR is per
 * application, so a WAR's own properties file cannot tell the WARs apart.
 */
public record ServiceIdentity(String name) {
}

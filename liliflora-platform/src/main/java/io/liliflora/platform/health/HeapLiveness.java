package io.liliflora.platform.health;

import io.liliflora.platform.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive unless the heap is nearly exhausted after the collector had its chance: the one state a
 * restart cures. Dependencies being down is readiness, not liveness.
 */
@Liveness
@ApplicationScoped
public class HeapLiveness implements HealthCheck {

    @Inject
    ServiceIdentity service;

    @Inject
    @ConfigProperty(name = "liliflora.health.max-heap-ratio", defaultValue = "0.95")
    double maxHeapRatio;

    @Override
    public HealthCheckResponse call() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        double ratio = (double) used / rt.maxMemory();
        return HealthCheckResponse.named(service.name() + "-heap")
                .status(ratio < maxHeapRatio)
                .withData("usedMiB", used >> 20)
                .withData("maxMiB", rt.maxMemory() >> 20)
                .build();
    }
}

package io.liliflora.platform.health;

import io.liliflora.platform.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import redis.clients.jedis.UnifiedJedis;

/** Ready only while Redis answers a PING. */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    @Inject
    ServiceIdentity service;

    @Inject
    UnifiedJedis redis;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named(service.name() + "-redis");
        try {
            return response.status("PONG".equals(redis.ping())).build();
        } catch (Exception e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}

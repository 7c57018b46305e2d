package io.liliflora.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * REST client headers for internal calls: the service's own token, never the shopper's.
 * Use with {@code @RegisterClientHeaders(ServiceAuthHeaders.class)}.
 */
@ApplicationScoped
public class ServiceAuthHeaders implements ClientHeadersFactory {

    @Inject
    ServiceTokens tokens;

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        // A client RESTEasy built without CDI instantiates this class itself: look the bean up then.
        ServiceTokens source = tokens != null ? tokens : CDI.current().select(ServiceTokens.class).get();
        headers.putSingle("Authorization", "Bearer " + source.bearer());
        return headers;
    }
}

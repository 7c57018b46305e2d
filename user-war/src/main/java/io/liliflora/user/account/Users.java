package io.liliflora.user.account;

import io.liliflora.user.crypto.Macs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Finds accounts; by email only through the blind index. */
@ApplicationScoped
public class Users {

    @PersistenceContext(unitName = "user")
    EntityManager em;

    @Inject
    Macs macs;

    public Optional<User> byEmail(String normalisedEmail) {
        return em.createNamedQuery("User.byEmailIndex", User.class)
                .setParameter("index", macs.emailIndex(normalisedEmail))
                .getResultStream().findFirst();
    }

    public boolean existsByEmail(String normalisedEmail) {
        return byEmail(normalisedEmail).isPresent();
    }

    public Optional<User> byId(long id) {
        return Optional.ofNullable(em.find(User.class, id));
    }

    /** The users of these ids in one query; unknown ids are left out. */
    public List<User> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT u FROM User u WHERE u.id IN :ids", User.class).setParameter("ids", ids).getResultList();
    }
}

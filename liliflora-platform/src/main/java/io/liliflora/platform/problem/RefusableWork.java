package io.liliflora.platform.problem;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/**
 * Runs work in a transaction and brings a refusal ({@link ProblemException}) out of it as a
 * value, for the caller to throw once the transaction is over: Liberty's transaction boundary
 * records every exception thrown through it as an FFDC incident (a file with a stack and object
 * dump under logs/ffdc, the server's fault report), and a shopper's 404 or 409 is not a fault. A
 * refused transaction still rolls back, as {@code @Transactional} does for a thrown exception;
 * any other exception passes through unchanged.
 */
@ApplicationScoped
public class RefusableWork {

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** What the work answered, or the refusal it threw. */
    public record Attempt<T>(T value, ProblemException refusal) {

        /** The answer, or the refusal thrown (outside the transaction by then). */
        public T get() {
            if (refusal != null) {
                throw refusal;
            }
            return value;
        }
    }

    /** In the caller's transaction, or a new one. */
    @Transactional
    public <T> Attempt<T> inTransaction(Supplier<T> work) {
        return attempt(work);
    }

    /** In the caller's transaction if there is one (reads). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public <T> Attempt<T> inAnyTransaction(Supplier<T> work) {
        return attempt(work);
    }

    private <T> Attempt<T> attempt(Supplier<T> work) {
        try {
            return new Attempt<>(work.get(), null);
        } catch (ProblemException refusal) {
            if (transactions.getTransactionKey() != null) {
                transactions.setRollbackOnly();
            }
            return new Attempt<>(null, refusal);
        }
    }
}

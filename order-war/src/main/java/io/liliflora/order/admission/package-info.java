/**
 * Who may try to buy, decided before any order work: token revocation, the per-account buy
 * rate limit and the Idempotency-Key claim in one Redis round trip ({@link io.liliflora.order.admission.BuyAdmission}).
 */
package io.liliflora.order.admission;

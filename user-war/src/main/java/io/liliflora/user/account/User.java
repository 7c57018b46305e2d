package io.liliflora.user.account;

import io.liliflora.platform.crypto.PersonalDataCipher;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A shop account. Personal data exists here only as AES-GCM ciphertext under {@link #piiKeyId};
 * the email is found through {@link #emailIndex} (an HMAC), the password is an Argon2id hash.
 */
@Entity
@Table(name = "app_user")
@NamedQuery(name = "User.byEmailIndex", query = "SELECT u FROM User u WHERE u.emailIndex = :index")
public class User {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "email_index", nullable = false, unique = true, length = 32)
    private byte[] emailIndex;

    @Column(name = "email", nullable = false)
    private byte[] email;

    @Column(name = "name")
    private byte[] name;

    @Column(name = "phone")
    private byte[] phone;

    @Column(name = "address")
    private byte[] address;

    @Column(name = "pii_key_id", nullable = false)
    private String piiKeyId;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false)
    private Role role;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected User() {
    }

    public static User register(byte[] emailIndex, PersonalDetails details, String passwordHash, Role role,
                                PersonalDataCipher cipher, Instant now) {
        User user = new User();
        user.emailIndex = emailIndex;
        user.passwordHash = passwordHash;
        user.role = role;
        // Whole seconds: what the profile shows is exactly what the column keeps.
        user.createdAt = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        user.seal(details, cipher, now);
        return user;
    }

    public PersonalDetails open(PersonalDataCipher cipher) {
        return new PersonalDetails(cipher.decrypt(piiKeyId, "email", email), cipher.decrypt(piiKeyId, "name", name),
                cipher.decrypt(piiKeyId, "phone", phone), cipher.decrypt(piiKeyId, "address", address));
    }

    /**
     * Changes name, phone or address (a null keeps the old value). Everything is re-sealed under
     * the active key, so rows move to a new key as their owners touch them.
     */
    public void changeDetails(String newName, String newPhone, String newAddress, PersonalDataCipher cipher, Instant now) {
        PersonalDetails old = open(cipher);
        seal(new PersonalDetails(old.email(), newName != null ? newName : old.name(),
                newPhone != null ? newPhone : old.phone(), newAddress != null ? newAddress : old.address()), cipher, now);
    }

    public void changePasswordHash(String newHash, Instant now) {
        this.passwordHash = newHash;
        this.updatedAt = now;
    }

    private void seal(PersonalDetails details, PersonalDataCipher cipher, Instant now) {
        this.piiKeyId = cipher.activeKeyId();
        this.email = cipher.encrypt("email", details.email());
        this.name = cipher.encrypt("name", details.name());
        this.phone = cipher.encrypt("phone", details.phone());
        this.address = cipher.encrypt("address", details.address());
        this.updatedAt = now;
    }

    public Long id() { return id; }
    public String passwordHash() { return passwordHash; }
    public Role role() { return role; }
    public Instant createdAt() { return createdAt; }
    public String piiKeyId() { return piiKeyId; }
}

package io.liliflora.user.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Development sink: each message becomes an .eml file (open it in any mail client, or read it
 * as text) and its path is logged. Selected with {@code liliflora.mail.sink=directory}, which the
 * Quick start server sets; never the default.
 */
final class DirectorySink implements MailSink {

    private static final Logger LOG = Logger.getLogger(DirectorySink.class.getName());

    private final Path folder;

    DirectorySink(Path folder) {
        this.folder = folder;
    }

    @Override
    public void deliver(MimeMessage message) throws MessagingException {
        try {
            Files.createDirectories(folder);
            String name = Instant.now().toString().replace(':', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
            Path tmp = folder.resolve(name + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                message.writeTo(out);
            }
            Path eml = Files.move(tmp, folder.resolve(name + ".eml"), StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Mail written to " + eml.toAbsolutePath());
        } catch (IOException e) {
            throw new MessagingException("Cannot write mail into " + folder, e);
        }
    }
}

package io.liliflora.user.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** Where a finished message goes: the SMTP server, or a folder a developer can read. */
public interface MailSink {

    void deliver(MimeMessage message) throws MessagingException;
}

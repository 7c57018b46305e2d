package io.liliflora.user.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/** Real SMTP through the server's {@code mail/liliflora} session. */
final class SmtpSink implements MailSink {

    @Override
    public void deliver(MimeMessage message) throws MessagingException {
        Transport.send(message);
    }
}

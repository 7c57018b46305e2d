package io.liliflora.user.mail;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends mail off the request thread: {@link #send} only queues, so a slow or dead SMTP server
 * never pins a request. A failed attempt is retried after growing pauses (scheduled, not slept);
 * the last failure is logged as SEVERE and counted, never dropped silently.
 */
@ApplicationScoped
public class Mailer {

    private static final Logger LOG = Logger.getLogger(Mailer.class.getName());

    @Resource(lookup = "mail/liliflora")
    Session session;

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    @ConfigProperty(name = "liliflora.mail.from", defaultValue = "Liliflora <no-reply@liliflora.local>")
    String from;

    @Inject
    @ConfigProperty(name = "liliflora.mail.sink", defaultValue = "smtp")
    String sinkName;

    @Inject
    @ConfigProperty(name = "liliflora.mail.sink-dir", defaultValue = ".liliflora/mail")
    String sinkDir;

    @Inject
    @ConfigProperty(name = "liliflora.mail.retry-delays", defaultValue = "PT2S,PT10S,PT1M")
    List<Duration> retryDelays;

    private MailSink sink;
    private final AtomicLong undeliverable = new AtomicLong();

    @PostConstruct
    void chooseSink() {
        sink = switch (sinkName.trim().toLowerCase()) {
            case "smtp" -> new SmtpSink();
            case "directory" -> new DirectorySink(Path.of(sinkDir));
            default -> throw new IllegalStateException("liliflora.mail.sink must be smtp or directory, is " + sinkName);
        };
        LOG.info(() -> "Mail goes to " + (sink instanceof SmtpSink ? "SMTP" : "the folder " + Path.of(sinkDir).toAbsolutePath()));
    }

    /** Queues the message; returns at once. */
    public void send(OutgoingMail mail) {
        executor.execute(() -> attempt(mail, 0));
    }

    /** Messages given up on since start (also logged one by one). */
    public long undeliverable() {
        return undeliverable.get();
    }

    private void attempt(OutgoingMail mail, int failures) {
        try {
            sink.deliver(message(mail));
        } catch (MessagingException | RuntimeException e) {
            if (failures < retryDelays.size()) {
                Duration pause = retryDelays.get(failures);
                LOG.warning("Mail to " + mail.maskedTo() + " failed (" + e + "); retry " + (failures + 1)
                        + " of " + retryDelays.size() + " in " + pause);
                executor.schedule(() -> attempt(mail, failures + 1), pause.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                undeliverable.incrementAndGet();
                LOG.log(Level.SEVERE, "Mail to " + mail.maskedTo() + " (" + mail.subject() + ") could not be delivered after "
                        + (failures + 1) + " attempts; the user has to ask again", e);
            }
        }
    }

    private MimeMessage message(OutgoingMail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to()));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setText(mail.text(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        return message;
    }
}

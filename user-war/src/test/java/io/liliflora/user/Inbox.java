package io.liliflora.user;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real SMTP server (GreenMail) on it.mail.port, where the test server sends its mail. */
public final class Inbox implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final GreenMail mail;

    private Inbox(GreenMail mail) {
        this.mail = mail;
    }

    public static Inbox start() {
        int port = Integer.getInteger("it.mail.port", 3025);
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return new Inbox(mail);
    }

    public List<MimeMessage> to(String email) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> addressedTo(m, email)).toList();
    }

    /** Waits for the n-th (1-based) mail to this address and returns the code in it. */
    public String code(String email, int nth) {
        await().atMost(Duration.ofSeconds(20)).until(() -> to(email).size() >= nth);
        try {
            MimeMessage message = to(email).get(nth - 1);
            Matcher m = CODE.matcher(String.valueOf(message.getContent()));
            if (!m.find()) {
                throw new AssertionError("No code in " + message.getContent());
            }
            return m.group(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String code(String email) {
        return code(email, 1);
    }

    private static boolean addressedTo(MimeMessage m, String email) {
        try {
            Address[] to = m.getAllRecipients();
            return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(email));
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public void close() {
        mail.stop();
    }
}

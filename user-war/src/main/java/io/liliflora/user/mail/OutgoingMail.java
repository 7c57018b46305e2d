package io.liliflora.user.mail;

/** A plain-text message to one recipient. */
public record OutgoingMail(String to, String subject, String text) {

    /** The recipient as logs may show it: enough to tell messages apart, not the address. */
    public String maskedTo() {
        int at = to.indexOf('@');
        return at <= 1 ? "***" + to.substring(Math.max(at, 0)) : to.charAt(0) + "***" + to.substring(at);
    }
}

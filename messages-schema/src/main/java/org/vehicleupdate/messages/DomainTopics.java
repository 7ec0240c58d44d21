package org.vehicleupdate.messages;

/**
 * The MQTT topics of one domain. The prefix is the domain name with every {@code -} removed, then
 * {@code update} appended unless it already ends with it: {@code vehicle} → {@code vehicleupdate},
 * {@code self-update} → {@code selfupdate}, {@code containers} → {@code containersupdate}.
 */
public record DomainTopics(String domain, String prefix) {

    public static DomainTopics of(String domain) {
        String prefix = domain.replace("-", "");
        if (!prefix.endsWith("update")) {
            prefix = prefix + "update";
        }
        return new DomainTopics(domain, prefix);
    }

    public String desiredState() {
        return prefix + "/desiredstate";
    }

    public String desiredStateCommand() {
        return prefix + "/desiredstate/command";
    }

    public String desiredStateFeedback() {
        return prefix + "/desiredstatefeedback";
    }

    public String currentState() {
        return prefix + "/currentstate";
    }

    public String currentStateGet() {
        return prefix + "/currentstate/get";
    }

    public String ownerConsent() {
        return prefix + "/ownerconsent";
    }

    public String ownerConsentFeedback() {
        return prefix + "/ownerconsentfeedback";
    }
}

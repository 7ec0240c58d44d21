package org.vehicleupdate.selfupdate.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Domain;

/**
 * Identification: whether a desired state can be done, needs nothing, or is refused (with Leda's texts where
 * Leda has one), checked against the configuration and the slots RAUC reports. Changes nothing.
 */
final class RequestCheck {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final AgentSettings settings;
    private final Rauc rauc;

    RequestCheck(AgentSettings settings, Rauc rauc) {
        this.settings = settings;
        this.rauc = rauc;
    }

    /** What identification found. */
    sealed interface Result {
    }

    /** The desired state cannot be done; the reason is the IDENTIFICATION_FAILED message. */
    record Refused(String reason) implements Result {
    }

    /** The booted slot runs the desired version already. */
    record AlreadyRunning(String version) implements Result {
    }

    /** The update to do, with the slots as a person reads them for the log. */
    record Accepted(UpdateRequest request, String plan) implements Result {
    }

    Result check(String activityId, DesiredState desired) {
        Optional<Domain> domain = desired.domain(SelfUpdateAgent.DOMAIN);
        if (domain.isEmpty()) {
            return new Refused("mandatory domain with 'id'='" + SelfUpdateAgent.DOMAIN + "' is missing");
        }
        Optional<Component> component = domain.get().components().stream()
                .filter(c -> c.id().equals(SelfUpdateAgent.COMPONENT)).reduce((first, last) -> last);
        if (component.isEmpty()) {
            return new Refused("mandatory component with 'id'='" + SelfUpdateAgent.COMPONENT + "' is missing");
        }
        Optional<String> url = component.get().configValue(SelfUpdateAgent.IMAGE_KEY);
        if (url.isEmpty()) {
            return new Refused("mandatory config entry with bundle url is missing (key '" + SelfUpdateAgent.IMAGE_KEY
                    + "')");
        }
        String version = component.get().version().strip();
        if (version.isEmpty()) {
            return new Refused("mandatory bundle version is empty");
        }
        if (url.get().isBlank()) {
            return new Refused("mandatory bundle download url is empty");
        }
        String source = url.get().strip();
        Optional<String> badUrl = checkUrl(source);
        if (badUrl.isPresent()) {
            return new Refused(badUrl.get());
        }
        Optional<String> pin = component.get().configValue(SelfUpdateAgent.SHA256_KEY).map(String::strip);
        if (pin.isPresent() && !SHA256.matcher(pin.get()).matches()) {
            return new Refused("invalid config entry of component '" + SelfUpdateAgent.COMPONENT + "': "
                    + SelfUpdateAgent.SHA256_KEY + " '" + pin.get() + "': expected the bundle's SHA-256 as 64 "
                    + "hexadecimal digits");
        }
        SystemStatus system;
        try {
            system = rauc.status();
        } catch (RaucException e) {
            return new Refused("cannot read the slots from RAUC: " + e.getMessage());
        }
        Optional<SlotStatus> booted = system.booted();
        if (booted.isEmpty()) {
            return new Refused("RAUC reports no booted slot");
        }
        if (booted.get().bundleVersion().equals(version)) {
            return new AlreadyRunning(version);
        }
        Optional<SlotStatus> target = system.other();
        if (target.isEmpty()) {
            return new Refused("RAUC reports no slot to update besides the booted slot " + booted.get().label());
        }
        UpdateRequest request = new UpdateRequest(activityId, version, source,
                pin.map(p -> p.toLowerCase(Locale.ROOT)).orElse(""), bundleFile(activityId, url.get()).toString(),
                booted.get().name(), target.get().name());
        return new Accepted(request, booted.get().label() + " runs '" + booted.get().bundleVersion() + "', "
                + target.get().label() + " gets " + version + (request.pinned() ? " from a bundle pinned to SHA-256 "
                + request.bundleSha256() : ""));
    }

    private Optional<String> checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("bundle download url '" + url + "' is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!settings.allowedSchemes().contains(scheme)) {
            return Optional.of("bundle download url '" + url + "' uses scheme '" + scheme
                    + "', which is not allowed (allowed: " + String.join(", ", settings.allowedSchemes().stream()
                    .sorted().toList()) + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("bundle download url '" + url + "' has no host");
        }
        return Optional.empty();
    }

    /** One file per activity and URL, so that a resumed download continues its own file. */
    private Path bundleFile(String activityId, String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((activityId + "\n" + url).getBytes(StandardCharsets.UTF_8));
            return settings.dataDirectory().resolve("os-image-" + HexFormat.of().formatHex(digest, 0, 8) + ".raucb");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

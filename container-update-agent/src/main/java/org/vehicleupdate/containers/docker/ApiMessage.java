package org.vehicleupdate.containers.docker;

import com.github.dockerjava.api.exception.DockerException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The runtime's own words out of docker-java's exception texts ({@code Status 404: {"message":"..."}}). */
final class ApiMessage {
    private static final Pattern MESSAGE = Pattern.compile("\"(?:message|cause)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ApiMessage() {
    }

    static String of(DockerException e) {
        String text = String.valueOf(e.getMessage());
        Matcher m = MESSAGE.matcher(text);
        String body = m.find() ? m.group(1).replace("\\\"", "\"") : text.replaceFirst("^Status \\d+: ", "").trim();
        return body + " (HTTP " + e.getHttpStatus() + ")";
    }

    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}

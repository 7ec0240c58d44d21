package org.vehicleupdate.containers.spec;

import java.util.ArrayList;
import java.util.List;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.KeyValue;

/** Desired states and specs for tests, written as a user writes them: component config key/value pairs. */
public final class Specs {
    private Specs() {
    }

    /** {@code component("app", "v1", "image", "reg/app:v1", "env", "A=1")}. */
    public static Component component(String name, String version, String... keyValues) {
        List<KeyValue> config = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.add(new KeyValue(keyValues[i], keyValues[i + 1]));
        }
        return new Component(name, version, config);
    }

    public static DesiredState desired(Component... components) {
        return new DesiredState(List.of(), List.of(new Domain("containers", List.of(), List.of(components))));
    }

    public static DesiredState desired(List<KeyValue> domainConfig, Component... components) {
        return new DesiredState(List.of(), List.of(new Domain("containers", domainConfig, List.of(components))));
    }

    public static ContainerSpec spec(Component component) {
        try {
            return new ComponentConfigParser().parse(component);
        } catch (InvalidDesiredStateException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}

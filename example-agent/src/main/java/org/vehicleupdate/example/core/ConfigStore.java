package org.vehicleupdate.example.core;

import java.util.Map;
import java.util.Optional;

/**
 * The port to where the configuration files live: each version in a place of its own, and for each file the
 * version applications read now. Every step may be done again with the same result.
 */
public interface ConfigStore {

    /** The version applications read now. */
    Optional<String> current(String id);

    /** Every file with the version applications read now. */
    Map<String, String> installed();

    /** Copies the bundle aside for the activity and checks its SHA-256 when one is given. */
    void stage(String activityId, ConfigFile file) throws ConfigException;

    /** Puts the staged bundle in the version's place, where applications do not read it yet. */
    void install(String activityId, ConfigFile file) throws ConfigException;

    /** Makes applications read this version, in one atomic step; an empty version removes the file. */
    void select(String id, String version) throws ConfigException;

    /** Removes a version that is not read, and what the activity staged. */
    void remove(String id, String version, String activityId) throws ConfigException;
}

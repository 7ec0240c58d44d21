package org.vehicleupdate.updatemanager.trust;

import java.util.Optional;

/** The port to where a root installed by rotation is kept (the provisioned one stays where it was installed). */
public interface RootStore {

    Optional<RotatedRoot> load();

    /** Durable when it returns. */
    void save(RotatedRoot root);
}

package org.vehicleupdate.selfupdate.rauc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.vehicleupdate.selfupdate.core.InstallOutcome;
import org.vehicleupdate.selfupdate.core.Rauc;
import org.vehicleupdate.selfupdate.core.RaucException;
import org.vehicleupdate.selfupdate.core.SystemStatus;

/**
 * Connects to RAUC when first needed and again after the connection was lost (RAUC or the bus restarted), so
 * that the agent runs and answers every message with a clear error while RAUC is not there.
 */
public final class ReconnectingRauc implements Rauc, AutoCloseable {
    private final Optional<String> address;
    private final Duration installTimeout;
    private DbusRauc connected;

    public ReconnectingRauc(Optional<String> address, Duration installTimeout) {
        this.address = address;
        this.installTimeout = installTimeout;
    }

    private synchronized DbusRauc rauc() throws RaucException {
        if (connected != null && !connected.isConnected()) {
            connected.close();
            connected = null;
        }
        if (connected == null) {
            connected = DbusRauc.connect(address, installTimeout);
        }
        return connected;
    }

    private synchronized void drop() {
        if (connected != null) {
            connected.close();
            connected = null;
        }
    }

    private <T> T call(Call<T> call) throws RaucException {
        return call.on(rauc());
    }

    @Override
    public SystemStatus status() throws RaucException {
        return call(DbusRauc::status);
    }

    @Override
    public String bundleVersion(Path bundle) throws RaucException {
        return call(r -> r.bundleVersion(bundle));
    }

    @Override
    public InstallOutcome install(Path bundle, InstallProgress progress) throws RaucException {
        return call(r -> r.install(bundle, progress));
    }

    @Override
    public void markActive(String slot) throws RaucException {
        call(r -> {
            r.markActive(slot);
            return null;
        });
    }

    @Override
    public void markGood(String slot) throws RaucException {
        call(r -> {
            r.markGood(slot);
            return null;
        });
    }

    @Override
    public boolean installing() throws RaucException {
        return call(DbusRauc::installing);
    }

    @Override
    public void awaitIdle(Duration timeout) throws RaucException {
        call(r -> {
            r.awaitIdle(timeout);
            return null;
        });
    }

    @Override
    public void close() {
        drop();
    }

    @FunctionalInterface
    private interface Call<T> {
        T on(DbusRauc rauc) throws RaucException;
    }
}

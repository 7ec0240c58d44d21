package org.vehicleupdate.cli.command;

import picocli.CommandLine.IVersionProvider;

/** The version written into the jar's manifest at build time. */
final class VersionInfo implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionInfo.class.getPackage().getImplementationVersion();
        return new String[] {"vehicle-update " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version")};
    }
}

package org.nvr.cli;

import picocli.CommandLine;

/** Reads the version from the jar's manifest (set by Maven). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"nvr " + (version == null ? "(development build)" : version)};
    }
}

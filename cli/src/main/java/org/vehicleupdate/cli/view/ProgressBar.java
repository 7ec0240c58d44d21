package org.vehicleupdate.cli.view;

/** A percentage as a fixed-width bar of plain ASCII, readable in any terminal and in a log file. */
public final class ProgressBar {
    private ProgressBar() {
    }

    /** {@code [#####...............]  25%} for width 20. */
    public static String render(int percent, int width) {
        int clamped = Math.max(0, Math.min(100, percent));
        int filled = clamped * width / 100;
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + String.format("%3d%%", clamped);
    }
}

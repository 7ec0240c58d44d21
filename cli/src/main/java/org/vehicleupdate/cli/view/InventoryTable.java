package org.vehicleupdate.cli.view;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.vehicleupdate.cli.core.InventoryTree;
import org.vehicleupdate.messages.KeyValue;

/**
 * The inventory as an aligned text table, nodes indented under the agent (or manager) they belong to. The
 * parameters that matter most to an operator (an error, status, slot states, image) come first.
 */
public final class InventoryTable {
    /** The container agent's status and image, the self-update agent's slot states; an error above all. */
    private static final List<String> KEY_PARAMETERS = List.of("error", "status", "state", "boot-status", "booted",
            "primary", "health", "image", "domain");
    private static final String[] HEADER = {"NODE", "TYPE", "VERSION", "NAME", "PARAMETERS"};

    private InventoryTable() {
    }

    public static List<String> render(List<InventoryTree.Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (InventoryTree.Row row : rows) {
            cells.add(new String[] {"  ".repeat(row.depth()) + row.id(), row.type(), row.version(), row.name(),
                    parameters(row.parameters())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i] + 2));
            }
            lines.add(text.toString().stripTrailing());
        }
        return lines;
    }

    private static String parameters(List<KeyValue> parameters) {
        return parameters.stream()
                .sorted(Comparator.comparingInt(InventoryTable::rank))
                .map(p -> p.key() + "=" + p.value())
                .collect(Collectors.joining(" "));
    }

    /** Known keys first in their fixed order; the others keep their own order after them (the sort is stable). */
    private static int rank(KeyValue parameter) {
        String key = parameter.key().toLowerCase();
        for (int i = 0; i < KEY_PARAMETERS.size(); i++) {
            if (key.equals(KEY_PARAMETERS.get(i).toLowerCase())) {
                return i;
            }
        }
        return KEY_PARAMETERS.size();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}

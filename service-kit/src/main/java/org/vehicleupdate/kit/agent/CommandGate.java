package org.vehicleupdate.kit.agent;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Status;

/**
 * Which command an agent takes in which status of its activity, as a table: the command runs, the last answer
 * to it is repeated (its phase has run already), or it is refused with its failure status and one wording,
 * Kanto's {@code <COMMAND> is possible only after status <S1|S2> is reported}, followed by why in parentheses.
 * A cell the table does not name refuses.
 */
public final class CommandGate {
    /** What the gate lets a command do. */
    public enum Verdict {
        /** the command starts its phase */
        RUN,
        /** the phase has run (or runs): its answer is sent again, and nothing is done */
        REPEAT,
        /** the command is answered with its failure status and {@link #refusal} */
        REFUSE
    }

    private final Map<Command, Map<Status, Verdict>> table;

    private CommandGate(Map<Command, Map<Status, Verdict>> table) {
        this.table = table;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Kanto's table, as its containers agent has it: each phase after the previous one succeeded, its answer
     * repeated while its result is the status; ROLLBACK after any phase past IDENTIFIED and after a failed
     * ROLLBACK; CLEANUP from every open status, its answer repeated at the end.
     */
    public static CommandGate kanto() {
        return Kanto.TABLE;
    }

    /** Built on first use, after the class is ready. */
    private static final class Kanto {
        static final CommandGate TABLE = builder()
                .run(Command.DOWNLOAD, Status.IDENTIFIED)
                .repeat(Command.DOWNLOAD, Status.DOWNLOAD_SUCCESS, Status.DOWNLOAD_FAILURE)
                .run(Command.UPDATE, Status.DOWNLOAD_SUCCESS)
                .repeat(Command.UPDATE, Status.UPDATE_SUCCESS, Status.UPDATE_FAILURE)
                .run(Command.ACTIVATE, Status.UPDATE_SUCCESS)
                .repeat(Command.ACTIVATE, Status.ACTIVATION_SUCCESS, Status.ACTIVATION_FAILURE)
                .run(Command.ROLLBACK, Status.DOWNLOAD_SUCCESS, Status.DOWNLOAD_FAILURE, Status.UPDATE_SUCCESS,
                        Status.UPDATE_FAILURE, Status.ACTIVATION_SUCCESS, Status.ACTIVATION_FAILURE,
                        Status.ROLLBACK_FAILURE)
                .repeat(Command.ROLLBACK, Status.ROLLBACK_SUCCESS)
                .run(Command.CLEANUP, Status.IDENTIFIED, Status.DOWNLOAD_SUCCESS, Status.DOWNLOAD_FAILURE,
                        Status.UPDATE_SUCCESS, Status.UPDATE_FAILURE, Status.ACTIVATION_SUCCESS,
                        Status.ACTIVATION_FAILURE, Status.ROLLBACK_SUCCESS, Status.ROLLBACK_FAILURE,
                        Status.CLEANUP_FAILURE)
                .repeat(Command.CLEANUP, Status.COMPLETED, Status.INCOMPLETE)
                .build();
    }

    public Verdict verdict(Command command, Status current) {
        return table.get(command).getOrDefault(current, Verdict.REFUSE);
    }

    /** {@code UPDATE is possible only after status DOWNLOAD_SUCCESS is reported (current status: IDENTIFIED)}. */
    public String refusal(Command command, Status current) {
        return refusal(command, "current status: " + current);
    }

    /** The refusal of a command for an activity the agent does not have. */
    public String refusalOfUnknownActivity(Command command, String activityId, Optional<AgentActivity> own) {
        String why = "there is no update activity '" + activityId + "'";
        return refusal(command, own.map(a -> why + "; the agent's last activity is '" + a.activityId() + "'")
                .orElse(why));
    }

    private String refusal(Command command, String why) {
        String after = table.get(command).entrySet().stream().filter(e -> e.getValue() == Verdict.RUN)
                .map(e -> e.getKey().name()).collect(Collectors.joining("|"));
        return command + " is possible only after status " + after + " is reported (" + why + ")";
    }

    /** The status that answers a command that failed or was refused. */
    public static Status failureOf(Command command) {
        return switch (command) {
            case DOWNLOAD -> Status.DOWNLOAD_FAILURE;
            case UPDATE -> Status.UPDATE_FAILURE;
            case ACTIVATE -> Status.ACTIVATION_FAILURE;
            case CLEANUP -> Status.CLEANUP_FAILURE;
            case ROLLBACK -> Status.ROLLBACK_FAILURE;
        };
    }

    /** Fills the table row by row; a cell set twice is a mistake in the table. */
    public static final class Builder {
        private final Map<Command, Map<Status, Verdict>> table = new EnumMap<>(Command.class);

        private Builder() {
            for (Command command : Command.values()) {
                table.put(command, new EnumMap<>(Status.class));
            }
        }

        /** The statuses in which the command starts its phase. */
        public Builder run(Command command, Status... from) {
            return set(command, Verdict.RUN, from);
        }

        /** The statuses in which the command's phase has run, or runs: its answer is repeated. */
        public Builder repeat(Command command, Status... in) {
            return set(command, Verdict.REPEAT, in);
        }

        public CommandGate build() {
            for (Map.Entry<Command, Map<Status, Verdict>> row : table.entrySet()) {
                if (!row.getValue().containsValue(Verdict.RUN)) {
                    throw new IllegalStateException(row.getKey() + " runs in no status");
                }
            }
            // EnumMaps keep the statuses in the order the refusal names them
            Map<Command, Map<Status, Verdict>> copy = new EnumMap<>(Command.class);
            table.forEach((command, row) -> copy.put(command, Collections.unmodifiableMap(new EnumMap<>(row))));
            return new CommandGate(copy);
        }

        private Builder set(Command command, Verdict verdict, Status... statuses) {
            Map<Status, Verdict> row = table.get(command);
            for (Status status : statuses) {
                Verdict before = row.putIfAbsent(status, verdict);
                if (before != null) {
                    throw new IllegalArgumentException(command + " in " + status + " is both " + before + " and "
                            + verdict);
                }
            }
            return this;
        }
    }
}

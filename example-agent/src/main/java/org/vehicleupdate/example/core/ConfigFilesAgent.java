package org.vehicleupdate.example.core;

import static org.vehicleupdate.messages.Status.ACTIVATION_FAILURE;
import static org.vehicleupdate.messages.Status.ACTIVATION_SUCCESS;
import static org.vehicleupdate.messages.Status.CLEANUP_SUCCESS;
import static org.vehicleupdate.messages.Status.COMPLETED;
import static org.vehicleupdate.messages.Status.DOWNLOAD_FAILURE;
import static org.vehicleupdate.messages.Status.DOWNLOAD_SUCCESS;
import static org.vehicleupdate.messages.Status.IDENTIFIED;
import static org.vehicleupdate.messages.Status.INCOMPLETE;
import static org.vehicleupdate.messages.Status.ROLLBACK_FAILURE;
import static org.vehicleupdate.messages.Status.ROLLBACK_SUCCESS;
import static org.vehicleupdate.messages.Status.UPDATE_FAILURE;
import static org.vehicleupdate.messages.Status.UPDATE_SUCCESS;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.kit.agent.AgentActivity;
import org.vehicleupdate.kit.agent.AgentOutbox;
import org.vehicleupdate.kit.agent.DomainAgent;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Association;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.SoftwareType;
import org.vehicleupdate.messages.Status;

/**
 * An agent for the domain {@code config-files}: each component is a configuration file, its version a bundle on
 * the vehicle ({@code source}, optionally pinned by {@code sha256}). DOWNLOAD stages the bundles, UPDATE puts them
 * in their version's place, ACTIVATE makes applications read them, CLEANUP removes the old versions; ROLLBACK makes
 * the old ones read again. The protocol around it is service-kit's: this class is only the domain.
 */
public final class ConfigFilesAgent implements DomainAgent {
    public static final String DOMAIN = "config-files";

    private static final System.Logger LOG = System.getLogger(ConfigFilesAgent.class.getName());

    private final ConfigStore store;
    private final ActivityJournal journal;
    private final AgentOutbox out;
    private ConfigActivity activity;

    public ConfigFilesAgent(ConfigStore store, ActivityJournal journal, AgentOutbox out) {
        this.store = store;
        this.journal = journal;
        this.out = out;
    }

    /** Every step can be done again, so a restart only reports where the activity stands. */
    @Override
    public void resume() {
        activity = journal.load().orElse(null);
        if (activity != null && !activity(activity).finished()) {
            repeatStatus();
        }
    }

    @Override
    public Optional<AgentActivity> activity() {
        return Optional.ofNullable(activity).map(ConfigFilesAgent::activity);
    }

    @Override
    public void repeatStatus() {
        report(activity.status(), activity.message());
    }

    @Override
    public Optional<String> blocker() {
        return activity.status() == IDENTIFIED ? Optional.empty() : Optional.of(activity.status().name());
    }

    @Override
    public void identify(String activityId, DesiredState desired) {
        Optional<Domain> domain = desired.domain(DOMAIN);
        if (domain.isEmpty()) {
            refuse(activityId, "the desired state has no domain '" + DOMAIN + "'");
            return;
        }
        List<ConfigFile> files = new ArrayList<>();
        for (Component component : domain.get().components()) {
            Optional<String> source = component.configValue("source");
            if (source.isEmpty() || source.get().isBlank()) {
                refuse(activityId, "component '" + component.id() + "': config key 'source' is missing");
                return;
            }
            String previous = store.current(component.id()).orElse("");
            if (!previous.equals(component.version())) {
                files.add(new ConfigFile(component.id(), component.version(), source.get().strip(),
                        component.configValue("sha256").orElse(""), previous));
            }
        }
        activity = new ConfigActivity(activityId, IDENTIFIED, "", files);
        if (files.isEmpty()) {
            transition(IDENTIFIED, "The configuration files are as desired.");
            finish(COMPLETED, "The configuration files are as desired.");
        } else {
            transition(IDENTIFIED, "");
        }
    }

    @Override
    public void run(DesiredStateCommand command) {
        switch (command.command()) {
            case DOWNLOAD -> step(DOWNLOAD_SUCCESS, DOWNLOAD_FAILURE, f -> store.stage(activity.activityId(), f));
            case UPDATE -> step(UPDATE_SUCCESS, UPDATE_FAILURE, f -> store.install(activity.activityId(), f));
            case ACTIVATE -> step(ACTIVATION_SUCCESS, ACTIVATION_FAILURE, f -> store.select(f.id(), f.version()));
            case ROLLBACK -> step(ROLLBACK_SUCCESS, ROLLBACK_FAILURE, this::undo);
            case CLEANUP -> cleanup();
        }
    }

    /** The status is the phase's answer: it is reported again. */
    @Override
    public boolean answerAgain(DesiredStateCommand command) {
        repeatStatus();
        return true;
    }

    @Override
    public Inventory currentState() {
        String agentNode = DOMAIN + "-update-agent";
        List<SoftwareNode> nodes = new ArrayList<>(List.of(new SoftwareNode(agentNode, "0.1.0",
                "Configuration Files Update Agent", List.of(new KeyValue("domain", DOMAIN)), SoftwareType.APPLICATION)));
        List<Association> associations = new ArrayList<>();
        store.installed().forEach((id, version) -> {
            nodes.add(new SoftwareNode(DOMAIN + ":" + id, version, id, List.of(), SoftwareType.DATA));
            associations.add(new Association(agentNode, DOMAIN + ":" + id));
        });
        return new Inventory(List.of(), nodes, associations);
    }

    /** Does a step for every file; the first that fails ends the phase with its failure. */
    private void step(Status success, Status failure, FileStep step) {
        for (ConfigFile file : activity.files()) {
            try {
                step.run(file);
            } catch (ConfigException e) {
                LOG.log(System.Logger.Level.WARNING, "[" + activity.activityId() + "] " + failure + ": "
                        + e.getMessage());
                transition(failure, file.id() + ": " + e.getMessage());
                return;
            }
        }
        transition(success, "");
    }

    /** The version read before is read again; the new one goes. */
    private void undo(ConfigFile file) throws ConfigException {
        store.select(file.id(), file.previousVersion());
        store.remove(file.id(), file.version(), activity.activityId());
    }

    /** After ACTIVATION_SUCCESS the old versions go; otherwise the new ones, and the old ones are read again. */
    private void cleanup() {
        boolean activated = activity.status() == ACTIVATION_SUCCESS;
        for (ConfigFile file : activity.files()) {
            try {
                if (activated) {
                    store.remove(file.id(), file.previousVersion(), activity.activityId());
                } else {
                    undo(file);
                }
            } catch (ConfigException e) {
                transition(Status.CLEANUP_FAILURE, file.id() + ": " + e.getMessage());
                finish(INCOMPLETE, "Cleanup failed: " + file.id() + ": " + e.getMessage());
                return;
            }
        }
        transition(CLEANUP_SUCCESS, "");
        finish(activated ? COMPLETED : INCOMPLETE, activated ? "" : "The update did not complete; the previous "
                + "configuration files are in place.");
    }

    private void refuse(String activityId, String reason) {
        LOG.log(System.Logger.Level.INFO, "[" + activityId + "] identification failed: " + reason);
        out.feedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED, reason, List.of()));
    }

    private void transition(Status status, String message) {
        activity = activity.now(status, message);
        journal.save(activity);
        report(status, message);
    }

    private void finish(Status status, String message) {
        transition(status, message);
        out.currentState(activity.activityId(), currentState());
    }

    private void report(Status status, String message) {
        List<Action> actions = activity.files().stream().map(f -> new Action(new ComponentRef(DOMAIN + ":" + f.id(),
                f.version()), actionStatus(status), 0, f.previousVersion().isEmpty() ? "New file."
                : "Replaces version " + f.previousVersion() + ".")).toList();
        out.feedback(activity.activityId(), DesiredStateFeedback.of(status, message, actions));
    }

    /** Kanto's action statuses for a phase's status. */
    private static ActionStatus actionStatus(Status status) {
        return switch (status) {
            case DOWNLOAD_SUCCESS -> ActionStatus.DOWNLOAD_SUCCESS;
            case DOWNLOAD_FAILURE -> ActionStatus.DOWNLOAD_FAILURE;
            case UPDATE_SUCCESS -> ActionStatus.UPDATE_SUCCESS;
            case ACTIVATION_SUCCESS, CLEANUP_SUCCESS, COMPLETED -> ActionStatus.ACTIVATION_SUCCESS;
            case IDENTIFIED -> ActionStatus.IDENTIFIED;
            default -> ActionStatus.UPDATE_FAILURE;
        };
    }

    private static AgentActivity activity(ConfigActivity activity) {
        return new AgentActivity(activity.activityId(), activity.status());
    }

    @FunctionalInterface
    private interface FileStep {
        void run(ConfigFile file) throws ConfigException;
    }
}

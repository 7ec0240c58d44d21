package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.ComponentRef;

/**
 * The actions the agents of the open activity reported, latest per component, for the overall feedback:
 * component ids get the domain prefix where an agent left it out.
 */
final class ActionLedger {
    private final Map<String, Map<String, Action>> byDomain = new LinkedHashMap<>();

    void clear(List<String> domains) {
        byDomain.clear();
        domains.forEach(d -> byDomain.put(d, new LinkedHashMap<>()));
    }

    void merge(String domain, List<Action> reported) {
        Map<String, Action> actions = byDomain.computeIfAbsent(domain, d -> new LinkedHashMap<>());
        for (Action action : reported) {
            String id = action.component().id();
            String prefixed = id.startsWith(domain + ":") ? id : domain + ":" + id;
            actions.put(prefixed, prefixed.equals(id) ? action
                    : new Action(new ComponentRef(prefixed, action.component().version()), action.status(),
                            action.progress(), action.message()));
        }
    }

    /** Puts back actions of an overall feedback (a journaled one), each under the domain its id names. */
    void restore(List<Action> overall) {
        for (Action action : overall) {
            String id = action.component().id();
            byDomain.keySet().stream().filter(d -> id.startsWith(d + ":")).findFirst()
                    .ifPresent(d -> byDomain.get(d).put(id, action));
        }
    }

    /** The union in domain order; activation statuses are reported as update statuses, as Kanto does. */
    List<Action> overall() {
        List<Action> all = new ArrayList<>();
        for (Map<String, Action> actions : byDomain.values()) {
            for (Action action : actions.values()) {
                all.add(new Action(action.component(), overall(action.status()), action.progress(),
                        action.message()));
            }
        }
        return all;
    }

    private static ActionStatus overall(ActionStatus status) {
        return switch (status) {
            case ACTIVATING -> ActionStatus.UPDATING;
            case ACTIVATION_SUCCESS -> ActionStatus.UPDATE_SUCCESS;
            case ACTIVATION_FAILURE -> ActionStatus.UPDATE_FAILURE;
            default -> status;
        };
    }
}

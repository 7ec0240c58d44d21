package org.vehicleupdate.updatemanager.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.vehicleupdate.messages.Command;

/**
 * Runs scripted agents as a process, for manual runs against Mosquitto, the benchmark and the soak
 * (deploy/soak.sh): {@code ScriptedAgentsMain tcp://127.0.0.1:1883 containers self-update [--fail containers:UPDATE]
 * [--fail-every N] [--work-ms 500]}. With {@code --fail-every N} the agent named in {@code --fail} fails only in
 * every N-th update (counted by its DOWNLOAD commands).
 */
public final class ScriptedAgentsMain {
    private ScriptedAgentsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String broker = args[0];
        List<ScriptedAgent> agents = new ArrayList<>();
        String fail = "";
        int failEvery = 1;
        java.time.Duration work = java.time.Duration.ZERO;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--fail-every")) {
                failEvery = Integer.parseInt(args[++i]);
                continue;
            }
            if (args[i].equals("--work-ms")) {
                work = java.time.Duration.ofMillis(Long.parseLong(args[++i]));
                continue;
            }
            if (args[i].equals("--fail")) {
                fail = args[++i];
                continue;
            }
            agents.add(new ScriptedAgent(broker, args[i], "1.0"));
        }
        for (ScriptedAgent agent : agents) {
            if (!fail.isEmpty() && fail.startsWith(agent.domain() + ":")) {
                Command failing = Command.valueOf(fail.substring(fail.indexOf(':') + 1));
                agent.failOn = failing;
                if (failEvery > 1) {
                    int every = failEvery;
                    AtomicInteger updates = new AtomicInteger();
                    agent.onCommand = command -> {
                        if (command == Command.DOWNLOAD) {
                            agent.failOn = updates.incrementAndGet() % every == 0 ? failing : null;
                        }
                    };
                }
            }
            agent.workTime = work;
            agent.start();
        }
        System.out.println("scripted agents running: " + args.length);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> agents.forEach(ScriptedAgent::close)));
        new CountDownLatch(1).await();
    }
}

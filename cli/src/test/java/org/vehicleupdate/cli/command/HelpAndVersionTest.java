package org.vehicleupdate.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HelpAndVersionTest {

    @ParameterizedTest
    @ValueSource(strings = {"apply", "watch", "status", "consent"})
    void everyCommandHasHelpAndVersion(String command) {
        CliRun help = CliRun.plain();
        assertEquals(0, help.execute(command, "--help"));
        assertTrue(help.out().contains("Usage: vehicle-update " + command), help.out());
        assertTrue(help.out().contains("--broker=URL"), help.out());

        CliRun version = CliRun.plain();
        assertEquals(0, version.execute(command, "--version"));
        assertTrue(version.out().startsWith("vehicle-update "), version.out());
    }

    @Test
    void theTopLevelHelpListsTheCommandsAndTheExitCodes() {
        CliRun help = CliRun.plain();
        assertEquals(0, help.execute("--help"));
        for (String expected : new String[] {"apply", "watch", "status", "consent", "4  the broker cannot be reached"}) {
            assertTrue(help.out().contains(expected), expected + " in " + help.out());
        }
    }

    @Test
    void noCommandOrAWrongAnswerIsAUsageErrorWithExitCodeTwo() {
        CliRun none = CliRun.plain();
        assertEquals(2, none.execute());
        assertTrue(none.err().startsWith("a command is needed: apply, watch, status, consent, sign, verify, keygen, root or reset-sequence"), none.err());

        CliRun maybe = CliRun.plain();
        assertEquals(2, maybe.execute("consent", "maybe"));
        assertTrue(maybe.err().contains("expected one of [APPROVE, DENY]"), maybe.err());
    }

    @Test
    void applyCheckSaysWhatAValidFileHoldsAndSendsNothing() {
        CliRun valid = CliRun.withStdin("{\"activityId\":\"a-1\",\"payload\":{\"domains\":["
                + "{\"id\":\"containers\",\"components\":[{\"id\":\"x\"},{\"id\":\"y\"}]},"
                + "{\"id\":\"self-update\",\"components\":[{\"id\":\"os\",\"version\":\"2\"}]}]}}");
        // no broker anywhere: --check must not need one
        assertEquals(0, valid.execute("apply", "--check", "--broker", "tcp://127.0.0.1:1", "-"));
        assertEquals("stdin: valid desired state of activity a-1: containers (2 components), self-update"
                + " (1 component)\n", valid.out());

        CliRun refused = CliRun.withStdin("{\"domains\":[{\"id\":\"\"}]}");
        assertEquals(2, refused.execute("apply", "--check", "-"));
        assertTrue(refused.err().startsWith("vehicle-update: stdin: not a valid desired state: payload.domains[0].id"),
                refused.err());
    }

    @Test
    void aDurationThatIsNotOneIsRefusedByName() {
        CliRun run = CliRun.plain();
        assertEquals(2, run.execute("apply", "--timeout", "soon", "file.json"));
        assertTrue(run.err().contains("'soon' is not a duration such as 30s, 1m30s or 1h"), run.err());
    }
}

package org.vehicleupdate.kit.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void readsTheDurationsOfKantosConfigurationFiles() {
        assertEquals(Duration.ofSeconds(30), GoDuration.parse("30s"));
        assertEquals(Duration.ofMinutes(2), GoDuration.parse("2m"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofHours(1), GoDuration.parse("1h"));
        assertEquals(Duration.ofMillis(250), GoDuration.parse("250ms"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
    }

    @Test
    void refusesTextThatIsNotADurationNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("30"));
        assertEquals("'30' is not a duration such as 30s, 1m30s or 1h", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1m junk"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(""));
    }

    @Test
    void writesDurationsAsGoDoes() {
        assertEquals("30s", GoDuration.format(Duration.ofSeconds(30)));
        assertEquals("3m0s", GoDuration.format(Duration.ofMinutes(3)));
        assertEquals("1h0m5s", GoDuration.format(Duration.ofSeconds(3605)));
    }
}

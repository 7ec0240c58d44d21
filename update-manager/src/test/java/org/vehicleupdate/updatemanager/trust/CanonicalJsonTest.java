package org.vehicleupdate.updatemanager.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes a signature covers are RFC 8785's, whatever the sender's serialisation. */
class CanonicalJsonTest {

    private static String canonical(String json) throws TrustException {
        return new String(CanonicalJson.canonical(CanonicalJson.readObject(json.getBytes(StandardCharsets.UTF_8),
                "json")), StandardCharsets.UTF_8);
    }

    @Test
    void theExampleOfRfc8785GivesItsCanonicalForm() throws TrustException {
        // RFC 8785, section 3.2.2
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";

        assertThat(canonical(input)).isEqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,"
                + "1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void membersAreSortedAndIntegersOfAnySizeKeepTheirValueAsJcsReadsThem() throws TrustException {
        assertThat(canonical("{\"b\": 1.0, \"a\": {\"z\": 100, \"y\": 1e2}, \"big\": 12345678901234567890}"))
                .isEqualTo("{\"a\":{\"y\":100,\"z\":100},\"b\":1,\"big\":12345678901234567000}");
    }

    @Test
    void theSignatureMemberIsLeftOut() throws TrustException {
        byte[] without = CanonicalJson.canonicalWithout(CanonicalJson.readObject(
                "{\"activityId\":\"a\",\"signature\":{\"signatures\":[]},\"payload\":{}}".getBytes(
                        StandardCharsets.UTF_8), "json"), SignedMessage.MEMBER);

        assertThat(new String(without, StandardCharsets.UTF_8)).isEqualTo("{\"activityId\":\"a\",\"payload\":{}}");
    }
}

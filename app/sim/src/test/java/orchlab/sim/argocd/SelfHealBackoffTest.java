package orchlab.sim.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Argo CD 3's self-heal back-off (selfHealRemainingBackoff with the default 2 s, factor 3, cap 300 s). */
class SelfHealBackoffTest {

    @ParameterizedTest(name = "self-heal attempt {0} so far: wait {1} s after the last sync")
    @CsvSource({"0, 0", "1, 2", "2, 6", "3, 18", "5, 162", "6, 300", "40, 300"})
    void theFirstSelfHealRunsAtOnceThenTheWaitTriplesUpToFiveMinutes(long attempts, long seconds) {
        assertThat(ApplicationController.selfHealBackoff(attempts)).isEqualTo(Duration.ofSeconds(seconds));
    }
}

package orchlab.engine.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import orchlab.engine.course.Durations;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;
import org.junit.jupiter.api.Test;

/** Parsers given hostile input end in a located message, never in unbounded memory, time or stack. */
class HostileYamlTest {

    /** The 1 KB "billion laughs": nine levels, each repeating the previous one nine times (45 aliases, under the composer's 50). */
    static String aliasFanOut() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("a").append(level).append(": &a").append(level).append(" [");
            for (int i = 0; i < 5; i++) {
                yaml.append(i == 0 ? "" : ",").append("*a").append(level - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    @Test
    void aliasFanOutIsRefusedAtTheAnchorWithTheBudgetNamed() {
        String bomb = aliasFanOut();
        assertThat(bomb.length()).isLessThan(1024);
        assertThatThrownBy(() -> YamlDoc.parseAll("bomb.yaml", bomb))
                .isInstanceOf(YamlSyntaxException.class)
                .hasMessageContaining("aliases expand to more than " + YamlDoc.MAX_ALIAS_EXPANSION)
                .satisfies(e -> assertThat(((YamlSyntaxException) e).location().toString()).startsWith("bomb.yaml:").doesNotEndWith(":0:0"));
    }

    @Test
    void moreThanFiftyAliasesOfListsAreRefusedAtTheFirstOneOverTheLimit() {
        // nine levels of nine aliases each: 72 aliases of lists; the 51st is the 6th on line 7 (a6), column 30
        StringBuilder bomb = new StringBuilder("a0: &a0 [\"lol\",\"lol\"]\n");
        for (int level = 1; level <= 9; level++) {
            bomb.append("a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(9, "*a" + (level - 1)))).append("]\n");
        }

        assertThatThrownBy(() -> YamlDoc.parseAll("bomb.yaml", bomb.toString()))
                .isInstanceOf(YamlSyntaxException.class)
                .hasMessage("YAML has more than 50 aliases of lists or maps (the lab's limit; this is the first one over it)"
                        + " — write the values out, or use fewer aliases")
                .satisfies(e -> assertThat(((YamlSyntaxException) e).location().toString()).isEqualTo("bomb.yaml:7:30"));
    }

    @Test
    void aFewAliasesAsManifestsUseThemStillParse() throws Exception {
        YamlDoc doc = YamlDoc.parse("ok.yaml", "base: &b {image: nginx, port: 80}\none: *b\ntwo: *b\n");
        assertThat(doc.root().get("two").get("image").asText()).isEqualTo("nginx");
    }

    @Test
    void nestingBeyondTheDepthLimitIsALocatedMessage() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> YamlDoc.parseAll("deep.yaml", deep))
                .isInstanceOf(YamlSyntaxException.class)
                .satisfies(e -> assertThat(((YamlSyntaxException) e).location().file()).isEqualTo("deep.yaml"));
    }

    @Test
    void twoHundredThousandDurationPartsAreNotADurationAndDoNotOverflowTheStack() {
        assertThat(Durations.parse("1s".repeat(200_000))).isEmpty();
    }

    @Test
    void everyWayOfWritingADurationStillParses() {
        assertThat(Durations.parse("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("1h2m3s4ms")).contains(Duration.ofHours(1).plusMinutes(2).plusSeconds(3).plusMillis(4));
        assertThat(Durations.parse(" 20s ")).contains(Duration.ofSeconds(20));
    }

    @Test
    void durationsWithMissingNumbersUnitsOrHugePartsAreRefused() {
        for (String bad : new String[] {"", "s", "10", "10x", "1m30", "-5s", "99999999999999999999s", "100001s", "1s 2s", "1.5s"}) {
            assertThat(Durations.parse(bad)).as(bad).isEmpty();
        }
    }
}

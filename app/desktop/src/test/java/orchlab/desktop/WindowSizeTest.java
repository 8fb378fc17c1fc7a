package orchlab.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowSizeTest {
    private static final WindowSize.Area FULL_HD = new WindowSize.Area(0, 0, 1920, 1040);
    /** A 1024×768 laptop with a 28-pixel panel at the top. */
    private static final WindowSize.Area SMALL_LAPTOP = new WindowSize.Area(0, 28, 1024, 740);

    @Test
    void theFirstWindowIsFourteenFortyByNineHundredCentredOnALargeScreen() {
        assertThat(WindowSize.on(FULL_HD, null, null)).isEqualTo(new WindowSize(240, 70, 1440, 900));
    }

    @Test
    void theFirstWindowOnASmallScreenFillsItsUsableAreaAndStartsAtItsCorner() {
        WindowSize size = WindowSize.on(SMALL_LAPTOP, null, null);

        assertThat(size).isEqualTo(new WindowSize(0, 28, 1024, 740));
        assertWhollyOn(SMALL_LAPTOP, size);
    }

    @Test
    void aSavedSizeComesBackWhereItFits() {
        assertThat(WindowSize.on(FULL_HD, 1200.0, 800.0)).isEqualTo(new WindowSize(360, 120, 1200, 800));
    }

    @Test
    void aWindowSavedOnALargeScreenIsRestoredWhollyOnASmallerOne() {
        WindowSize size = WindowSize.on(SMALL_LAPTOP, 1920.0, 1080.0);

        assertThat(size.width()).isEqualTo(1024);
        assertThat(size.height()).isEqualTo(740);
        assertWhollyOn(SMALL_LAPTOP, size);
    }

    @Test
    void onlyTheSideThatDoesNotFitShrinks() {
        WindowSize size = WindowSize.on(SMALL_LAPTOP, 800.0, 1000.0);

        assertThat(size).isEqualTo(new WindowSize(112, 28, 800, 740));
    }

    @Test
    void theWindowOpensOnTheScreenItIsGivenEvenBesideAnother() {
        WindowSize.Area right = new WindowSize.Area(1920, 0, 1280, 800);

        WindowSize size = WindowSize.on(right, null, null);

        assertThat(size).isEqualTo(new WindowSize(1920, 0, 1280, 800));
        assertWhollyOn(right, size);
    }

    @Test
    void anUnusableSavedSizeGivesTheDefault() {
        assertThat(WindowSize.on(FULL_HD, 120.0, 90.0)).isEqualTo(WindowSize.on(FULL_HD, null, null));
        assertThat(WindowSize.on(FULL_HD, Double.NaN, Double.POSITIVE_INFINITY)).isEqualTo(WindowSize.on(FULL_HD, null, null));
    }

    @Test
    void aScreenWithoutAnAreaIsRefused() {
        assertThatThrownBy(() -> new WindowSize.Area(0, 0, 0, 768)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A second monitor right of the full-HD one. */
    private static final WindowSize.Area RIGHT_MONITOR = new WindowSize.Area(1920, 0, 2560, 1400);

    @Test
    void aWindowOnAnUnpluggedMonitorMovesOntoThePrimaryScreenCentred() {
        WindowSize onTheRight = new WindowSize(2200, 100, 1440, 900);

        var moved = WindowSize.keptOnScreens(onTheRight, java.util.List.of(FULL_HD), FULL_HD);

        assertThat(moved).contains(new WindowSize(240, 70, 1440, 900));
    }

    @Test
    void aWindowLargerThanThePrimaryScreenThatIsLeftIsShrunkOntoIt() {
        WindowSize big = new WindowSize(2000, 50, 2400, 1300);

        WindowSize moved = WindowSize.keptOnScreens(big, java.util.List.of(SMALL_LAPTOP), SMALL_LAPTOP).orElseThrow();

        assertThat(moved).isEqualTo(new WindowSize(0, 28, 1024, 740));
        assertWhollyOn(SMALL_LAPTOP, moved);
    }

    @Test
    void aWindowMostlyOnAScreenStaysWhereItIs() {
        // 1000 of its 1440 pixels' width still on the full-HD screen after the right monitor went away
        WindowSize overTheEdge = new WindowSize(920, 100, 1440, 900);

        assertThat(WindowSize.keptOnScreens(overTheEdge, java.util.List.of(FULL_HD), FULL_HD)).isEmpty();
        assertThat(WindowSize.keptOnScreens(new WindowSize(2200, 100, 1440, 900), java.util.List.of(FULL_HD, RIGHT_MONITOR), FULL_HD))
                .as("on the right monitor while it is plugged in").isEmpty();
    }

    @Test
    void aWindowSpanningTwoScreensThatAreBothStillThereStays() {
        WindowSize spanning = new WindowSize(1400, 100, 1200, 800);

        assertThat(WindowSize.keptOnScreens(spanning, java.util.List.of(FULL_HD, RIGHT_MONITOR), FULL_HD)).isEmpty();
    }

    @Test
    void aWindowLessThanHalfOnTheScreensLeftMoves() {
        // 400 of 1440 pixels' width on the screen: its menu and navigator are off-screen
        WindowSize mostlyOff = new WindowSize(1520, 100, 1440, 900);

        assertThat(WindowSize.keptOnScreens(mostlyOff, java.util.List.of(FULL_HD), FULL_HD)).contains(new WindowSize(240, 70, 1440, 900));
    }

    private static void assertWhollyOn(WindowSize.Area screen, WindowSize size) {
        assertThat(size.x()).isGreaterThanOrEqualTo(screen.minX());
        assertThat(size.y()).isGreaterThanOrEqualTo(screen.minY());
        assertThat(size.x() + size.width()).isLessThanOrEqualTo(screen.minX() + screen.width());
        assertThat(size.y() + size.height()).isLessThanOrEqualTo(screen.minY() + screen.height());
    }
}

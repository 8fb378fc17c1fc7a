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

    private static void assertWhollyOn(WindowSize.Area screen, WindowSize size) {
        assertThat(size.x()).isGreaterThanOrEqualTo(screen.minX());
        assertThat(size.y()).isGreaterThanOrEqualTo(screen.minY());
        assertThat(size.x() + size.width()).isLessThanOrEqualTo(screen.minX() + screen.width());
        assertThat(size.y() + size.height()).isLessThanOrEqualTo(screen.minY() + screen.height());
    }
}

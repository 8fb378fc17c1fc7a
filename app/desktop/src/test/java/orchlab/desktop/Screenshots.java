package orchlab.desktop;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The one way the committed pictures under {@code assets/screenshots/} are made: a UI test drives the lab window to
 * the state shown and saves the window's scene as a PNG, when {@code -Dorchlab.screenshots=DIR} is given (otherwise
 * nothing is written). See {@code WindowScreenshotsUiTest} and {@code EditorFindingsUiTest}.
 */
final class Screenshots {
    private Screenshots() {
    }

    static String dir() {
        return System.getProperty("orchlab.screenshots", "");
    }

    /** Saves the window in the light or dark theme as {@code name} under {@link #dir()}; the light theme is back after. */
    static void save(Stage stage, String name, boolean dark) throws Exception {
        if (dir().isEmpty()) {
            return;
        }
        LabSession.onFx(() -> {
            Theme.apply(dark);
            return null;
        });
        // a picture, not an assertion: let the theme and the editor's last highlighting settle
        WaitForAsyncUtils.sleep(1500, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = LabSession.onFx(() -> stage.getScene().snapshot(null));
        PixelReader pixels = image.getPixelReader();
        BufferedImage png = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(Path.of(dir()));
        ImageIO.write(png, "png", Path.of(dir(), name).toFile());
        LabSession.onFx(() -> {
            Theme.apply(false);
            return null;
        });
    }
}

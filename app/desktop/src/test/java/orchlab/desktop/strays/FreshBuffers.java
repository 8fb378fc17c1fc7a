package orchlab.desktop.strays;

import javafx.stage.Stage;

/**
 * Resizes a test window so that headless Monocle's render thread does not throw.
 *
 * <p>Why: JavaFX's {@code UploadingPainter} keeps the pixel buffers of a window's scene in a {@code QueuedPixelSource}
 * and reuses one whose capacity is large enough for the new size. Monocle's {@code Framebuffer.composePixels} moves the
 * position and limit of the buffer it composes onto the screen and leaves them there; a buffer last composed at
 * 1024×768 thus keeps a limit of 786,432 ints, and when the window grows again (its capacity is that of an earlier
 * 1440×900) the reused buffer is refused: {@code IllegalArgumentException: Too small int buffer size 1440x900
 * [1296000] > 786432} (the {@code Pixels} constructor checks {@code remaining()}), or {@code BufferOverflowException}
 * when the pixels are copied in. The painter catches and prints them; nothing is drawn for that frame.
 *
 * <p>Hiding the window disposes its scene's peer, painter and buffers with it ({@code Window}'s showing property); the
 * window shown again gets new ones sized for it. A real app never meets this: it does not render through Monocle's
 * headless framebuffer.
 */
public final class FreshBuffers {
    private FreshBuffers() {
    }

    /** Gives a stage a new size (on the FX thread); a showing one is hidden around the change and shown again. */
    public static void resize(Stage stage, double width, double height) {
        if (stage.getWidth() == width && stage.getHeight() == height) {
            return;
        }
        boolean showing = stage.isShowing();
        if (showing) {
            stage.hide();
        }
        stage.setWidth(width);
        stage.setHeight(height);
        if (showing) {
            stage.show();
        }
    }
}

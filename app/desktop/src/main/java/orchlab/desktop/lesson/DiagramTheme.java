package orchlab.desktop.lesson;

import javafx.scene.effect.Blend;
import javafx.scene.effect.BlendMode;
import javafx.scene.effect.ColorAdjust;
import javafx.scene.effect.ColorInput;
import javafx.scene.effect.Effect;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * Lesson diagrams follow the theme: a diagram drawn on white (the course's PNGs are) is shown in the dark theme with
 * its lightness turned over and its hues kept — the white page becomes the theme's background, dark text and arrows
 * become light, pale boxes become deep ones of the same colour — instead of a bright white block in a dark window.
 * A picture that is not on white (a photo, a screenshot) is left as it is; so is everything in the light theme.
 *
 * <p>Which theme is on is read from the theme itself, not from a setting: a probe region styled with AtlantaFX's
 * {@code -color-bg-default} sits in the image's box, and its background changes when the theme's user-agent
 * stylesheet does.
 */
final class DiagramTheme {
    /** A channel at least this bright counts as white paper (anti-aliasing and off-white paper included). */
    static final double PAPER = 0.94;
    /** The share of the image's edge pixels that must be paper for the image to be a diagram on white. */
    static final double PAPER_EDGE_SHARE = 0.9;
    /** The style class of the probe: its background is the theme's page colour. */
    static final String PROBE = "md-theme-probe";

    private DiagramTheme() {
    }

    /** A probe to put in the image's box (unmanaged, no size: never drawn, styled with the rest). */
    static Region probe() {
        Region probe = new Region();
        probe.getStyleClass().add(PROBE);
        probe.setManaged(false);
        probe.setMouseTransparent(true);
        return probe;
    }

    /** Keeps {@code view}'s effect in line with the theme the probe shows, its image and its size. */
    static void follow(ImageView view, Region probe) {
        Runnable update = () -> view.setEffect(effectFor(pageColour(probe.getBackground()), view));
        probe.backgroundProperty().addListener((o, was, now) -> update.run());
        view.layoutBoundsProperty().addListener((o, was, now) -> update.run());
        view.getImage().progressProperty().addListener((o, was, now) -> {
            if (now.doubleValue() >= 1) {
                update.run();
            }
        });
        update.run();
    }

    /** The theme's page colour as the probe has it, or null before it is styled. */
    static Color pageColour(Background background) {
        if (background == null) {
            return null;
        }
        for (BackgroundFill fill : background.getFills()) {
            if (fill.getFill() instanceof Color c) {
                return c;
            }
        }
        return null;
    }

    private static Effect effectFor(Color page, ImageView view) {
        Image image = view.getImage();
        if (page == null || page.getBrightness() >= 0.5 || image == null || image.getProgress() < 1 || image.isError()) {
            return null;
        }
        Object known = view.getProperties().get(DiagramTheme.class);
        boolean diagram = known instanceof Boolean b ? b : onWhite(image);
        view.getProperties().put(DiagramTheme.class, diagram);
        if (!diagram) {
            return null;
        }
        double width = view.getLayoutBounds().getWidth();
        double height = view.getLayoutBounds().getHeight();
        return width <= 0 || height <= 0 ? null : turnedOver(width, height, page);
    }

    /**
     * Lightness turned over, hues kept: white minus the image (black paper, white ink), every hue turned half a circle
     * back to where it was, then the theme's page colour added so the paper is the page. Sized to the image as laid
     * out (a larger colour input would draw outside it).
     */
    static Effect turnedOver(double width, double height, Color page) {
        Blend inverted = new Blend(BlendMode.DIFFERENCE);
        inverted.setBottomInput(null); // the image
        inverted.setTopInput(new ColorInput(0, 0, width, height, Color.WHITE));
        ColorAdjust hues = new ColorAdjust(1.0, 0, 0, 0); // a half turn of the colour wheel: hue + 180°
        hues.setInput(inverted);
        Blend onPage = new Blend(BlendMode.ADD);
        onPage.setBottomInput(hues);
        onPage.setTopInput(new ColorInput(0, 0, width, height, page));
        return onPage;
    }

    /** Whether the image is drawn on white: {@link #PAPER_EDGE_SHARE} of the pixels along its four edges are paper. */
    static boolean onWhite(Image image) {
        PixelReader pixels = image.getPixelReader();
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        if (pixels == null || width <= 0 || height <= 0) {
            return false;
        }
        int seen = 0;
        int paper = 0;
        int stepX = Math.max(1, width / 200);
        int stepY = Math.max(1, height / 200);
        for (int x = 0; x < width; x += stepX) {
            paper += paper(pixels.getColor(x, 0)) + paper(pixels.getColor(x, height - 1));
            seen += 2;
        }
        for (int y = 0; y < height; y += stepY) {
            paper += paper(pixels.getColor(0, y)) + paper(pixels.getColor(width - 1, y));
            seen += 2;
        }
        return paper >= PAPER_EDGE_SHARE * seen;
    }

    private static int paper(Color c) {
        return c.getOpacity() > 0.9 && c.getRed() >= PAPER && c.getGreen() >= PAPER && c.getBlue() >= PAPER ? 1 : 0;
    }
}

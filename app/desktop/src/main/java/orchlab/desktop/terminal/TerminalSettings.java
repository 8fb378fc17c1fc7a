package orchlab.desktop.terminal;

import com.techsenger.jeditermfx.core.Color;
import com.techsenger.jeditermfx.core.TerminalColor;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.ui.settings.DefaultSettingsProvider;
import java.util.List;
import javafx.scene.text.Font;

/**
 * JediTermFX settings for the lab: a monospace font that exists on the machine, no AWT bell, and the colours of the
 * app's theme (AtlantaFX Primer light or dark), which follow a theme switch: the colours are looked up at each paint.
 */
final class TerminalSettings extends DefaultSettingsProvider {
    /** Primer light's canvas and text, and its selection. */
    static final Color LIGHT_BACKGROUND = new Color(0xff, 0xff, 0xff);
    static final Color LIGHT_FOREGROUND = new Color(0x24, 0x29, 0x2f);
    static final Color LIGHT_SELECTION = new Color(0xb6, 0xe3, 0xff);
    /** Primer dark's canvas and text, and its selection. */
    static final Color DARK_BACKGROUND = new Color(0x0d, 0x11, 0x17);
    static final Color DARK_FOREGROUND = new Color(0xc9, 0xd1, 0xd9);
    static final Color DARK_SELECTION = new Color(0x26, 0x4f, 0x78);

    private volatile boolean dark;
    private final TerminalColor background = new TerminalColor(() -> dark ? DARK_BACKGROUND : LIGHT_BACKGROUND);
    private final TerminalColor foreground = new TerminalColor(() -> dark ? DARK_FOREGROUND : LIGHT_FOREGROUND);
    private final TerminalColor selection = new TerminalColor(() -> dark ? DARK_SELECTION : LIGHT_SELECTION);

    /** Preferred families, first found wins; JavaFX's logical "Monospaced" always exists. */
    static final List<String> FONT_FAMILIES =
            List.of("DejaVu Sans Mono", "Menlo", "SF Mono", "Consolas", "Liberation Mono", "Noto Sans Mono");
    static final String FALLBACK_FAMILY = "Monospaced";
    private static final float FONT_SIZE = 13;

    private volatile String family;

    @Override
    public Font getTerminalFont() {
        return Font.font(fontFamily(), getTerminalFontSize());
    }

    @Override
    public float getTerminalFontSize() {
        return FONT_SIZE;
    }

    void setDark(boolean value) {
        dark = value;
    }

    boolean isDark() {
        return dark;
    }

    @Override
    public TerminalColor getDefaultBackground() {
        return background;
    }

    @Override
    public TerminalColor getDefaultForeground() {
        return foreground;
    }

    /** The text's own colours (JediTermFX's default is black on white whatever the background). */
    @Override
    public TextStyle getDefaultStyle() {
        return new TextStyle(foreground, background);
    }

    @Override
    public TextStyle getSelectionColor() {
        return new TextStyle(foreground, selection);
    }

    @Override
    public boolean useInverseSelectionColor() {
        return false;
    }

    /** JediTermFX rings the bell through java.awt.Toolkit, which a JavaFX app should not start. */
    @Override
    public boolean audibleBell() {
        return false;
    }

    String fontFamily() {
        String f = family;
        if (f == null) {
            f = pick(Font.getFamilies());
            family = f;
        }
        return f;
    }

    static String pick(List<String> installed) {
        return FONT_FAMILIES.stream().filter(installed::contains).findFirst().orElse(FALLBACK_FAMILY);
    }
}

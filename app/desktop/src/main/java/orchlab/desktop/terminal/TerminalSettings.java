package orchlab.desktop.terminal;

import com.techsenger.jeditermfx.ui.settings.DefaultSettingsProvider;
import java.util.List;
import javafx.scene.text.Font;

/** JediTermFX settings for the lab: a monospace font that exists on the machine, and no AWT bell. */
final class TerminalSettings extends DefaultSettingsProvider {
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

package orchlab.desktop.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.techsenger.jeditermfx.core.TextStyle;
import org.junit.jupiter.api.Test;

class TerminalSettingsTest {
    @Test
    void textIsWrittenInTheThemesColoursAndFollowsASwitchOfTheTheme() {
        TerminalSettings settings = new TerminalSettings();
        TextStyle text = settings.getDefaultStyle();

        assertThat(text.getBackground().toColor()).isEqualTo(TerminalSettings.LIGHT_BACKGROUND);
        assertThat(text.getForeground().toColor()).isEqualTo(TerminalSettings.LIGHT_FOREGROUND);
        settings.setDark(true);
        assertThat(text.getBackground().toColor()).as("text written before the switch").isEqualTo(TerminalSettings.DARK_BACKGROUND);
        assertThat(text.getForeground().toColor()).isEqualTo(TerminalSettings.DARK_FOREGROUND);
        assertThat(settings.getSelectionColor().getBackground().toColor()).isEqualTo(TerminalSettings.DARK_SELECTION);
    }
}

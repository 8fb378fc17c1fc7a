package orchlab.desktop.exercise;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.MessageSkin;
import javafx.scene.control.Skin;
import javafx.scene.text.Text;

/**
 * A {@link Notice} as an AtlantaFX {@link Message} banner whose text is shown exactly as written.
 *
 * <p>AtlantaFX reads a Message's description as BBCode, so text from commands and packs went wrong there: Helm's
 * {@code [INFO] Chart.yaml: icon is recommended} is an unknown tag, {@code [b]} turned bold and an unbalanced bracket
 * failed. This banner keeps the Message's look (colours, close button) and puts the text in one plain {@link Text}.
 */
public final class NoticeBanner extends Message {
    /** @param onClose what the close button does (remove the notice from whatever holds it) */
    public NoticeBanner(Notice notice, Runnable onClose) {
        super(null, notice.text());
        getStyleClass().add(switch (notice.level()) {
            case INFO -> atlantafx.base.theme.Styles.ACCENT;
            case SUCCESS -> atlantafx.base.theme.Styles.SUCCESS;
            case WARNING -> atlantafx.base.theme.Styles.WARNING;
            case ERROR -> atlantafx.base.theme.Styles.DANGER;
        });
        setOnClose(e -> onClose.run());
    }

    /**
     * Its height depends on its width (the text wraps): a parent asks for the height at the width it gives, instead of
     * laying out the one-line height and letting the wrapped lines spill over what comes below (seen at 1024x768: an
     * Apply refusal drawn under the task text).
     */
    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new MessageSkin(this) {
            @Override
            protected void setDescriptionText() {
                descriptionText.getChildren().clear();
                String text = getSkinnable().getDescription();
                if (text != null && !text.isBlank()) {
                    descriptionText.getChildren().add(new Text(text));
                }
            }
        };
    }
}

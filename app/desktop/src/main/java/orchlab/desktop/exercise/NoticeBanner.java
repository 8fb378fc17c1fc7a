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
            {
                // once the text has its width, the height it needs is known: lay the banner out again
                descriptionText.widthProperty().addListener((o, before, now) -> getSkinnable().requestLayout());
            }

            // AtlantaFX sizes a Message from its text's last bounds, ignoring the width it is given: a message that
            // wraps got a one-line height and its other lines were drawn over what comes below (seen at 1024x768: an
            // Apply refusal under the task text). The banner asks for the height of its text wrapped at its width.
            @Override
            protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
                return Math.max(super.computePrefHeight(width, top, right, bottom, left), wrappedHeight(width));
            }

            @Override
            protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
                return Math.max(super.computeMinHeight(width, top, right, bottom, left), wrappedHeight(width));
            }

            /** What sits beside and above the text is taken from the last layout (the text's padding is even). */
            private double wrappedHeight(double width) {
                Message banner = getSkinnable();
                double textWidth = descriptionText.getWidth();
                if (width <= 0 || banner.getWidth() <= 0 || textWidth <= 0 || !descriptionText.isManaged()) {
                    return 0;
                }
                double beside = banner.getWidth() - textWidth;
                double above = banner.sceneToLocal(descriptionText.localToScene(0, 0)).getY();
                return Math.ceil(2 * Math.max(0, above) + descriptionText.prefHeight(Math.max(1, width - beside)));
            }

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

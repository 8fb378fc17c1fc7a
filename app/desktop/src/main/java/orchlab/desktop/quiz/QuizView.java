package orchlab.desktop.quiz;

import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import orchlab.desktop.Styles;
import orchlab.engine.quiz.Question;

/** The quiz form: each question with its choices (radio buttons, or check boxes for several answers) or a text field, and its feedback after Check. */
public final class QuizView extends ScrollPane {
    private final QuizViewModel vm;
    private final Function<String, Node> markdown;
    private final VBox questions = new VBox(18);

    public QuizView(QuizViewModel vm, Function<String, Node> markdown) {
        this.vm = vm;
        this.markdown = markdown;
        getStyleClass().add(Styles.QUIZ);
        setFitToWidth(true);
        questions.setPadding(new Insets(12, 16, 16, 16));
        Label error = new Label();
        error.textProperty().bind(vm.errorProperty());
        error.setWrapText(true);
        error.getStyleClass().addAll(Styles.NOTICE, Styles.NOTICE_ERROR);
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        setContent(new VBox(8, error, questions));
        vm.items().addListener((ListChangeListener<QuizViewModel.Item>) c -> rebuild());
        rebuild();
    }

    private void rebuild() {
        questions.getChildren().setAll(vm.items().stream().map(this::question).toList());
    }

    private Node question(QuizViewModel.Item item) {
        Question q = item.question();
        Label title = new Label((vm.items().indexOf(item) + 1) + ". " + q.title());
        title.getStyleClass().add(Styles.RESULT_TITLE);
        Node text = markdown.apply(q.text());
        // the question's text sits right under its title, without a lesson page's margins
        text.getStyleClass().addAll("md-compact", "md-inline");
        VBox box = new VBox(6, title, text);
        box.setId("question-" + q.id());
        switch (q.type()) {
            case TEXT -> {
                TextField field = new TextField();
                field.setPromptText("your answer");
                field.textProperty().bindBidirectional(item.textProperty());
                box.getChildren().add(field);
            }
            case SINGLE -> {
                ToggleGroup group = new ToggleGroup();
                for (Question.Choice choice : q.choices()) {
                    RadioButton button = new RadioButton(choice.id() + ") " + choice.text());
                    button.setWrapText(true);
                    button.setToggleGroup(group);
                    button.setSelected(item.picked().contains(choice.id()));
                    button.selectedProperty().addListener((o, a, on) -> vm.choose(q.id(), choice.id(), on));
                    box.getChildren().add(button);
                }
            }
            case MULTIPLE -> {
                box.getChildren().add(muted("Pick every right answer."));
                for (Question.Choice choice : q.choices()) {
                    CheckBox button = new CheckBox(choice.id() + ") " + choice.text());
                    button.setWrapText(true);
                    button.setSelected(item.picked().contains(choice.id()));
                    button.selectedProperty().addListener((o, a, on) -> vm.choose(q.id(), choice.id(), on));
                    box.getChildren().add(button);
                }
            }
        }
        Label feedback = new Label();
        feedback.setWrapText(true);
        feedback.managedProperty().bind(feedback.visibleProperty());
        item.feedbackProperty().addListener((o, a, f) -> showFeedback(feedback, f));
        showFeedback(feedback, item.feedbackProperty().get());
        box.getChildren().add(feedback);
        return box;
    }

    private static void showFeedback(Label label, QuizViewModel.Feedback feedback) {
        label.getStyleClass().removeAll(Styles.RESULT_PASSED, Styles.RESULT_FAILED);
        label.setVisible(feedback != null);
        if (feedback != null) {
            label.setText((feedback.right() ? "✓ " : "✗ ") + feedback.message());
            label.getStyleClass().add(feedback.right() ? Styles.RESULT_PASSED : Styles.RESULT_FAILED);
        }
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.MUTED);
        return label;
    }
}

package orchlab.desktop.terminal;

import com.techsenger.jeditermfx.core.TerminalExecutorServiceManager;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import java.io.IOException;
import java.util.Objects;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;

/**
 * The built-in terminal: a JediTermFX terminal running {@link TerminalSpec}'s command on a {@link Pty}.
 *
 * <p>The pseudo-terminal follows the node's size. When the shell exits, the terminal says so and starts a new shell
 * on Enter. Where no terminal can start (Windows, a missing folder) the view shows why, in a sentence.
 *
 * <p>Call its methods on the JavaFX application thread, except {@link #screenText()} (any thread).
 */
public class TerminalView extends BorderPane {
    public static final String STYLE_CLASS = "orchlab-terminal";
    /** The label that says why no terminal is running. */
    public static final String MESSAGE_STYLE_CLASS = "orchlab-terminal-message";
    private static final String STYLESHEET = "/orchlab/desktop/terminal/terminal.css";
    private static final int INITIAL_COLUMNS = 80;
    private static final int INITIAL_ROWS = 24;

    private final TerminalSettings settings = new TerminalSettings();
    private final Label message = new Label();
    private TerminalSpec spec;
    private volatile Session session;

    public TerminalView(TerminalSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        getStyleClass().add(STYLE_CLASS);
        var css = TerminalView.class.getResource(STYLESHEET);
        if (css != null) {
            getStylesheets().add(css.toExternalForm());
        }
        message.getStyleClass().add(MESSAGE_STYLE_CLASS);
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        setMinSize(0, 0);
    }

    /** Follows the app's theme: the terminal's background, text and selection become Primer dark's or light's. */
    public void setDark(boolean dark) {
        settings.setDark(dark);
        Session current = session;
        if (current != null) {
            current.widget.getTerminalPanel().repaint();
        }
    }

    /** The colour the terminal paints its background with now (what a theme switch changes). */
    public javafx.scene.paint.Color background() {
        Session current = session;
        return current == null ? null : current.widget.getTerminalPanel().getBackground();
    }

    /** Starts the shell, unless it is running already. */
    public void start() {
        if (session == null || !session.isRunning()) {
            startSession();
        }
    }

    /** Ends the current shell (and what it started) and starts {@code newSpec}'s: e.g. another exercise's namespace. */
    public void restart(TerminalSpec newSpec) {
        spec = Objects.requireNonNull(newSpec, "newSpec");
        startSession();
    }

    /**
     * Types {@code commandLine} and Enter into the shell, as the lessons' "Run in terminal" buttons do; starts the
     * shell first when it is not running.
     */
    public void runCommand(String commandLine) {
        start();
        if (session != null) {
            session.type(commandLine + "\r");
            session.focus();
        }
    }

    /** The visible screen, one line per row without trailing blanks; or the reason no terminal runs. */
    public String screenText() {
        Session current = session;
        if (current == null) {
            return message.getText();
        }
        return current.widget.getTerminalTextBuffer().getScreenLines().lines()
                .map(String::stripTrailing)
                .collect(Collectors.joining("\n"))
                .stripTrailing();
    }

    /** The terminal's size as {@code COLUMNSxROWS}, or null when no terminal is shown; for tests. */
    String terminalSize() {
        Session current = session;
        if (current == null) {
            return null;
        }
        var buffer = current.widget.getTerminalTextBuffer();
        return buffer.getWidth() + "x" + buffer.getHeight();
    }

    /** Whether a shell is running (not ended, not closed). */
    public boolean isRunning() {
        return session != null && session.isRunning();
    }

    public TerminalSpec spec() {
        return spec;
    }

    /** Ends the shell and what it started, and releases the terminal. */
    public void close() {
        Session current = session;
        session = null;
        if (current != null) {
            current.close();
        }
        setCenter(null);
    }

    private void startSession() {
        close();
        Pty pty;
        try {
            pty = Pty.start(spec.command(), spec.workDir(), spec.env(), INITIAL_COLUMNS, INITIAL_ROWS);
        } catch (IOException e) {
            message.setText(e.getMessage());
            setCenter(message);
            return;
        }
        Session started = new Session(pty);
        session = started;
        setCenter(started.widget.getPane());
        started.widget.start();
        started.focus();
    }

    /** One shell: its pseudo-terminal and the widget showing it. A new shell gets a new widget. */
    private final class Session {
        final Pty pty;
        final ExitAwareConnector connector;
        final JediTermFxWidget widget;

        Session(Pty pty) {
            this.pty = pty;
            this.connector = new ExitAwareConnector(new PtyTtyConnector(pty), this::enterAfterExit);
            this.widget = new JediTermFxWidget(INITIAL_COLUMNS, INITIAL_ROWS, settings) {
                @Override
                protected TerminalExecutorServiceManager createExecutorServiceManager() {
                    return new DaemonExecutors();
                }
            };
            widget.setTtyConnector(connector);
        }

        boolean isRunning() {
            return pty.isAlive() && !connector.exited();
        }

        void type(String text) {
            // the same path as keys typed: queued on the terminal's writer thread, never blocking this one
            widget.getTerminalPanel().getTerminalOutputStream().sendString(text, true);
        }

        void focus() {
            widget.getTerminalPanel().getCanvas().requestFocus();
        }

        private void enterAfterExit() {
            Platform.runLater(() -> {
                if (session == this) {
                    startSession();
                }
            });
        }

        void close() {
            widget.close();
            // hang-up, then kill after a short grace period: off the FX thread
            Thread closer = new Thread(connector::close, "orchlab-terminal-close");
            closer.setDaemon(true);
            closer.start();
        }
    }
}

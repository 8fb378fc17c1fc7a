package orchlab.desktop;

/** Style classes of the app's own stylesheet ({@code orchlab/desktop/app.css}). */
public final class Styles {
    public static final String APP = "orchlab";
    public static final String PANE_HEADER = "pane-header";
    public static final String PANE_TITLE = "pane-title";
    public static final String MUTED = "muted";
    public static final String NAVIGATOR = "navigator";
    public static final String NAV_STATUS_DONE = "nav-done";
    public static final String NAV_STATUS_ATTEMPTED = "nav-attempted";
    public static final String NAV_STATUS_NONE = "nav-none";
    /** An exercise that did not load (the navigator's warning). */
    public static final String NAV_STATUS_BROKEN = "nav-broken";
    /** The page that lists a broken exercise's problems. */
    public static final String BROKEN_EXERCISE = "broken-exercise";
    public static final String WARNING_ICON = "warning-icon";
    public static final String COURSE_PROGRESS = "course-progress";
    public static final String LESSON = "lesson";
    public static final String EXERCISE = "exercise";
    public static final String TOOLBAR = "lab-toolbar";
    public static final String TASK = "task";
    /** The exercise's title row above the task (a click folds the task). */
    public static final String TASK_TITLE = "task-title";
    public static final String RESULTS = "results";
    public static final String RESULT_ROW = "result-row";
    public static final String RESULT_PASSED = "result-passed";
    public static final String RESULT_FAILED = "result-failed";
    public static final String RESULT_ERROR = "result-error";
    public static final String RESULT_RUNNING = "result-running";
    public static final String RESULT_PENDING = "result-pending";
    public static final String RESULT_TITLE = "result-title";
    public static final String RESULT_MESSAGE = "result-message";
    /** A run of a check's message or hint (a Text: coloured by {@code -fx-fill}); {@link #RESULT_CODE} for its {@code `code`}. */
    public static final String RESULT_TEXT = "result-text";
    public static final String RESULT_CODE = "result-code";
    public static final String RESULT_LOCATION = "result-location";
    public static final String FIELD_PATH = "field-path";
    public static final String FIELD_EXPECTED = "field-expected";
    public static final String FIELD_ACTUAL = "field-actual";
    public static final String SCORE = "score";
    public static final String HINT = "hint";
    public static final String HINT_BOX = "hint-box";
    public static final String EXERCISE_HEADER = "exercise-header";
    public static final String NOTICE = "notice";
    public static final String NOTICE_ERROR = "notice-error";
    public static final String NOTICE_WARNING = "notice-warning";
    public static final String NOTICE_INFO = "notice-info";
    public static final String NOTICE_SUCCESS = "notice-success";
    public static final String STATUS_BAR = "status-bar";
    public static final String STATUS_DOT = "status-dot";
    public static final String STATUS_OK = "status-ok";
    public static final String STATUS_WARN = "status-warn";
    public static final String STATUS_DOWN = "status-down";
    public static final String STATUS_OFF = "status-off";
    public static final String SIMULATED = "simulated";
    public static final String QUIZ = "quiz";
    public static final String OUTPUT = "output";
    public static final String PROBLEMS = "problems";
    public static final String EMPTY_STATE = "empty-state";
    /** A file's tab while its editor holds text not yet in the file, and the dot it shows. */
    public static final String UNSAVED = "unsaved";
    public static final String UNSAVED_DOT = "unsaved-dot";
    /** The bottom panel's tab headers with less padding (a narrow panel). */
    public static final String COMPACT_TABS = "compact-tabs";

    private Styles() {
    }
}

package orchlab.desktop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import orchlab.desktop.exercise.ExerciseViewModel;
import orchlab.desktop.exercise.Notice;
import orchlab.desktop.lesson.LessonViewModel;
import orchlab.desktop.lesson.MarkdownView;
import orchlab.desktop.navigator.NavItem;
import orchlab.desktop.navigator.NavigatorViewModel;
import orchlab.desktop.settings.Settings;
import orchlab.desktop.status.StatusBarViewModel;
import orchlab.engine.check.CheckReport;
import orchlab.engine.check.cel.CelExpression;
import orchlab.engine.course.Course;
import orchlab.engine.course.Exercise;
import orchlab.engine.course.Lesson;
import orchlab.engine.course.LoadResult;
import orchlab.engine.course.Problem;
import orchlab.engine.progress.CourseProgress;
import orchlab.engine.progress.ExerciseStatus;
import orchlab.engine.progress.ProgressExport;
import orchlab.engine.progress.ProgressStore;

/**
 * The window's state: which course is open (built-in or a pack), which lesson and exercise, the
 * learner's progress (saved after every check and every move, restored on the next start), the
 * problems of a pack that did not load cleanly, and messages from the start (a corrupt progress file).
 */
public final class MainViewModel {
    private final AppContext app;
    private final Executor fx;
    private final NavigatorViewModel navigator = new NavigatorViewModel();
    private final LessonViewModel lesson = new LessonViewModel();
    private final ExerciseViewModel exercise;
    private final StatusBarViewModel status;
    private final ObjectProperty<Course> course = new SimpleObjectProperty<>();
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final StringProperty problemsSource = new SimpleStringProperty("");
    private final ObservableList<Notice> messages = FXCollections.observableArrayList();
    private final ObjectProperty<Settings> settings = new SimpleObjectProperty<>();
    private final ObjectProperty<BrokenExercise> brokenExercise = new SimpleObjectProperty<>();
    private CourseProgress progress;
    private Path courseSource;
    /** Runs what follows a lesson just shown (its exercise: files, editor, sandbox) once the lesson has been drawn. */
    private Executor afterLessonDrawn;

    /**
     * An exercise a lesson lists that did not load, and the problems found in its folder (each with file:line), for the
     * page the exercise panel shows instead of an editor.
     */
    public record BrokenExercise(String id, List<Problem> problems) {
        public BrokenExercise {
            problems = List.copyOf(problems);
        }
    }

    public MainViewModel(AppContext app) {
        this.app = app;
        this.fx = app.fx();
        this.afterLessonDrawn = fx;
        this.settings.set(app.settings());
        this.exercise = new ExerciseViewModel(app.lab(), app.sandboxes(), app.workspaces(), app.fx(), app.background(),
                new ExerciseViewModel.Events() {
                    @Override
                    public void checked(Exercise ex, CheckReport report) {
                        recordCheck(ex, report);
                    }

                    @Override
                    public void fileSelected(Exercise ex, String file) {
                        Course c = course.get();
                        if (c != null) {
                            rememberFile(c.lessonOf(ex.id()).map(Lesson::id).orElse(null), ex.id(), file);
                        }
                    }

                    @Override
                    public void reset(Exercise ex) {
                        navigator.marks().put(ex.id(), progress == null ? NavItem.Mark.NOT_STARTED
                                : mark(progress.status(ex.id())));
                    }
                });
        this.status = new StatusBarViewModel(app.sandboxes(), app.fx(), app.background());
        navigator.selectedProperty().addListener((o, a, item) -> {
            if (item != null) {
                open(item);
            }
        });
        app.startupWarnings().forEach(w -> messages.add(Notice.warning(w)));
    }

    /**
     * The first start: opens the course Settings remember (or the built-in one) at the lesson and exercise
     * where the learner left off, and starts the sandbox.
     */
    public CompletableFuture<Void> start() {
        Path coursePath = initialCourse();
        CompletableFuture<LoadResult> read = preload();
        // called on the FX thread: a course already read is shown now, before the window's first layout (one layout
        // pass with the course in it instead of one without and one with)
        CompletableFuture<LoadResult> shown = read.isDone() && !read.isCompletedExceptionally()
                ? CompletableFuture.completedFuture(showLoadedProbed(coursePath, read.join()))
                : openCourse(coursePath, read);
        CompletableFuture<LoadResult> loaded = shown.thenCompose(result -> {
            if (result.course().isEmpty() && !coursePath.equals(app.builtInCourse())) {
                fx.execute(() -> messages.add(Notice.warning("The course last opened (" + coursePath
                        + ") could not be loaded; the built-in course is open instead.")));
                return openCourse(app.builtInCourse());
            }
            return CompletableFuture.completedFuture(result);
        });
        // the sandbox starts (and Docker is probed) once the course shows and its first lesson was drawn: its start
        // does not compete with that frame for the CPU (the exercise opened then may start it first: same sandbox)
        Executor lessonDrawn = afterLessonDrawn;
        CompletableFuture<Void> sandbox = loaded.handleAsync((r, e) -> null, fx)
                .thenComposeAsync(x -> status.startUp().exceptionally(e -> null), lessonDrawn);
        // a first read that left CEL expressions for later is followed, once the sandbox has started, by a full read:
        // what only the full read finds (a CEL expression that does not compile) reaches the Problems panel then
        CompletableFuture<Void> validated = sandbox.thenCompose(x -> preload()).thenCompose(first -> validate(coursePath, first))
                .exceptionally(e -> null);
        return CompletableFuture.allOf(sandbox, loaded.thenAccept(r -> { }), validated);
    }

    /**
     * Reads the course again in full when its first read left CEL expressions unchecked ({@link #preloadCompilingCelLater});
     * when that finds more than the first read did, the course is shown as the full read gives it (its problems listed,
     * an exercise that did not load marked), as long as the learner has not opened another course meanwhile.
     */
    private CompletableFuture<Void> validate(Path path, LoadResult first) {
        if (!celLeftForLater || first.course().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> StartupProbe.span("course-validated", () -> app.lab().loadCourse(path)),
                app.background()).thenAcceptAsync(full -> {
                    if (course.get() != first.course().get() || full.problems().equals(first.problems())) {
                        return;
                    }
                    showLoaded(path, full);
                }, fx);
    }

    private Path initialCourse() {
        return settings.get().lastCourse().map(Path::of).orElse(app.builtInCourse());
    }

    private CompletableFuture<LoadResult> preloaded;
    /** The preloaded read left CEL expressions neither compiled nor known to compile. */
    private volatile boolean celLeftForLater;

    /**
     * Starts reading the course the window will open, in the background, while the window is being built
     * (the start-up's longest step after the JVM's own).
     */
    public synchronized CompletableFuture<LoadResult> preload() {
        if (preloaded == null) {
            Path path = initialCourse();
            preloaded = CompletableFuture.supplyAsync(() -> StartupProbe.span("course-read",
                    () -> readAhead(app.lab().loadCourse(path))), app.background());
        }
        return preloaded;
    }

    /**
     * {@link #preload}, with the course's CEL expressions compiled on their first evaluation instead of while it is read
     * (CEL's compiler is the costliest part of a first read): the app's start, whose lesson then shows sooner. The full
     * read that reports a wrong expression follows in {@link #start}, once the sandbox has started.
     */
    public synchronized CompletableFuture<LoadResult> preloadCompilingCelLater() {
        if (preloaded == null) {
            Path path = initialCourse();
            preloaded = CompletableFuture.supplyAsync(() -> StartupProbe.span("course-read", () -> {
                CelExpression.Later<LoadResult> read = CelExpression.compilingLater(() -> app.lab().loadCourse(path));
                celLeftForLater = read.unchecked() > 0;
                return readAhead(read.value());
            }), app.background());
        }
        return preloaded;
    }

    /** What the background read of the course the window opens first also read: its progress file. */
    private record ReadAhead(Course course, ProgressStore.Loaded progress) {
    }

    private volatile ReadAhead readAhead;

    /**
     * On the loading thread, after the course the window opens first was read: reads its progress file and parses the
     * Markdown of the lesson it will resume at, so that showing them on the FX thread reads and parses nothing.
     */
    private LoadResult readAhead(LoadResult result) {
        result.course().ifPresent(c -> {
            try (StartupProbe.Span s = StartupProbe.span("read-ahead")) {
                ProgressStore.Loaded loaded = app.progress().load(c.id());
                readAhead = new ReadAhead(c, loaded);
                CourseProgress p = loaded.progress();
                p.lastExercise().flatMap(c::lessonOf)
                        .or(() -> p.lastLesson().flatMap(c::lesson))
                        .or(() -> c.lessons().stream().findFirst())
                        .ifPresent(l -> MarkdownView.parseAhead(l.markdown()));
            } catch (RuntimeException e) {
                readAhead = null;   // showing the course reads its progress itself, and reports what fails there
            }
        });
        return result;
    }

    /**
     * Loads a course folder or {@code .zip} pack, validated by the engine. A pack with errors still opens
     * what could be read, and its problems are listed with file:line; a pack that cannot be read at all
     * leaves the current course open.
     */
    public CompletableFuture<LoadResult> openCourse(Path dirOrZip) {
        return openCourse(dirOrZip, CompletableFuture.supplyAsync(() -> app.lab().loadCourse(dirOrZip), app.background()));
    }

    private CompletableFuture<LoadResult> openCourse(Path dirOrZip, CompletableFuture<LoadResult> loading) {
        return loading
                .thenApplyAsync(result -> showLoadedProbed(dirOrZip, result), fx);
    }

    private LoadResult showLoadedProbed(Path dirOrZip, LoadResult result) {
        try (StartupProbe.Span s = StartupProbe.span("course-shown")) {
            return showLoaded(dirOrZip, result);
        }
    }

    private LoadResult showLoaded(Path dirOrZip, LoadResult result) {
        problems.setAll(result.problems());
        problemsSource.set(result.problems().isEmpty() ? "" : dirOrZip.toString());
        result.course().ifPresent(c -> show(c, dirOrZip));
        if (result.course().isEmpty()) {
            messages.add(Notice.error(dirOrZip + " is not a course the lab can open: "
                    + result.problems().size() + " problem(s), listed in the Problems panel."));
        }
        return result;
    }

    private void show(Course c, Path source) {
        if (course.get() != null && course.get() != c) {
            // nothing of the course before stays on screen: its exercise, results, output and banners
            exercise.close();
            brokenExercise.set(null);
            messages.clear();
        }
        ReadAhead ahead = readAhead;
        readAhead = null;
        ProgressStore.Loaded loaded = ahead != null && ahead.course() == c ? ahead.progress() : app.progress().load(c.id());
        loaded.warning().ifPresent(w -> messages.add(Notice.warning(w)));
        progress = loaded.progress();
        courseSource = source;
        course.set(c);
        Path images = c.root().resolve("sim-images.yaml");
        if (app.sandboxes().useCourseImages(java.nio.file.Files.isRegularFile(images) ? Optional.of(images) : Optional.empty())) {
            messages.add(Notice.info("Restarting the simulated cluster with the images this course describes (sim-images.yaml)."));
            status.startKubernetes();
        }
        Map<String, NavItem.Mark> marks = new HashMap<>();
        for (String id : c.exercises().keySet()) {
            marks.put(id, mark(progress.status(id)));
        }
        navigator.show(c, marks);
        boolean builtIn = source.toAbsolutePath().normalize().equals(app.builtInCourse().toAbsolutePath().normalize());
        Settings withCourse = settings.get().withCourse(builtIn ? null : source.toAbsolutePath().toString());
        if (!withCourse.equals(settings.get())) {
            updateSettings(withCourse);   // written only when the course changed
        }
        Optional<NavItem> resume = progress.lastExercise().flatMap(id -> navigator.find(NavItem.Type.EXERCISE, id))
                .or(() -> progress.lastLesson().flatMap(id -> navigator.find(NavItem.Type.LESSON, id)))
                .or(() -> c.lessons().stream().findFirst().flatMap(l -> navigator.find(NavItem.Type.LESSON, l.id())));
        if (resume.isPresent()) {
            navigator.selectedProperty().set(null);
            navigator.selectedProperty().set(resume.get());
        } else {
            lesson.clear();
        }
    }

    /** Opens what the navigator selected: a lesson (and its first exercise), an exercise (and its lesson). */
    public void open(NavItem item) {
        Course c = course.get();
        if (c == null) {
            return;
        }
        switch (item.type()) {
            case MODULE -> {
                // a module only groups lessons
            }
            case LESSON -> c.lesson(item.id()).ifPresent(l -> {
                boolean drawn = !showLesson(c, l);
                Optional<Exercise> first = l.exerciseIds().stream().map(c::exercise).flatMap(Optional::stream).findFirst();
                // the lesson is drawn first; the exercise (files, editor, sandbox) follows (unless another lesson opened since)
                (drawn ? fx : afterLessonDrawn).execute(() -> {
                    if (lesson.lessonProperty().get() == l && course.get() == c) {
                        first.ifPresentOrElse(ex -> openExercise(c, ex), () -> remember(l.id(), null));
                    }
                });
            });
            case EXERCISE -> c.exercise(item.id()).ifPresentOrElse(ex -> {
                Optional<Lesson> of = c.lessonOf(ex.id());
                boolean lessonChanged = of.map(l -> showLesson(c, l)).orElse(false);
                (lessonChanged ? afterLessonDrawn : fx).execute(() -> {
                    if (course.get() == c && (of.isEmpty() || lesson.lessonProperty().get() == of.get())) {
                        openExercise(c, ex);
                    }
                });
            }, () -> openBroken(c, item.id()));
        }
    }

    /** Shows the lesson; true when it was not the one shown already. */
    private boolean showLesson(Course c, Lesson l) {
        if (lesson.lessonProperty().get() == l) {
            return false;
        }
        try (StartupProbe.Span s = StartupProbe.span("lesson-shown")) {
            lesson.show(c, l);
        }
        return true;
    }

    /**
     * Where the exercise of a lesson just shown is opened: the app passes "after the next frame", so the lesson is on
     * screen before the exercise's files, editor and sandbox are prepared; without a window (tests) the next turn of
     * the FX executor.
     */
    public void openExercisesAfter(Executor lessonDrawn) {
        this.afterLessonDrawn = lessonDrawn;
    }

    /**
     * The course's own file a problem names ({@code exercises/web/exercise.yaml}), in the folder the course was opened
     * from (a {@code .zip} pack's unpacked copy), if it is there.
     */
    public Optional<Path> packFile(Problem problem) {
        String file = problem.location().file();
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        Course c = course.get();
        java.util.List<Path> roots = new java.util.ArrayList<>();
        if (c != null) {
            roots.add(c.root());
        }
        if (!problemsSource.get().isEmpty()) {
            roots.add(Path.of(problemsSource.get()));
        }
        for (Path root : roots) {
            Path resolved = root.resolve(file).toAbsolutePath().normalize();
            if (resolved.startsWith(root.toAbsolutePath().normalize()) && java.nio.file.Files.isRegularFile(resolved)) {
                return Optional.of(resolved);
            }
        }
        return Optional.empty();
    }

    /** True when the course was opened from a folder (its files can be fixed in place), not from a {@code .zip} pack. */
    public boolean courseIsFolder() {
        return courseSource != null && java.nio.file.Files.isDirectory(courseSource);
    }

    /** Opens the course again from where it was opened (after its files were fixed). */
    public CompletableFuture<LoadResult> reopenCourse() {
        return openCourse(courseSource != null ? courseSource : app.builtInCourse());
    }

    /** A broken exercise: its lesson shows, the exercise panel lists what is wrong with it (nothing of the one before stays). */
    private void openBroken(Course c, String id) {
        c.lessonOf(id).ifPresent(l -> showLesson(c, l));
        exercise.close();
        brokenExercise.set(new BrokenExercise(id, problemsOf(id)));
        rememberFile(c.lessonOf(id).map(Lesson::id).orElse(null), id, null);
    }

    /** The problems found in an exercise's folder ({@code exercises/<id>/...}), or that name it. */
    List<Problem> problemsOf(String exerciseId) {
        String folder = "exercises/" + exerciseId;
        return problems.stream().filter(p -> {
            String file = p.location().file().replace('\\', '/');
            return file.equals(folder) || file.startsWith(folder + "/") || p.message().contains("'" + exerciseId + "'");
        }).toList();
    }

    private void openExercise(Course c, Exercise ex) {
        brokenExercise.set(null);
        if (exercise.exerciseProperty().get() == ex) {
            return;
        }
        Optional<String> lastFile = progress != null && progress.lastExercise().filter(ex.id()::equals).isPresent()
                ? progress.lastFile() : Optional.empty();
        try (StartupProbe.Span s = StartupProbe.span("exercise-opened")) {
            exercise.open(c, ex, progress == null ? Optional.empty() : progress.exercise(ex.id()).lastReport(), lastFile);
        }
        rememberFile(c.lessonOf(ex.id()).map(Lesson::id).orElse(null), ex.id(), lastFile.orElse(null));
    }

    /** Opens a lesson by its file (a link in another lesson). */
    public void openLessonFile(Path file) {
        lesson.lessonAt(file).flatMap(l -> navigator.find(NavItem.Type.LESSON, l.id()))
                .ifPresent(item -> navigator.selectedProperty().set(item));
    }

    private void remember(String lessonId, String exerciseId) {
        rememberFile(lessonId, exerciseId, null);
    }

    private void rememberFile(String lessonId, String exerciseId, String file) {
        Course c = course.get();
        if (c == null) {
            return;
        }
        try {
            progress = app.progress().recordOpened(c.id(), lessonId, exerciseId, file);
        } catch (IOException e) {
            messages.add(Notice.warning("Where you are in the course could not be saved: " + e.getMessage()));
        }
    }

    private void recordCheck(Exercise ex, CheckReport report) {
        Course c = course.get();
        if (c == null) {
            return;
        }
        try {
            progress = app.progress().recordCheck(c.id(), report);
        } catch (IOException e) {
            messages.add(Notice.error("Your progress could not be saved to " + app.progress().dir() + ": " + e.getMessage()));
        }
        navigator.mark(ex.id(), progress == null ? (report.passed() ? NavItem.Mark.DONE : NavItem.Mark.ATTEMPTED)
                : mark(progress.status(ex.id())));
    }

    static NavItem.Mark mark(ExerciseStatus status) {
        return switch (status) {
            case DONE -> NavItem.Mark.DONE;
            case ATTEMPTED -> NavItem.Mark.ATTEMPTED;
            case NOT_STARTED -> NavItem.Mark.NOT_STARTED;
        };
    }

    /** Saves Settings (theme, sandbox choice, layout); a failure becomes a message, never a crash. */
    public void updateSettings(Settings changed) {
        settings.set(changed);
        app.setSettings(changed);
        try {
            app.settingsStore().save(changed);
        } catch (IOException e) {
            messages.add(Notice.warning("Settings could not be saved to " + app.settingsStore().file() + ": " + e.getMessage()));
        }
    }

    /** Exports the learner's progress in this course for an instructor: JSON, or JUnit XML of each last check. */
    public void exportProgress(Path out, boolean junit) throws IOException {
        Course c = course.get();
        if (c == null || progress == null) {
            throw new IOException("no course is open");
        }
        ProgressExport export = ProgressExport.forCurrentUser(java.time.Clock.systemDefaultZone());
        if (junit) {
            export.exportJUnit(progress, c, out);
        } else {
            export.exportJson(progress, c, out);
        }
    }

    public AppContext app() {
        return app;
    }

    public NavigatorViewModel navigator() {
        return navigator;
    }

    public LessonViewModel lesson() {
        return lesson;
    }

    public ExerciseViewModel exercise() {
        return exercise;
    }

    public StatusBarViewModel status() {
        return status;
    }

    public ObjectProperty<Course> courseProperty() {
        return course;
    }

    public ObservableList<Problem> problems() {
        return problems;
    }

    public StringProperty problemsSourceProperty() {
        return problemsSource;
    }

    public ObservableList<Notice> messages() {
        return messages;
    }

    /** The broken exercise whose problems the exercise panel shows; null while a loaded exercise (or none) is open. */
    public ObjectProperty<BrokenExercise> brokenExerciseProperty() {
        return brokenExercise;
    }

    public ObjectProperty<Settings> settingsProperty() {
        return settings;
    }
}

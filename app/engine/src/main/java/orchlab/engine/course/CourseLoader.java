package orchlab.engine.course;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import orchlab.engine.check.CheckKinds;
import orchlab.engine.exercise.ExerciseDriver;
import orchlab.engine.yaml.Location;
import orchlab.engine.yaml.YamlDoc;
import orchlab.engine.yaml.YamlSyntaxException;

/**
 * Reads a course — the repository's built-in one or an instructor's pack, a folder or a {@code .zip} —
 * and reports <em>every</em> problem with {@code file:line:column} and a suggestion. Never throws on
 * bad input: a pack is untrusted.
 *
 * <pre>
 * lessons/course.yaml          course index: id, title, version, modules → ordered lessons
 * lessons/&lt;module&gt;/&lt;lesson&gt;.md  Markdown with front matter (title, exercises)
 * exercises/&lt;id&gt;/exercise.yaml  checks, hints, setup; starter/ and solution/ beside it
 * assets/                      images and other files lessons use
 * </pre>
 */
public final class CourseLoader {
    public static final String COURSE_INDEX = "lessons/course.yaml";
    public static final Pattern ID = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    static final String ID_RULE = "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

    private static final Set<String> COURSE_KEYS = Set.of("id", "title", "version", "description", "modules");
    private static final Set<String> MODULE_KEYS = Set.of("id", "title", "lessons");
    private static final Set<String> LESSON_KEYS = Set.of("title", "exercises");

    private final CheckKinds kinds;
    private final orchlab.engine.kind.ExerciseKinds exerciseKinds;

    public CourseLoader(CheckKinds kinds, orchlab.engine.kind.ExerciseKinds exerciseKinds) {
        this.kinds = kinds;
        this.exerciseKinds = exerciseKinds;
    }

    /** Check kinds and exercise kinds found on the class path. */
    public static CourseLoader standard() {
        return new CourseLoader(CheckKinds.discover(), orchlab.engine.kind.ExerciseKinds.discover());
    }

    public CheckKinds kinds() {
        return kinds;
    }

    /** Loads a course folder or a {@code .zip} pack (unpacked into a temporary folder). */
    public LoadResult load(Path dirOrZip) {
        Problems problems = new Problems();
        try {
            Path root = dirOrZip;
            if (Files.isRegularFile(dirOrZip) && dirOrZip.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
                Path target = Files.createTempDirectory("orchlab-pack-");
                TempDirs.deleteOnExit(target);
                root = ZipPack.unpack(dirOrZip, target, problems);
            }
            if (!Files.isDirectory(root)) {
                problems.error(Location.ofFile(dirOrZip), "no course here: expected a folder or a .zip file",
                        "point to the folder that holds lessons/ and exercises/");
                return new LoadResult(Optional.empty(), problems.asList());
            }
            Optional<Course> course = new Reading(new PackFiles(root), problems).course();
            return new LoadResult(course, problems.asList());
        } catch (IOException e) {
            problems.error(Location.ofFile(dirOrZip), "cannot read the course: " + e.getMessage());
            return new LoadResult(Optional.empty(), problems.asList());
        }
    }

    /** One load: the pack's files and the problems found so far. */
    private final class Reading {
        private final PackFiles files;
        private final Problems problems;

        Reading(PackFiles files, Problems problems) {
            this.files = files;
            this.problems = problems;
        }

        Optional<Course> course() {
            Path indexFile = files.root().resolve(COURSE_INDEX);
            if (!Files.exists(indexFile)) {
                problems.error(Location.ofFile(COURSE_INDEX), "the course index is missing",
                        "create lessons/course.yaml with id, title, version and modules (see app/docs/course-format.md)");
                return Optional.empty();
            }
            Optional<YamlDoc> index = parse(indexFile);
            checkFileSizes();
            Map<String, Exercise> exercises = readExercises();
            if (index.isEmpty()) {
                return Optional.empty();
            }
            YamlDoc doc = index.get();
            YamlFields course = new YamlFields(doc, "", problems, "the course index");
            if (!course.requireObject()) {
                return Optional.empty();
            }
            course.allowOnly(COURSE_KEYS);
            String id = course.matching("id", true, ID, ID_RULE).orElse("course");
            String title = course.string("title", true).orElse(id);
            String version = course.string("version", true).orElse("0");
            List<CourseModule> modules = readModules(doc, exercises);
            crossCheck(modules, exercises);
            return Optional.of(new Course(id, title, version, files.root(), modules, exercises));
        }

        private List<CourseModule> readModules(YamlDoc doc, Map<String, Exercise> exercises) {
            JsonNode list = doc.root().get("modules");
            if (list == null || list.isNull()) {
                problems.error(doc.locate(""), "the course index needs 'modules' (a list)", "add 'modules:' with at least one module");
                return List.of();
            }
            if (!list.isArray() || list.isEmpty()) {
                problems.error(doc.locate("/modules"), "'modules' must be a non-empty list, found " + YamlFields.typeName(list));
                return List.of();
            }
            List<CourseModule> modules = new ArrayList<>();
            Map<String, Location> moduleIds = new HashMap<>();
            Map<String, Location> lessonFiles = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                String pointer = "/modules/" + i;
                YamlFields module = new YamlFields(doc, pointer, problems, "module " + (i + 1));
                if (!module.requireObject()) {
                    continue;
                }
                module.allowOnly(MODULE_KEYS);
                String moduleId = module.matching("id", true, ID, ID_RULE).orElse("module-" + (i + 1));
                Location previous = moduleIds.putIfAbsent(moduleId, module.locate("id"));
                if (previous != null) {
                    problems.error(module.locate("id"), "module id '" + moduleId + "' is used twice (first at " + previous + ")", "give each module its own id");
                }
                String title = module.string("title", true).orElse(moduleId);
                List<Lesson> lessons = new ArrayList<>();
                List<String> paths = module.strings("lessons", true);
                for (int j = 0; j < paths.size(); j++) {
                    Location where = doc.locate(pointer + "/lessons/" + j);
                    String written = paths.get(j);
                    Location first = lessonFiles.putIfAbsent(written, where);
                    if (first != null) {
                        problems.error(where, "lesson " + written + " is listed twice (first at " + first + ")", "list each lesson once");
                        continue;
                    }
                    if (!written.endsWith(".md")) {
                        problems.error(where, "lesson '" + written + "' must be a Markdown file ending in .md");
                        continue;
                    }
                    readLesson(written, where).ifPresent(lessons::add);
                }
                modules.add(new CourseModule(moduleId, title, lessons));
            }
            return modules;
        }

        private Optional<Lesson> readLesson(String written, Location where) {
            Path lessonsDir = files.root().resolve("lessons");
            Optional<Path> file = files.resolve(lessonsDir, written, where, problems);
            if (file.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> text = files.readText(file.get(), where, problems);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            String display = files.display(file.get());
            FrontMatter fm = FrontMatter.split(text.get());
            String id = written.substring(0, written.length() - 3);
            String title = id;
            List<String> exerciseIds = List.of();
            if (fm.yaml().isEmpty()) {
                problems.error(Location.ofFile(display).atLine(1), "lesson has no front matter",
                        "start the file with ---, 'title: ...' and 'exercises: [...]', then ---");
            } else {
                try {
                    YamlDoc doc = YamlDoc.parse(display, fm.yaml().get());
                    YamlFields lesson = new YamlFields(doc, "", problems, "the lesson's front matter");
                    if (lesson.requireObject()) {
                        lesson.allowOnly(LESSON_KEYS);
                        title = lesson.string("title", true).orElse(id);
                        exerciseIds = lesson.strings("exercises", false);
                        lessonExerciseLocations.put(id, doc);
                    }
                } catch (YamlSyntaxException e) {
                    problems.error(e.location(), e.getMessage());
                }
            }
            return Optional.of(new Lesson(id, title, file.get(), fm.body(), exerciseIds));
        }

        private final Map<String, YamlDoc> lessonExerciseLocations = new HashMap<>();

        private void crossCheck(List<CourseModule> modules, Map<String, Exercise> exercises) {
            Map<String, Location> listedAt = new HashMap<>();
            for (CourseModule module : modules) {
                for (Lesson lesson : module.lessons()) {
                    YamlDoc doc = lessonExerciseLocations.get(lesson.id());
                    for (int i = 0; i < lesson.exerciseIds().size(); i++) {
                        String exerciseId = lesson.exerciseIds().get(i);
                        Location where = doc == null ? Location.ofFile(files.display(lesson.file())) : doc.locate("/exercises/" + i);
                        Location first = listedAt.putIfAbsent(exerciseId, where);
                        if (first != null) {
                            problems.error(where, "exercise '" + exerciseId + "' is already part of another lesson (" + first + ")",
                                    "an exercise belongs to one lesson");
                        }
                        if (!exercises.containsKey(exerciseId) && !brokenExercises.contains(exerciseId)) {
                            problems.error(where, "lesson lists exercise '" + exerciseId + "', but exercises/" + exerciseId + "/exercise.yaml does not exist",
                                    Suggestions.closest(exerciseId, exercises.keySet()).map(s -> "did you mean '" + s + "'?")
                                            .orElse("create exercises/" + exerciseId + "/exercise.yaml"));
                        }
                    }
                }
            }
            for (Exercise exercise : exercises.values()) {
                if (!listedAt.containsKey(exercise.id())) {
                    problems.warning(exercise.location(), "exercise '" + exercise.id() + "' is not part of any lesson, so learners cannot open it",
                            "add it to a lesson's 'exercises:' list");
                }
            }
        }

        private final Set<String> brokenExercises = new java.util.HashSet<>();

        private Map<String, Exercise> readExercises() {
            Map<String, Exercise> exercises = new LinkedHashMap<>();
            Path dir = files.root().resolve("exercises");
            if (!Files.isDirectory(dir)) {
                return exercises;
            }
            List<Path> folders;
            try (Stream<Path> list = Files.list(dir)) {
                folders = list.filter(Files::isDirectory).sorted().toList();
            } catch (IOException e) {
                problems.error(files.locationOf(dir), "cannot list exercises: " + e.getMessage());
                return exercises;
            }
            ExerciseReader reader = new ExerciseReader(files, problems, kinds, exerciseKinds);
            for (Path folder : folders) {
                String folderName = folder.getFileName().toString();
                Path file = folder.resolve("exercise.yaml");
                if (!Files.exists(file)) {
                    problems.error(files.locationOf(folder), "exercise folder has no exercise.yaml", "add exercises/" + folderName + "/exercise.yaml or remove the folder");
                    brokenExercises.add(folderName);
                    continue;
                }
                Optional<YamlDoc> doc = parse(file);
                Optional<Exercise> exercise = Optional.empty();
                if (doc.isPresent()) {
                    try {
                        exercise = reader.read(folder, doc.get());
                    } catch (RuntimeException e) {
                        problems.error(files.locationOf(file), "cannot read this exercise: " + e);
                    }
                }
                if (exercise.isPresent()) {
                    // wrong-answer fixtures (wrong/<name>/expect.yaml) are validated with the exercise
                    orchlab.engine.check.WrongAnswers.read(exercise.get(), problems, files::display);
                    orchlab.engine.check.WrongAnswers.readRight(exercise.get(), problems, files::display);
                    exercises.put(exercise.get().id(), exercise.get());
                } else {
                    brokenExercises.add(folderName);
                }
            }
            return exercises;
        }

        private Optional<YamlDoc> parse(Path file) {
            Optional<String> text = files.readText(file, files.locationOf(file), problems);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                YamlDoc doc = YamlDoc.parse(files.display(file), text.get());
                for (String duplicate : doc.duplicateKeys()) {
                    problems.error(doc.locateKey(duplicate), "key '" + duplicate.substring(duplicate.lastIndexOf('/') + 1) + "' appears twice in the same mapping",
                            "keep one of them");
                }
                return Optional.of(doc);
            } catch (YamlSyntaxException e) {
                problems.error(e.location(), e.getMessage(), e.getMessage().contains("\\t") || e.getMessage().contains("tab")
                        ? "YAML indents with spaces, never tabs" : "");
                return Optional.empty();
            }
        }

        private void checkFileSizes() {
            try {
                Files.walkFileTree(files.root(), new SimpleFileVisitor<>() {
                    private int count;

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (++count > 20_000) {
                            problems.error(Location.ofFile("."), "the pack has more than 20000 files; only the first were checked");
                            return FileVisitResult.TERMINATE;
                        }
                        if (attrs.isSymbolicLink() && !files.insidePack(file)) {
                            problems.error(files.locationOf(file), "link to a file outside the pack", "copy the file into the pack instead");
                        } else if (attrs.size() > PackFiles.MAX_FILE_BYTES) {
                            problems.error(files.locationOf(file), "file is too large (" + PackFiles.human(attrs.size()) + "; limit "
                                    + PackFiles.human(PackFiles.MAX_FILE_BYTES) + " per file)", "remove it or make it smaller");
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                        return name.equals(".git") || name.equals("target") || name.equals("node_modules") || name.equals("app")
                                && dir.getParent() != null && dir.getParent().equals(files.root())
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                problems.error(Location.ofFile("."), "cannot scan the pack's files: " + e.getMessage());
            }
        }
    }

    /** A Markdown file split into its front matter (YAML between the first two --- lines) and body. */
    record FrontMatter(Optional<String> yaml, String body) {
        static FrontMatter split(String text) {
            String normalized = text.replace("\r\n", "\n");
            if (normalized.startsWith("\uFEFF")) {
                normalized = normalized.substring(1);
            }
            if (!normalized.startsWith("---\n")) {
                return new FrontMatter(Optional.empty(), normalized);
            }
            int end = normalized.indexOf("\n---", 3);
            while (end >= 0) {
                int after = end + 4;
                if (after >= normalized.length() || normalized.charAt(after) == '\n') {
                    break;
                }
                end = normalized.indexOf("\n---", after);
            }
            if (end < 0) {
                return new FrontMatter(Optional.empty(), normalized);
            }
            // keep line numbers: the opening --- becomes an empty line
            String yaml = "\n" + normalized.substring(4, end + 1);
            String body = end + 4 >= normalized.length() ? "" : normalized.substring(end + 5);
            return new FrontMatter(Optional.of(yaml), body);
        }
    }
}

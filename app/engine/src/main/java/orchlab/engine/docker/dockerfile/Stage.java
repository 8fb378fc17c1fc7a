package orchlab.engine.docker.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * A build stage: a FROM instruction and everything up to the next FROM.
 *
 * @param index        0-based position ({@code COPY --from=0} refers to it)
 * @param name         the {@code AS} name, lower-case as Docker treats it
 * @param from         the FROM instruction
 * @param base         the base image reference (may name an earlier stage)
 * @param instructions the instructions after FROM, in order
 */
public record Stage(int index, Optional<String> name, Instruction from, ImageRef base, List<Instruction> instructions) {

    public Stage {
        instructions = List.copyOf(instructions);
    }

    public List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.is(keyword)).toList();
    }

    public Optional<Instruction> last(String keyword) {
        List<Instruction> found = all(keyword);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    /** {@code stage 2 (build)} / {@code stage 1}, for messages. */
    public String label() {
        return name.map(n -> "stage " + n).orElse("stage " + index);
    }
}

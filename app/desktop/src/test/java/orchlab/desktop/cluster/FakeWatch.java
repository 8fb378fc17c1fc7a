package orchlab.desktop.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import orchlab.engine.live.LiveException;
import orchlab.engine.live.LiveListener;
import orchlab.engine.live.LiveWatch;

/** A watch without a cluster: the test drives its listener and says what YAML and logs read. */
final class FakeWatch implements LiveWatch {
    final String namespace;
    final LiveListener listener;
    final Map<String, String> yaml = new ConcurrentHashMap<>();
    final Map<String, String> logs = new ConcurrentHashMap<>();
    final AtomicInteger logReads = new AtomicInteger();
    volatile boolean closed;

    FakeWatch(String namespace, LiveListener listener) {
        this.namespace = namespace;
        this.listener = listener;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String yaml(String kind, String name) throws LiveException {
        String text = yaml.get(kind + "/" + name);
        if (text == null) {
            throw new LiveException(kind + " " + name + " is not in namespace " + namespace + " (any more) — it may just have been deleted.");
        }
        return text;
    }

    @Override
    public String logs(String pod, Optional<String> container, int tailLines) throws LiveException {
        logReads.incrementAndGet();
        String text = logs.get(pod);
        if (text == null) {
            throw new LiveException("Pod " + pod + " has no log to show: container \"web\" is waiting to start: ContainerCreating.");
        }
        return text;
    }

    @Override
    public void close() {
        closed = true;
    }
}

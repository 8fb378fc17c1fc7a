package orchlab.sim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import orchlab.sim.store.ObjectStore;
import orchlab.sim.store.StoreEvent;

/**
 * Watches over HTTP streaming ({@code ?watch=true}), as kubectl, client-go and Helm use them: one JSON event per
 * line, in store order; a watch from a resource version replays the kept history after it (or answers
 * 410 Gone when that version is too old), a watch without one starts with synthetic ADDED events.
 * Objects that stop or start matching a selector are reported as DELETED or ADDED, like a real server.
 */
public final class WatchHandler {

    private static final String END = "\u0000end";
    private static final long DEFAULT_TIMEOUT_SECONDS = 1800;
    private static final long BOOKMARK_SECONDS = 30;

    private final ObjectStore store;
    private final TableConverter tables;
    private final Set<LinkedBlockingQueue<String>> open = ConcurrentHashMap.newKeySet();

    public WatchHandler(ObjectStore store, TableConverter tables) {
        this.store = store;
        this.tables = tables;
    }

    /** Something that receives the streamed lines: the HTTP layer sends headers on the first call. */
    public interface Sink {
        OutputStream start() throws IOException;
    }

    public void stream(ApiRequest request, ResourceType type, ResourcePath path, Sink sink) throws IOException {
        Predicate<ObjectNode> selected = ResourceHandler.filter(request);
        String name = path.name();
        Predicate<ObjectNode> filter = name == null ? selected : selected.and(o -> name.equals(Json.name(o)));
        // events carry objects as stored: a custom resource in its CRD's storage version, served here at the watched one
        Watches watches = new Watches(store.storageType(type), path.namespace(), filter);
        boolean table = request.wantsTable();
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Consumer<StoreEvent> listener = event -> {
            String line = line(watches, event, table, type, request);
            if (line != null) {
                queue.offer(line);
            }
        };
        String rvParam = request.query().getOrDefault("resourceVersion", "");
        boolean gone = store.atomically(() -> {
            if (rvParam.isEmpty() || rvParam.equals("0")) {
                for (ObjectNode object : store.list(type, path.namespace(), filter)) {
                    queue.offer(event("ADDED", render(object, table, type, request)));
                }
            } else {
                long since;
                try {
                    since = Long.parseLong(rvParam);
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("invalid resource version \"" + rvParam + "\"");
                }
                Optional<List<StoreEvent>> history = store.eventsSince(since);
                if (history.isEmpty()) {
                    return true;
                }
                for (StoreEvent event : history.get()) {
                    String line = line(watches, event, table, type, request);
                    if (line != null) {
                        queue.offer(line);
                    }
                }
            }
            store.addListener(listener);
            return false;
        });
        if (gone) {
            ApiException tooOld = new ApiException(410, "Expired", "too old resource version: " + rvParam + " ("
                    + store.latestResourceVersion() + ")", null, null, null, List.of());
            queue.offer(Json.write(errorEvent(tooOld)));
            queue.offer(END);
        }
        open.add(queue);
        long timeout = Long.parseLong(request.query().getOrDefault("timeoutSeconds", String.valueOf(DEFAULT_TIMEOUT_SECONDS)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout <= 0 ? DEFAULT_TIMEOUT_SECONDS : timeout);
        boolean bookmarks = request.flag("allowWatchBookmarks");
        try (OutputStream out = sink.start()) {
            out.flush();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                String line = queue.poll(Math.min(left, TimeUnit.SECONDS.toNanos(BOOKMARK_SECONDS)), TimeUnit.NANOSECONDS);
                if (line == null) {
                    if (bookmarks) {
                        line = bookmark(type);
                    } else {
                        continue;
                    }
                }
                if (line.equals(END)) {
                    break;
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            store.removeListener(listener);
            open.remove(queue);
        }
    }

    /** Ends every open watch (the server is stopping). */
    public void closeAll() {
        for (LinkedBlockingQueue<String> queue : open) {
            queue.offer(END);
        }
    }

    private String line(Watches watches, StoreEvent event, boolean table, ResourceType type, ApiRequest request) {
        boolean now = watches.matches(event);
        boolean before = event.previous() != null
                && watches.matches(new StoreEvent(event.type(), event.resourceVersion(), event.previous(), null));
        String kind;
        switch (event.type()) {
            case "ADDED" -> kind = now ? "ADDED" : null;
            case "DELETED" -> kind = now ? "DELETED" : null;
            default -> kind = now && before ? "MODIFIED" : now ? "ADDED" : before ? "DELETED" : null;
        }
        if (kind == null) {
            return null;
        }
        ObjectNode object = event.object();
        if (kind.equals("DELETED") && !now) {
            object = event.previous().deepCopy();
            Json.metadata(object).put("resourceVersion", String.valueOf(event.resourceVersion()));
        }
        if (!type.apiVersion().equals(object.path("apiVersion").asText())) {
            // event objects are shared by every listener: rewrite a copy
            object = ObjectStore.servedAs(type, object.deepCopy());
        }
        return event(kind, render(object, table, type, request));
    }

    private ObjectNode render(ObjectNode object, boolean table, ResourceType type, ApiRequest request) {
        return table ? tables.table(type, List.of(object), request, store.latestResourceVersion()) : object;
    }

    private static String event(String type, ObjectNode object) {
        ObjectNode event = Json.object();
        event.put("type", type);
        event.set("object", object);
        return Json.write(event);
    }

    private String bookmark(ResourceType type) {
        ObjectNode object = Json.object();
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        object.putObject("metadata").put("resourceVersion", String.valueOf(store.latestResourceVersion()));
        return event("BOOKMARK", object);
    }

    private static ObjectNode errorEvent(ApiException e) {
        ObjectNode event = Json.object();
        event.put("type", "ERROR");
        event.set("object", e.toStatus());
        return event;
    }
}

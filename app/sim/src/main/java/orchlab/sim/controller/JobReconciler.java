package orchlab.sim.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import orchlab.sim.admission.CronSchedule;
import orchlab.sim.api.Json;
import orchlab.sim.store.StoreEvent;

/**
 * Jobs run pods ({@code parallelism} at a time) until {@code completions} have succeeded, then get the
 * {@code Complete} and {@code SuccessCriteriaMet} conditions; CronJobs create a Job at each scheduled time and
 * keep the configured history.
 */
public final class JobReconciler implements Reconciler {

    static final String NAME = "job";
    private final SimContext ctx;

    public JobReconciler(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void watch(StoreEvent event, Consumer<ControllerManager.Key> enqueue) {
        switch (event.kind()) {
            case "Job" -> {
                if (!event.type().equals("DELETED")) {
                    enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), "job:" + event.name()));
                }
                SimContext.controllerRef(event.object()).filter(r -> r.path("kind").asText().equals("CronJob"))
                        .ifPresent(r -> enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), "cron:" + r.path("name").asText())));
            }
            case "Pod" -> SimContext.controllerRef(event.object()).filter(r -> r.path("kind").asText().equals("Job"))
                    .ifPresent(r -> enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), "job:" + r.path("name").asText())));
            case "CronJob" -> {
                if (!event.type().equals("DELETED")) {
                    enqueue.accept(new ControllerManager.Key(NAME, event.namespace(), "cron:" + event.name()));
                }
            }
            default -> { }
        }
    }

    @Override
    public void resync(Consumer<ControllerManager.Key> enqueue) {
        ctx.list(ctx.jobs, null, o -> true).forEach(o -> enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(o), "job:" + Json.name(o))));
        ctx.list(ctx.cronJobs, null, o -> true).forEach(o -> enqueue.accept(new ControllerManager.Key(NAME, Json.namespace(o), "cron:" + Json.name(o))));
    }

    @Override
    public void reconcile(ControllerManager.Key key) {
        if (key.name().startsWith("job:")) {
            ctx.get(ctx.jobs, key.namespace(), key.name().substring(4)).ifPresent(this::job);
        } else {
            ctx.get(ctx.cronJobs, key.namespace(), key.name().substring(5)).ifPresent(cj -> cron(cj, key));
        }
    }

    private void job(ObjectNode job) {
        if (job.path("metadata").hasNonNull("deletionTimestamp") || finished(job)) {
            return;
        }
        JsonNode spec = job.path("spec");
        int completions = spec.path("completions").asInt(1);
        int parallelism = spec.path("parallelism").asInt(1);
        List<ObjectNode> pods = ctx.ownedBy(ctx.pods, job);
        int succeeded = (int) pods.stream().filter(p -> p.path("status").path("phase").asText().equals("Succeeded")).count();
        int failed = (int) pods.stream().filter(p -> p.path("status").path("phase").asText().equals("Failed")).count();
        List<ObjectNode> active = pods.stream().filter(SimContext::podActive).toList();
        boolean suspended = spec.path("suspend").asBoolean(false);
        int toStart = suspended ? 0 : Math.min(parallelism - active.size(), completions - succeeded - active.size());
        for (int i = 0; i < toStart; i++) {
            ReplicaSetReconciler.createPod(ctx, job, Json.name(job) + "-", null, "job-controller");
        }
        int nowActive = active.size() + Math.max(0, toStart);
        ObjectNode status = SimContext.statusOf(job);
        String now = ctx.timestamp();
        if (!status.has("startTime") && !suspended) {
            status.put("startTime", now);
        }
        status.put("active", nowActive);
        status.put("succeeded", succeeded);
        status.put("failed", failed);
        status.put("ready", (int) active.stream().filter(SimContext::podReady).count());
        status.put("terminating", 0);
        if (nowActive == 0) {
            status.remove("active");
        }
        if (failed == 0) {
            status.remove("failed");
        }
        if (succeeded == 0) {
            status.remove("succeeded");
        }
        if (succeeded >= completions) {
            status.put("completionTime", now);
            SimContext.setCondition(status, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", now);
            SimContext.setCondition(status, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", now);
            ctx.events.normal(job, "Completed", "Job completed", "job-controller");
        }
        ctx.writeStatus(ctx.jobs, job, status);
    }

    static boolean finished(JsonNode job) {
        return SimContext.condition(job.path("status"), "Complete").equals("True")
                || SimContext.condition(job.path("status"), "Failed").equals("True");
    }

    private void cron(ObjectNode cronJob, ControllerManager.Key key) {
        JsonNode spec = cronJob.path("spec");
        Optional<CronSchedule> schedule = CronSchedule.parse(spec.path("schedule").asText(""));
        if (schedule.isEmpty() || cronJob.path("metadata").hasNonNull("deletionTimestamp")) {
            return;
        }
        ZoneId zone = ZoneId.of(spec.path("timeZone").asText("UTC"));
        Instant since = Optional.ofNullable(Json.text(cronJob, "status.lastScheduleTime"))
                .or(() -> Optional.ofNullable(Json.text(cronJob, "metadata.creationTimestamp"))).map(Instant::parse).orElse(ctx.now());
        ZonedDateTime next = schedule.get().next(since.atZone(zone));
        List<ObjectNode> jobs = ctx.ownedBy(ctx.jobs, cronJob);
        ObjectNode status = SimContext.statusOf(cronJob);
        if (!next.toInstant().isAfter(ctx.now()) && !spec.path("suspend").asBoolean(false)) {
            boolean running = jobs.stream().anyMatch(j -> !finished(j));
            String policy = spec.path("concurrencyPolicy").asText("Allow");
            if (!(running && policy.equals("Forbid"))) {
                if (running && policy.equals("Replace")) {
                    jobs.stream().filter(j -> !finished(j)).forEach(j -> ctx.store.delete(ctx.jobs, Json.namespace(j), Json.name(j)));
                }
                createJob(cronJob, next.toInstant());
            }
            status.put("lastScheduleTime", next.toInstant().toString());
        }
        ArrayNode active = status.putArray("active");
        for (ObjectNode j : ctx.ownedBy(ctx.jobs, cronJob)) {
            if (!finished(j)) {
                active.addObject().put("kind", "Job").put("namespace", Json.namespace(j)).put("name", Json.name(j))
                        .put("uid", Json.uid(j)).put("apiVersion", "batch/v1");
            } else if (SimContext.condition(j.path("status"), "Complete").equals("True")) {
                status.put("lastSuccessfulTime", j.path("status").path("completionTime").asText(ctx.timestamp()));
            }
        }
        if (active.isEmpty()) {
            status.remove("active");
        }
        ctx.writeStatus(ctx.cronJobs, cronJob, status);
        history(cronJob);
        Instant following = schedule.get().next(ctx.now().atZone(zone)).toInstant();
        ctx.manager.enqueueAfter(key, Duration.between(ctx.now(), following));
    }

    private void createJob(ObjectNode cronJob, Instant scheduled) {
        ObjectNode job = Json.object();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        ObjectNode metadata = job.putObject("metadata");
        metadata.put("name", Json.name(cronJob) + "-" + scheduled.getEpochSecond() / 60);
        metadata.put("namespace", Json.namespace(cronJob));
        metadata.set("ownerReferences", SimContext.ownerReference(cronJob));
        JsonNode template = cronJob.path("spec").path("jobTemplate");
        if (template.path("metadata").has("labels")) {
            metadata.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        metadata.putObject("annotations").put("batch.kubernetes.io/cronjob-scheduled-timestamp", scheduled.toString());
        ObjectNode spec = template.path("spec").deepCopy();
        job.set("spec", spec);
        String uid = java.util.UUID.randomUUID().toString();
        metadata.put("uid", uid);
        spec.putObject("selector").putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
        ObjectNode labels = Json.with(spec, "template.metadata.labels");
        labels.put("batch.kubernetes.io/controller-uid", uid);
        labels.put("batch.kubernetes.io/job-name", Json.name(job));
        labels.put("controller-uid", uid);
        labels.put("job-name", Json.name(job));
        if (ctx.get(ctx.jobs, Json.namespace(cronJob), Json.name(job)).isPresent()) {
            return;
        }
        ctx.store.create(ctx.jobs, job);
        ctx.events.normal(cronJob, "SuccessfulCreate", "Created job " + Json.name(job), "cronjob-controller");
    }

    private void history(ObjectNode cronJob) {
        int keepOk = cronJob.path("spec").path("successfulJobsHistoryLimit").asInt(3);
        int keepFailed = cronJob.path("spec").path("failedJobsHistoryLimit").asInt(1);
        List<ObjectNode> jobs = ctx.ownedBy(ctx.jobs, cronJob).stream()
                .sorted(Comparator.comparing(j -> j.path("metadata").path("creationTimestamp").asText())).toList();
        List<ObjectNode> ok = jobs.stream().filter(j -> SimContext.condition(j.path("status"), "Complete").equals("True")).toList();
        List<ObjectNode> bad = jobs.stream().filter(j -> SimContext.condition(j.path("status"), "Failed").equals("True")).toList();
        for (int i = 0; i < ok.size() - keepOk; i++) {
            ctx.store.delete(ctx.jobs, Json.namespace(ok.get(i)), Json.name(ok.get(i)));
        }
        for (int i = 0; i < bad.size() - keepFailed; i++) {
            ctx.store.delete(ctx.jobs, Json.namespace(bad.get(i)), Json.name(bad.get(i)));
        }
    }
}

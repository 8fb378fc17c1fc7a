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
 * {@code Complete} and {@code SuccessCriteriaMet} conditions; failed pods are replaced after the Job controller's
 * back-off (10 s doubling, at most 6 min) until more than {@code backoffLimit} failed (pod failures, plus container
 * restarts under {@code restartPolicy: OnFailure}): then {@code Failed} with {@code BackoffLimitExceeded}; past
 * {@code activeDeadlineSeconds} the active pods are deleted and the Job is {@code Failed} with
 * {@code DeadlineExceeded}. CronJobs create a Job at each scheduled time and
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
        int backoffLimit = spec.path("backoffLimit").asInt(6);
        List<ObjectNode> pods = ctx.ownedBy(ctx.pods, job);
        int succeeded = (int) pods.stream().filter(p -> p.path("status").path("phase").asText().equals("Succeeded")).count();
        List<ObjectNode> failedPods = pods.stream().filter(p -> p.path("status").path("phase").asText().equals("Failed")).toList();
        int failed = failedPods.size();
        List<ObjectNode> active = pods.stream().filter(SimContext::podActive).toList();
        // with restartPolicy OnFailure the kubelet restarts in place: each restart counts as a failure
        int restarts = active.stream().mapToInt(JobReconciler::restarts).sum();
        boolean suspended = spec.path("suspend").asBoolean(false);
        ObjectNode status = SimContext.statusOf(job);
        String now = ctx.timestamp();
        if (!status.has("startTime") && !suspended) {
            status.put("startTime", now);
        }
        Optional<String[]> failure = Optional.empty();
        if (failed + restarts > backoffLimit) {
            failure = Optional.of(new String[] {"BackoffLimitExceeded", "Job has reached the specified backoff limit"});
        } else if (spec.has("activeDeadlineSeconds") && status.has("startTime") && succeeded < completions) {
            Instant deadline = Instant.parse(status.path("startTime").asText()).plusSeconds(spec.path("activeDeadlineSeconds").asLong());
            if (!ctx.now().isBefore(deadline)) {
                failure = Optional.of(new String[] {"DeadlineExceeded", "Job was active longer than specified deadline"});
            } else {
                ctx.manager.enqueueAfter(new ControllerManager.Key(NAME, Json.namespace(job), "job:" + Json.name(job)),
                        Duration.between(ctx.now(), deadline));
            }
        }
        if (failure.isPresent()) {
            for (ObjectNode pod : active) {
                ctx.store.delete(ctx.pods, Json.namespace(pod), Json.name(pod));
            }
            status.remove(List.of("active", "ready"));
            status.put("failed", failed + (int) active.stream().count());
            status.put("terminating", 0);
            if (succeeded > 0) {
                status.put("succeeded", succeeded);
            }
            SimContext.setCondition(status, "FailureTarget", "True", failure.get()[0], failure.get()[1], now);
            SimContext.setCondition(status, "Failed", "True", failure.get()[0], failure.get()[1], now);
            ctx.events.warning(job, failure.get()[0], failure.get()[1], "job-controller");
            ctx.writeStatus(ctx.jobs, job, status);
            return;
        }
        int toStart = suspended ? 0 : Math.min(parallelism - active.size(), completions - succeeded - active.size());
        if (toStart > 0 && failed > 0) {
            // the Job controller's back-off before replacing failed pods: 10 s, 20 s, 40 s ... at most 6 minutes
            Instant lastFailure = failedPods.stream().map(JobReconciler::finishedAt).max(Instant::compareTo).orElse(ctx.now());
            Duration delay = Duration.ofSeconds(10).multipliedBy(1L << Math.min(failed - 1, 10));
            delay = delay.compareTo(Duration.ofMinutes(6)) > 0 ? Duration.ofMinutes(6) : delay;
            Instant replaceAt = lastFailure.plus(delay);
            if (ctx.now().isBefore(replaceAt)) {
                ctx.manager.enqueueAfter(new ControllerManager.Key(NAME, Json.namespace(job), "job:" + Json.name(job)),
                        Duration.between(ctx.now(), replaceAt));
                toStart = 0;
            }
        }
        for (int i = 0; i < toStart; i++) {
            ReplicaSetReconciler.createPod(ctx, job, Json.name(job) + "-", null, "job-controller");
        }
        int nowActive = active.size() + Math.max(0, toStart);
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

    private static int restarts(JsonNode pod) {
        int n = 0;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            n += cs.path("restartCount").asInt(0);
        }
        return n;
    }

    private static Instant finishedAt(JsonNode pod) {
        Instant latest = Instant.EPOCH;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            String t = cs.path("state").path("terminated").path("finishedAt").asText("");
            if (!t.isEmpty()) {
                Instant at = Instant.parse(t);
                latest = at.isAfter(latest) ? at : latest;
            }
        }
        return latest;
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

package orchlab.desktop;

/** What a learner writes in the Deployments exercise, with a replica count of their choice. */
public final class Manifests {
    private Manifests() {
    }

    public static String deployment(int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: %d
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      containers:
                        - name: web
                          image: nginx:1.27
                """.formatted(replicas);
    }
}

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
                  name: my-app
                spec:
                  replicas: %d
                  selector:
                    matchLabels:
                      app: my-app
                  template:
                    metadata:
                      labels:
                        app: my-app
                    spec:
                      containers:
                        - name: app
                          image: hashicorp/http-echo:1.0
                          args: ["-listen=:8080", "-text=hello"]
                          ports:
                            - containerPort: 8080
                """.formatted(replicas);
    }
}

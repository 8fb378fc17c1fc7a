package orchlab.engine.docker.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import orchlab.engine.check.Convergence;

/**
 * The TCP ports a container's processes listen on, from its {@code /proc/net/tcp} and {@code /proc/net/tcp6}
 * (the format of Linux's {@code net/ipv4/tcp_ipv4.c} {@code get_tcp4_sock} and {@code net/ipv6/tcp_ipv6.c}
 * {@code get_tcp6_sock}: {@code sl local_address rem_address st ...}, addresses in hex in the kernel's byte order,
 * state {@code 0A} = LISTEN). With it a wrong answer on a published port is told as soon as the app inside listens
 * somewhere else, instead of after {@link DockerHttpCheckKind#APP_START_GRACE}.
 */
final class Listeners {
    private static final String LISTEN = "0A";
    /**
     * Docker's embedded DNS server listens in every container on a user-defined network (Compose's networks) on this
     * address; it is Docker's, not the app's.
     */
    private static final String DOCKER_DNS = "127.0.0.11";

    /** One listening socket: its address as written ({@code 0.0.0.0}, {@code 127.0.0.1}, {@code ::}) and port. */
    record Socket(String address, int port) implements Comparable<Socket> {
        boolean everyInterface() {
            return address.equals("0.0.0.0") || address.equals("::");
        }

        @Override
        public int compareTo(Socket o) {
            return port != o.port ? Integer.compare(port, o.port) : address.compareTo(o.address);
        }

        @Override
        public String toString() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    private Listeners() {
    }

    /** The listening sockets in the text of {@code /proc/net/tcp} and {@code /proc/net/tcp6} (either or both). */
    static List<Socket> parse(String procNetTcp) {
        TreeSet<Socket> out = new TreeSet<>();
        for (String line : procNetTcp.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":") || !f[3].equals(LISTEN)) {
                continue;
            }
            int colon = f[1].indexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                address(f[1].substring(0, colon)).filter(a -> !a.equals(DOCKER_DNS))
                        .ifPresent(a -> out.add(new Socket(a, port)));
            } catch (NumberFormatException e) {
                // a line of another shape: not a socket
            }
        }
        return new ArrayList<>(out);
    }

    /** The kernel writes each 32-bit word of the address in host byte order (little-endian on x86 and arm64). */
    private static Optional<String> address(String hex) {
        if (hex.length() == 8) {
            long v = Long.parseLong(hex, 16);
            return Optional.of((v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff));
        }
        if (hex.length() == 32) {
            if (hex.chars().allMatch(ch -> ch == '0')) {
                return Optional.of("::");
            }
            if (hex.equals("00000000000000000000000001000000")) {
                return Optional.of("::1");
            }
            if (hex.startsWith("0000000000000000FFFF0000")) {
                return address(hex.substring(24));
            }
            return Optional.of("[ipv6]");
        }
        return Optional.empty();
    }

    /**
     * Whether what the container listens on makes a wrong answer on its published {@code containerPort} final
     * before the start grace: the app already listens on another port, or on that port on a loopback address only
     * (the container's own loopback, which the published port does not reach). Empty when it listens on that port on
     * every interface (then the answer itself is wrong, which only the grace or a health check can judge) or on
     * nothing yet (the app may still be starting). The token holds the sockets, so an app that opens the right port
     * later changes it.
     */
    static Optional<Decision> judge(List<Socket> sockets, int containerPort, String container, String answerToken) {
        if (sockets.isEmpty() || sockets.stream().anyMatch(s -> s.port() == containerPort && s.everyInterface())) {
            return Optional.empty();
        }
        List<Socket> onPort = sockets.stream().filter(s -> s.port() == containerPort).toList();
        String listens = String.join(", ", sockets.stream().map(Socket::toString).toList());
        String note = onPort.isEmpty()
                ? "the app in container " + container + " listens on " + listens + ", not on the published container port " + containerPort
                : "the app in container " + container + " listens on " + listens + " — only its own loopback, which the published port does not reach: listen on 0.0.0.0:" + containerPort;
        return Optional.of(new Decision(Convergence.steady(answerToken + "\nlistening " + listens,
                "container " + container + " listens on " + listens + " and answers the same"), note));
    }

    /** A final-once-repeated verdict and what to tell the learner about it. */
    record Decision(Convergence convergence, String note) {
    }
}

package orchlab.sim.shell;

import java.util.Optional;

/**
 * What a simulated Pod can reach: the sim's DNS names of Services and its simulated HTTP answers. Nothing else is
 * on this network (no Internet, no real sockets).
 */
public interface Network {

    /** A name found by DNS: its fully qualified name and address. */
    record Address(String fqdn, String ip) {
    }

    /** The outcome of one HTTP GET. */
    sealed interface Http permits Answer, Refused, UnknownHost {
    }

    /** An HTTP answer. */
    record Answer(int status, String contentType, byte[] body) implements Http {
    }

    /** Nothing listens there ({@code connection refused}). */
    record Refused(String ip) implements Http {
    }

    /** DNS does not know the host. */
    record UnknownHost() implements Http {
    }

    /** Resolves a host name as the Pod's resolver would (search path of its namespace). */
    Optional<Address> lookup(String host);

    /** {@code GET http://host:port/path} from the Pod. */
    Http get(String host, int port, String path);

    /** A network where nothing resolves and nothing answers. */
    static Network none() {
        return new Network() {
            @Override
            public Optional<Address> lookup(String host) {
                return Optional.empty();
            }

            @Override
            public Http get(String host, int port, String path) {
                return new UnknownHost();
            }
        };
    }
}

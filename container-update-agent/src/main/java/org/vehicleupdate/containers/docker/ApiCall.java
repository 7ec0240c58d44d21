package org.vehicleupdate.containers.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.vehicleupdate.containers.core.ContainerRuntimeException;

/**
 * One API call, with docker-java's unchecked errors turned into the port's checked one and the text the runtime
 * sent; 404 and 304 become their own types because callers treat them as answers.
 */
final class ApiCall {
    private ApiCall() {
    }

    static <T> T call(String what, Supplier<T> action) throws ContainerRuntimeException {
        try {
            return action.get();
        } catch (NotFoundException e) {
            throw new NotFound(what + ": " + ApiMessage.of(e));
        } catch (NotModifiedException e) {
            throw new NotModified(what + ": not modified");
        } catch (DockerException e) {
            throw new ContainerRuntimeException(what + ": " + ApiMessage.of(e), e);
        } catch (UncheckedIOException e) {
            throw new ContainerRuntimeException(what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // docker-java reports some failures to reach the engine (a missing socket) as a plain RuntimeException
            throw new ContainerRuntimeException(what + ": cannot reach the container runtime: "
                    + ApiMessage.rootCause(e), e);
        }
    }

    /** 404 from the API. */
    static final class NotFound extends ContainerRuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    /** 304 from the API: already started, already stopped. */
    static final class NotModified extends ContainerRuntimeException {
        NotModified(String message) {
            super(message);
        }
    }
}

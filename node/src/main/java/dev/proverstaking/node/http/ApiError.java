package dev.proverstaking.node.http;

import dev.proverstaking.node.Refusal;
import java.util.Objects;

/**
 * An answer other than success: an HTTP status and the body {@code {"error":CODE,"message":…}}.
 * For transactions the codes are {@link Refusal}'s (node-api.md); for everything else they are the
 * {@link Code}s below. Thrown by handlers, written by the server; never carries a stack trace out.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The codes of answers that are not about a transaction. */
    enum Code {
        /** A query parameter or path segment is malformed or out of range (400). */
        BadRequest(400),
        /** No such endpoint, or no such record (404). */
        NotFound(404),
        /** The endpoint exists, not with this method (405). */
        MethodNotAllowed(405),
        /** An admin order not signed by the staking module's owner (403). */
        NotOwner(403),
        /** An admin order for a configuration that is no longer the group's, or that does not apply to it (409). */
        StaleConfiguration(409),
        /** The group did not take a membership change (a new member not reachable or not catching up, no leader) (409). */
        MembershipRefused(409);

        final int status;

        Code(int status) {
            this.status = status;
        }
    }

    final int status;
    final String code;

    ApiError(int status, String code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
    }

    static ApiError of(Refusal refusal, String message) {
        return new ApiError(refusal.httpStatus(), refusal.name(), message);
    }

    static ApiError of(Code code, String message) {
        return new ApiError(code.status, code.name(), message);
    }

    static ApiError malformed(String message) {
        return of(Refusal.MalformedTransaction, message);
    }

    static ApiError badRequest(String message) {
        return of(Code.BadRequest, message);
    }

    static ApiError notFound(String message) {
        return of(Code.NotFound, message);
    }
}

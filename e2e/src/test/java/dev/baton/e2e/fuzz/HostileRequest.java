package dev.baton.e2e.fuzz;

import java.util.Map;

/**
 * One request as the fuzz test sends it: any method, a raw request target (path and query as
 * bytes on the wire), raw header values, and an optional body.
 *
 * @param what          a short description, printed with the request when an answer is wrong
 * @param notHttp       the request is not valid HTTP on the wire (a control character in a header
 *                      value, a malformed percent-encoding in the target): the HTTP codec or the
 *                      router refuses it before any of Baton's code runs, with an empty 400 (see
 *                      the end of "Limits" in docs/api.md)
 */
record HostileRequest(
        String service,
        String method,
        String target,
        Map<String, byte[]> headers,
        byte[] body,
        String what,
        boolean notHttp) {

    @Override
    public String toString() {
        final String shown = target.length() > 200 ? target.substring(0, 200) + "...(" + target.length() + ")" : target;
        return what + ": " + method + " " + shown + " to " + service
                + (body == null ? "" : " with " + body.length + " bytes");
    }
}

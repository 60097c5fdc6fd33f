package dev.baton.client;

/**
 * One entry of a batch submission's answer, in the order submitted: {@code status} 201 (new),
 * 200 (a duplicate of an earlier submission with the same key) or 400 (refused: {@code field}
 * and {@code detail} say why, and {@code item} is null).
 */
public record SubmitResult(int index, int status, ItemView item, String field, String detail) {

    public boolean accepted() {
        return status == 200 || status == 201;
    }
}

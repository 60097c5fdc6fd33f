package dev.baton.identity;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The roles a token may carry, in its {@code groups} claim. Each endpoint names the one it needs;
 * {@link #withImplied} is the one place where a role grants another (an operator may read).
 */
public final class Role {

    /** The claim verbs (next, claim, heartbeat, complete, fail, release), only as the token's subject. */
    public static final String AGENT = "agent";
    /** Submitting items, one or a batch. */
    public static final String SUBMITTER = "submitter";
    /** Cancel, redrive, publish the devlog; implies {@link #READER}. */
    public static final String OPERATOR = "operator";
    /** Every read. */
    public static final String READER = "reader";

    /** Every role, in the order the docs list them. */
    public static final List<String> ALL = List.of(AGENT, SUBMITTER, OPERATOR, READER);

    private Role() {}

    /** The roles given and those they imply. */
    public static Set<String> withImplied(Collection<String> given) {
        final Set<String> roles = new LinkedHashSet<>(given);
        if (roles.contains(OPERATOR)) {
            roles.add(READER);
        }
        return roles;
    }

    /** Whether {@code name} is one of Baton's roles. */
    public static boolean known(String name) {
        return ALL.contains(name);
    }
}

package dev.baton.identity;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How long a token lives, as a person writes it: {@code 90s}, {@code 30m}, {@code 8h}, {@code 7d} or ISO-8601. */
public final class Ttl {

    /** What a minted token lives when nobody says otherwise: a working day. */
    public static final Duration DEFAULT = Duration.ofHours(12);

    private Ttl() {}

    /** The duration {@code text} names; a positive one, else an {@link IllegalArgumentException} that says so. */
    public static Duration parse(String text) {
        final String given = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        final Duration parsed;
        try {
            if (given.startsWith("p")) {
                parsed = Duration.parse(given.toUpperCase(Locale.ROOT));
            } else if (given.length() > 1
                    && given.substring(0, given.length() - 1).chars().allMatch(Character::isDigit)) {
                final long amount = Long.parseLong(given.substring(0, given.length() - 1));
                parsed = switch (given.charAt(given.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    case 'd' -> Duration.ofDays(amount);
                    default -> null;
                };
            } else {
                parsed = null;
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw unreadable();
        }
        if (parsed == null || parsed.isNegative() || parsed.isZero()) {
            throw unreadable();
        }
        return parsed;
    }

    private static IllegalArgumentException unreadable() {
        return new IllegalArgumentException(
                "a token's lifetime is a positive number of s, m, h or d (90s, 30m, 8h, 7d) or ISO-8601 (PT8H)");
    }
}

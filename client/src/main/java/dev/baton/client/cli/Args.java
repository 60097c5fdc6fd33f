package dev.baton.client.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: flags it declares ({@code --name value}, {@code --name=value}, repeatable
 * ones, switches) and positionals. Anything it does not declare is a {@link UsageException} that
 * names it, so a typo never turns into a silently ignored flag.
 */
final class Args {

    /** How a flag takes values. */
    enum Kind { VALUE, REPEATED, SWITCH }

    private final String command;
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();

    private Args(String command) {
        this.command = command;
    }

    static Args parse(String command, List<String> tokens, Map<String, Kind> flags) {
        final Args args = new Args(command);
        boolean flagsOver = false;
        for (int i = 0; i < tokens.size(); i++) {
            final String token = tokens.get(i);
            if (flagsOver || !token.startsWith("-") || token.equals("-")) {
                args.positionals.add(token);
                continue;
            }
            if (token.equals("--")) {
                flagsOver = true;
                continue;
            }
            String name = token;
            String value = null;
            final int eq = token.indexOf('=');
            if (token.startsWith("--") && eq > 2) {
                name = token.substring(0, eq);
                value = token.substring(eq + 1);
            }
            final Kind kind = flags.get(name);
            if (kind == null) {
                throw new UsageException("unknown flag " + name + " for '" + command + "'");
            }
            if (kind == Kind.SWITCH) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= tokens.size()) {
                    throw new UsageException(name + " needs a value");
                }
                value = tokens.get(++i);
            }
            final List<String> list = args.values.computeIfAbsent(name, k -> new ArrayList<>());
            if (kind == Kind.VALUE && !list.isEmpty()) {
                throw new UsageException(name + " given twice");
            }
            list.add(value);
        }
        return args;
    }

    String command() {
        return command;
    }

    boolean has(String flag) {
        return values.containsKey(flag);
    }

    String value(String flag) {
        final List<String> list = values.get(flag);
        return list == null ? null : list.get(0);
    }

    String required(String flag) {
        final String value = value(flag);
        if (value == null) {
            throw new UsageException("'" + command + "' needs " + flag);
        }
        return value;
    }

    /** Every value of a repeatable flag, as given. */
    List<String> all(String flag) {
        return List.copyOf(values.getOrDefault(flag, List.of()));
    }

    /** Every value of a repeatable flag, a value with commas counting as several ({@code --type a,b}). */
    List<String> split(String flag) {
        final List<String> out = new ArrayList<>();
        for (String value : all(flag)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    Integer integer(String flag) {
        final String value = value(flag);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a whole number, got '" + value + "'");
        }
    }

    Long longValue(String flag) {
        final String value = value(flag);
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a whole number, got '" + value + "'");
        }
    }

    long requiredLong(String flag) {
        required(flag);
        return longValue(flag);
    }

    List<String> positionals() {
        return positionals;
    }

    /** The positionals, checked against how many the command takes; {@code names} label them in errors. */
    List<String> positionals(int min, int max, String names) {
        if (positionals.size() < min) {
            throw new UsageException("'" + command + "' needs " + names);
        }
        if (positionals.size() > max) {
            throw new UsageException("'" + command + "' takes " + (max == 0 ? "no arguments" : names)
                    + "; unexpected '" + positionals.get(max) + "'");
        }
        return positionals;
    }

    static Map<String, Kind> flags(Map<String, Kind> common, Object... pairs) {
        final Map<String, Kind> all = new LinkedHashMap<>(common);
        for (int i = 0; i < pairs.length; i += 2) {
            all.put((String) pairs[i], (Kind) pairs[i + 1]);
        }
        return all;
    }

    static boolean isHelp(List<String> tokens) {
        return tokens.stream().anyMatch(Set.of("-h", "--help")::contains);
    }
}

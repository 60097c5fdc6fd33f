package dev.baton.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.IParamLabelRenderer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How help reads: a command's own options in the order it declares them, then the options every
 * command takes, then the exit statuses; values written after a space ({@code --wait SECONDS}),
 * as the synopses and the README write them. No colours: help is read in files and pipes too.
 */
final class HelpLayout {

    private HelpLayout() {}

    /** Lays out the help of {@code root} and of its commands; call it once they are all added. */
    static void apply(CommandLine root) {
        root.setColorScheme(Help.defaultColorScheme(Ansi.OFF))
                .setUsageHelpWidth(110)
                .setUsageHelpLongOptionsMaxWidth(28)
                .setHelpFactory(SpacedHelp::new);
        // The top level lists the commands before the options they all take.
        final List<String> sections = new ArrayList<>(root.getHelpSectionKeys());
        final List<String> commands =
                List.of(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, UsageMessageSpec.SECTION_KEY_COMMAND_LIST);
        sections.removeAll(commands);
        sections.addAll(sections.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING), commands);
        root.setHelpSectionKeys(sections);
        root.getCommandSpec().usageMessage().sortOptions(false);
        for (CommandLine command : root.getSubcommands().values()) {
            command.getCommandSpec()
                    .usageMessage()
                    .sortOptions(false)
                    .descriptionHeading("%n")
                    .parameterListHeading("%n")
                    .optionListHeading("%n");
        }
    }

    /** picocli's help with a space, not picocli's {@code =}, between an option and its value. */
    private static final class SpacedHelp extends Help {

        SpacedHelp(CommandSpec spec, ColorScheme scheme) {
            super(spec, scheme);
        }

        @Override
        public IParamLabelRenderer parameterLabelRenderer() {
            final IParamLabelRenderer standard = super.parameterLabelRenderer();
            return new IParamLabelRenderer() {
                @Override
                public Ansi.Text renderParameterLabel(ArgSpec arg, Ansi ansi, List<Ansi.IStyle> styles) {
                    if (!arg.isOption() || arg.arity().max == 0) {
                        return standard.renderParameterLabel(arg, ansi, styles);
                    }
                    return ansi.new Text(" ").concat(ansi.apply(arg.paramLabel(), styles));
                }

                @Override
                public String separator() {
                    return " ";
                }
            };
        }
    }
}

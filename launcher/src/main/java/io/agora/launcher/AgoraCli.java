package io.agora.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `agora` command: one entry point, one sub-command per job. */
@Command(
    name = "agora",
    mixinStandardHelpOptions = true,
    versionProvider = AgoraCli.Version.class,
    description = "Agora: multi-agent crypto-trading platform.",
    subcommands = {BacktestingCommand.class, SyntheticDataCommand.class, DemoCommand.class, StrategiesCommand.class, TrainCommand.class,
      WalkForwardCommand.class, NodeCommand.class, TokenCommand.class,
      CommandLine.HelpCommand.class})
public final class AgoraCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static CommandLine commandLine() {
    return new CommandLine(new AgoraCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = AgoraCli.class.getPackage().getImplementationVersion();
      return new String[] {"agora " + (v == null ? "dev" : v)};
    }
  }
}

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
    commonPoolOfAtLeastTwo();
    System.exit(commandLine().execute(args));
  }

  /**
   * With 2 cores the JDK's common pool has parallelism 1, and every default-executor callback (what Pekko's Java ask
   * futures use for theirs) then gets a new thread. Set before the pool exists: first thing in main. A value given
   * on the command line wins. See io.agora.agents.Asks.
   */
  static void commonPoolOfAtLeastTwo() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null) {
      System.setProperty(key, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = AgoraCli.class.getPackage().getImplementationVersion();
      return new String[] {"agora " + (v == null ? "dev" : v)};
    }
  }
}

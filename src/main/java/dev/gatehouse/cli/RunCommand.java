package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run in the foreground from a configuration file (production mode).")
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: conf/gatehouse.properties under the install folder).")
    Path config;

    @Override
    public Integer call() {
        Path file = config != null ? config : Home.defaultConfig();
        LogSetup.forConfigFile(file);
        try {
            ServerConfig loaded;
            try {
                loaded = ConfigLoader.load(file);
            } catch (ConfigException e) {
                e.problems().forEach(p -> System.err.println("gatehouse: " + p));
                return ExitCodes.INVALID_CONFIG;
            }
            return new Daemon().run(loaded, System.err, server -> { });
        } finally {
            LogSetup.stop();
        }
    }
}

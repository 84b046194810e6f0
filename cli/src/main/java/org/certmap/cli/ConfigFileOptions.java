package org.certmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.PropertyExpander;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The options of every command that reads an existing mapping file ({@code check}, {@code explain},
 * {@code list}, {@code unmap}, {@code disable}, {@code enable}), declared once: the required
 * {@code -c/--config FILE} and {@link MappingFileOptions}' {@code --catalina-base}; {@code -D} is the
 * root command's. It also hands the command what reading the file needs: the expander, the
 * command's output streams and the terminal. {@code map} declares its own {@code --config}, which
 * may name a file that does not exist yet.
 */
final class ConfigFileOptions extends MappingFileOptions {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The mapping file.")
    Path config;

    @ParentCommand
    CertmapCommand root;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The expander for the file: {@code -D}, the JVM's properties, then Tomcat's variables. */
    PropertyExpander expander() {
        return expander(root);
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    Terminal terminal() {
        return root.terminal();
    }

    /** The file, loaded with the engine's loader ({@link ConfigFiles#load}). */
    MappingConfig load() throws ConfigException {
        return ConfigFiles.load(config, expander(), err(), terminal().interactive());
    }

    /** The file's entries with their lines ({@link MappingEntries#read}). */
    MappingEntries entries() throws ConfigException {
        return MappingEntries.read(config, expander(), err(), terminal().interactive());
    }
}

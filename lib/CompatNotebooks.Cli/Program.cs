// Entry point of the compat-notebooks command: subcommands are added by their features.
return CompatNotebooks.Cli.CommandLine.Run(args);

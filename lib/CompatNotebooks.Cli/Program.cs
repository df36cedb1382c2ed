// Entry point of the compat-notebooks command: subcommands are added by their features.
var code = CompatNotebooks.Cli.CommandLine.Run(args);
// A notebook run can leave foreground threads behind (one a cell started, or a timed-out cell's thread, which .NET
// cannot stop): once the summary is printed they must not keep the process alive.
Console.Out.Flush();
Console.Error.Flush();
Environment.Exit(code);

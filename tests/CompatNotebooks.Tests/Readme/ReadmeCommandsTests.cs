using System.Diagnostics;
using CompatNotebooks.Tests.Runner;
using Xunit.Abstractions;

namespace CompatNotebooks.Tests.Readme;

/// <summary>
/// Every command in the README's <c>```bash</c> blocks runs, exactly as written, from the repository root (where the
/// README says to run them) and succeeds; a command that cannot run in a test says so with a
/// <c># not run by tests: reason</c> comment. The README cannot drift from the code unnoticed.
/// </summary>
[Collection(NotebookCollection.Name)] // the commands run notebooks and build the Release library: not beside other notebook runs
public sealed class ReadmeCommandsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(10);

    private static IReadOnlyList<ReadmeCommands.Command> Commands() =>
        ReadmeCommands.Extract(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")));

    [Fact]
    public void Commands_are_read_from_bash_blocks_only_with_continuations_joined_and_markers_honoured()
    {
        const string markdown = """
            Text `not a command`.
            ```bash
            # a comment line
            bash one.sh   # a comment
            dotnet run \
              --project x
            code . # not run by tests: opens VS Code
            ```
            ```csharp
            var notShell = 1;
            ```
            ```
            compat-notebooks run [NOTEBOOK]...
            ```
            ```sh
            (cd notebooks && ls)
            ```
            """;
        var commands = ReadmeCommands.Extract(markdown);

        Assert.Equal(["bash one.sh   # a comment", "dotnet run \\\n  --project x", "code . # not run by tests: opens VS Code", "(cd notebooks && ls)"],
            commands.Select(c => c.Text));
        Assert.Equal([4, 5, 7, 16], commands.Select(c => c.Line));
        Assert.Equal([null, null, "opens VS Code", null], commands.Select(c => c.NotRunBecause));
        var e = Assert.Throws<InvalidDataException>(() => ReadmeCommands.Extract("```bash\nls\n"));
        Assert.Contains("README.md:1: code block never closed", e.Message);
        Assert.Throws<InvalidDataException>(() => ReadmeCommands.Extract("```bash\nls \\\n```\n"));
    }

    [Fact]
    public void README_documents_the_ways_of_running_a_notebook_and_marks_what_tests_cannot_run()
    {
        var commands = Commands();
        var run = commands.Where(c => c.NotRunBecause is null).Select(c => c.Text).ToList();
        // The documented ways: the script, the CLI runner, dotnet-repl; each must be exercised here.
        Assert.Contains(run, c => c.StartsWith("bash scripts/run-notebooks.sh", StringComparison.Ordinal));
        Assert.Contains(run, c => c.Contains("compat-notebooks.dll run ", StringComparison.Ordinal));
        Assert.Contains(run, c => c.Contains("dotnet-repl", StringComparison.Ordinal));
        // The test command itself would run this test again: it must be marked.
        Assert.All(commands.Where(c => c.Text.StartsWith("bash scripts/test.sh", StringComparison.Ordinal)), c => Assert.NotNull(c.NotRunBecause));
        Assert.All(commands.Where(c => c.NotRunBecause is not null), c => Assert.False(string.IsNullOrWhiteSpace(c.NotRunBecause), $"{c}: say why it is not run"));
    }

    [Fact]
    public void Every_runnable_README_command_succeeds_from_the_repository_root_as_written()
    {
        var log = new List<string>();
        foreach (var command in Commands().Where(c => c.NotRunBecause is null))
        {
            var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryPaths.Root };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command.Text);
            var clock = Stopwatch.StartNew();
            var outcome = BoundedProcess.Run(start, CommandLimit);
            log.Add($"{command} → exit {outcome.ExitCode} in {clock.Elapsed.TotalSeconds:0} s");
            output.WriteLine(log[^1]);
            Assert.True(outcome.ExitCode == 0,
                $"README.md {command} exited {outcome.ExitCode}\n{Tail(outcome.StandardOutput)}\n{Tail(outcome.StandardError)}\n(earlier: {string.Join("; ", log)})");
        }
        Assert.NotEmpty(log);
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}

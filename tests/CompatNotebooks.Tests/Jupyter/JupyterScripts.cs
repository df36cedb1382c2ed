using System.Diagnostics;
using System.Text.Json.Nodes;
using CompatNotebooks.Tests.Runner;

namespace CompatNotebooks.Tests.Jupyter;

/// <summary>
/// Runs the scripts in jupyter/ with Debian's python3 (the one python3-nbclient and jupyter-client are installed for
/// by scripts/setup.sh), from the repository root, with a bounded wait.
/// </summary>
internal static class JupyterScripts
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The folder holding the kernelspec and the scripts.</summary>
    public static string Folder => Path.Combine(RepositoryPaths.Root, "jupyter");

    /// <summary>Runs <paramref name="script"/> (a file in jupyter/) and returns its exit code and output.</summary>
    public static ScriptResult Run(string script, IEnumerable<string> arguments, TimeSpan timeout) =>
        RunProcess(Python, [Path.Combine(Folder, script), .. arguments], timeout);

    /// <summary>Runs a program from the repository root; kills its whole process tree if it outlives <paramref name="timeout"/>.</summary>
    public static ScriptResult RunProcess(string program, IEnumerable<string> arguments, TimeSpan timeout, string? input = null)
    {
        if (!File.Exists(program))
            throw new FileNotFoundException($"{program} is missing; run scripts/setup.sh");
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeout))
        {
            // The kernel is a child of the script (in its own session), so the tree kill reaches it too.
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(30));
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s; stderr: {Tail(stderr)}");
        }
        process.WaitForExit(); // drains the redirected streams
        return new ScriptResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>True while a process with that id exists (and is not a zombie waiting to be reaped).</summary>
    public static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    private static string Tail(Task<string> text) =>
        text.IsCompletedSuccessfully ? text.Result[Math.Max(0, text.Result.Length - 2000)..] : "(not read)";
}

/// <summary>What a script printed: its report is the last line of stdout (JSON).</summary>
internal sealed record ScriptResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The JSON report on the last line of stdout.</summary>
    public JsonNode Report
    {
        get
        {
            var last = Stdout.TrimEnd().Split('\n')[^1];
            try
            {
                return JsonNode.Parse(last) ?? throw new FormatException("null report");
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new FormatException($"the script's last stdout line is not a JSON report (exit {ExitCode}): {last}\nstderr: {Stderr[Math.Max(0, Stderr.Length - 3000)..]}", e);
            }
        }
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr[Math.Max(0, Stderr.Length - 3000)..]}";
}

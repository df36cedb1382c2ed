using System.Text;
using System.Text.RegularExpressions;

namespace CompatNotebooks.Tests.Readme;

/// <summary>
/// The shell commands of a markdown file's <c>```bash</c> blocks, one per logical line (backslash continuations
/// joined, blank lines and whole-line comments left out). A command whose trailing comment starts with
/// <see cref="NotRunMarker"/> is one the tests cannot run (it opens an editor, needs the real data, or is the test
/// command itself); the rest of that comment says why.
/// </summary>
internal static partial class ReadmeCommands
{
    /// <summary>The trailing-comment prefix that marks a command the tests do not run.</summary>
    public const string NotRunMarker = "# not run by tests:";

    /// <summary>One command: where it starts in the file, its text exactly as written, and why it is not run (null: it is run).</summary>
    public sealed record Command(int Line, string Text, string? NotRunBecause)
    {
        public override string ToString() => $"line {Line}: {Text}";
    }

    [GeneratedRegex(@"^\s*```(?<info>\S*)")]
    private static partial Regex Fence();

    /// <summary>The commands of every <c>```bash</c> (or <c>```sh</c>/<c>```shell</c>) block of <paramref name="markdown"/>.</summary>
    /// <exception cref="InvalidDataException">A block is never closed, or ends inside a continued line.</exception>
    public static IReadOnlyList<Command> Extract(string markdown, string fileName = "README.md")
    {
        var commands = new List<Command>();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var inShell = false;
        var inOther = false;
        var openedAt = 0;
        StringBuilder? pending = null;
        var pendingLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var fence = Fence().Match(line);
            if (fence.Success)
            {
                if (inShell)
                {
                    if (pending is not null)
                        throw new InvalidDataException($"{fileName}:{pendingLine}: the command continues (trailing \\) past the end of its block");
                    inShell = false;
                }
                else if (inOther)
                {
                    inOther = false;
                }
                else
                {
                    openedAt = i + 1;
                    if (fence.Groups["info"].Value is "bash" or "sh" or "shell")
                        inShell = true;
                    else
                        inOther = true;
                }
                continue;
            }
            if (!inShell)
                continue;
            if (pending is null && (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')))
                continue;
            if (pending is null)
            {
                pending = new StringBuilder();
                pendingLine = i + 1;
            }
            if (line.EndsWith('\\'))
            {
                pending.Append(line).Append('\n');
                continue;
            }
            pending.Append(line);
            var text = pending.ToString();
            pending = null;
            var marker = text.IndexOf(NotRunMarker, StringComparison.Ordinal);
            commands.Add(new Command(pendingLine, text.TrimEnd(), marker < 0 ? null : text[(marker + NotRunMarker.Length)..].Trim()));
        }
        if (inShell || inOther)
            throw new InvalidDataException($"{fileName}:{openedAt}: code block never closed");
        return commands;
    }
}

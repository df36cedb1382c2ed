using Microsoft.DotNet.Interactive.Documents;

namespace CompatNotebooks.Runner;

/// <summary>What happened to one executed code cell.</summary>
/// <param name="CellNumber">1-based position of the cell in the source notebook (0 for the injected parameters cell).</param>
/// <param name="FirstLine">First non-blank source line, for messages.</param>
/// <param name="Duration">Wall time of the cell.</param>
/// <param name="Error">Null on success; otherwise the error message the kernel reported.</param>
/// <param name="Outputs">The outputs written into the executed notebook.</param>
public sealed record CellRunResult(int CellNumber, string FirstLine, TimeSpan Duration, string? Error, IReadOnlyList<InteractiveDocumentOutputElement> Outputs)
{
    /// <summary>True when the cell ran without error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The HTML payloads of all display/return outputs (charts, tables, progress bars).</summary>
    public IEnumerable<string> HtmlOutputs => Outputs.SelectMany(o => o switch
    {
        DisplayElement d => d.Data.Where(kv => kv.Key == "text/html").Select(kv => kv.Value?.ToString() ?? ""),
        ReturnValueElement r => r.Data.Where(kv => kv.Key == "text/html").Select(kv => kv.Value?.ToString() ?? ""),
        _ => [],
    });

    /// <summary>Everything the cell wrote to standard output.</summary>
    public string StandardOutput => string.Concat(Outputs.OfType<TextElement>().Where(t => t.Name == "stdout").Select(t => t.Text));
}

/// <summary>The outcome of running one notebook.</summary>
/// <param name="NotebookPath">Full path of the source notebook.</param>
/// <param name="Cells">Executed code cells in order.</param>
/// <param name="Duration">Wall time of the whole notebook.</param>
/// <param name="ExecutedNotebookPath">Where the executed notebook was written, if anywhere.</param>
/// <param name="HtmlReportPath">Where the HTML report was written, if anywhere.</param>
/// <param name="Variables">The kernel's top-level variables after the run (last value of each name).</param>
public sealed record NotebookRunResult(
    string NotebookPath,
    IReadOnlyList<CellRunResult> Cells,
    TimeSpan Duration,
    string? ExecutedNotebookPath,
    string? HtmlReportPath,
    IReadOnlyDictionary<string, object?> Variables)
{
    /// <summary>The first failed cell, if any.</summary>
    public CellRunResult? FirstFailure => Cells.FirstOrDefault(c => !c.Succeeded);

    /// <summary>True when every executed cell succeeded.</summary>
    public bool Succeeded => FirstFailure is null;

    /// <summary>Notebook file name without folder.</summary>
    public string Name => Path.GetFileName(NotebookPath);

    /// <summary>One line naming the notebook, the cell, its first source line and the error; null on success.</summary>
    public string? FailureMessage => FirstFailure is { } f
        ? $"{Name}: cell {(f.CellNumber == 0 ? "(injected parameters)" : f.CellNumber.ToString())} `{f.FirstLine}` failed: {NotebookRunner.FirstLine(f.Error!, 300)}"
        : null;
}

namespace CompatNotebooks.Runner;

/// <summary>How <see cref="NotebookRunner"/> runs notebooks.</summary>
public sealed record RunOptions
{
    /// <summary>Folder for the executed notebooks and HTML reports (created if missing); null writes nothing.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Papermill-style parameters (<c>-p name=value</c>), assigned right after the <c>parameters</c> cell.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Longest a single cell may run; null for no limit.</summary>
    public TimeSpan? TimeoutPerCell { get; init; }

    /// <summary>Run the remaining cells after a failure (the run still counts as failed).</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Write a standalone HTML report beside each executed notebook.</summary>
    public bool WriteHtml { get; init; } = true;

    /// <summary>Where the per-cell progress lines go (null: nowhere).</summary>
    public TextWriter? Log { get; init; }
}

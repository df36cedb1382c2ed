namespace CompatNotebooks.Runner;

/// <summary>How <see cref="NotebookRunner"/> runs notebooks.</summary>
public sealed record RunOptions
{
    /// <summary>Folder for the executed notebooks and HTML reports (created if missing); null writes nothing.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Papermill-style parameters (<c>-p name=value</c>), assigned right after the <c>parameters</c> cell.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The parameter <see cref="Strict"/> sets.</summary>
    public const string StrictParameter = "strict";

    /// <summary>Strict mode (<c>compat-notebooks run --strict</c>): sets <c>strict = true</c> in every notebook whose
    /// <c>parameters</c> cell declares <c>strict</c> (the notebooks pass it to the catalog load, so the first bad
    /// metadata line or feature record fails the cell); a notebook that does not declare it runs unchanged and the
    /// <see cref="Log"/> says so. Setting <c>strict</c> in <see cref="Parameters"/> as well is an error.</summary>
    public bool Strict { get; init; }

    /// <summary>Longest a single cell may run; null for no limit.</summary>
    public TimeSpan? TimeoutPerCell { get; init; }

    /// <summary>Run the remaining cells after a failure (the run still counts as failed).</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Write a standalone HTML report beside each executed notebook.</summary>
    public bool WriteHtml { get; init; } = true;

    /// <summary>Where the per-cell progress lines go (null: nowhere).</summary>
    public TextWriter? Log { get; init; }
}

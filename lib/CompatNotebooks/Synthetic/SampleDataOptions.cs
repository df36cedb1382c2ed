namespace CompatNotebooks.Synthetic;

/// <summary>Size and seed of the generated sample dataset (see <see cref="SampleData"/>).</summary>
public sealed record SampleDataOptions
{
    /// <summary>Products (metadata lines) per category. The default, 3,000, generates in about a second;
    /// 84,901 matches the real Musical Instruments file (≈ 1.3 GB of features).</summary>
    public int ItemsPerCategory { get; init; } = 3000;

    /// <summary>Seed of everything generated: the same seed and options give byte-identical files (the same bytes
    /// as the earlier 64-bit seed of the same non-negative value).</summary>
    public int Seed { get; init; } = 2014;

    /// <summary>Categories to write, by file-name spelling (the chapter's two by default).</summary>
    public IReadOnlyList<string> Categories { get; init; } = SampleData.DefaultCategories;

    /// <summary>Floats per feature row (4096 like the real CNN features).</summary>
    public int Dimension { get; init; } = 4096;

    /// <summary>Dimension of the planted latent style that drives <c>also_bought</c> (the book's K = 5).</summary>
    public int StyleDimension { get; init; } = 5;

    /// <summary>Threads used to compute feature rows (null: all cores). Output does not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Called after each category's files are complete in the staging folder, before anything is moved
    /// into place (lets tests look at the output folder at the moment a kill would hit).</summary>
    internal Action<string>? AfterCategoryStaged { get; init; }

    /// <summary>Checks the values and throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (ItemsPerCategory is < 10 or > 5_000_000)
            throw new ArgumentOutOfRangeException(nameof(ItemsPerCategory), ItemsPerCategory, "Between 10 and 5,000,000 items per category.");
        if (Dimension is < 8 or > 1 << 16)
            throw new ArgumentOutOfRangeException(nameof(Dimension), Dimension, "Between 8 and 65,536 floats per row.");
        if (StyleDimension is < 1 or > 64)
            throw new ArgumentOutOfRangeException(nameof(StyleDimension), StyleDimension, "Between 1 and 64.");
        if (Categories.Count == 0)
            throw new ArgumentException("At least one category is needed.", nameof(Categories));
        foreach (var c in Categories)
            if (string.IsNullOrWhiteSpace(c) || c.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || c.Contains(' '))
                throw new ArgumentException($"Category '{c}' must be a file-name spelling such as Musical_Instruments.", nameof(Categories));
    }
}

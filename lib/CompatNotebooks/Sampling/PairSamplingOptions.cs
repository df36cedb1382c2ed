namespace CompatNotebooks.Sampling;

/// <summary>How negatives (pairs labelled incompatible) are drawn.</summary>
public enum NegativeSampling
{
    /// <summary>Section 1 of the book: both items uniformly at random from the whole catalog.</summary>
    Random,

    /// <summary>"Difficult" negatives (exercise 9.3): the positive's first item with a random item of its own
    /// subcategory, so the model cannot win by telling subcategories apart.</summary>
    SameSubcategory,
}

/// <summary>Options of <see cref="PairSampler.Sample"/>.</summary>
public sealed record PairSamplingOptions
{
    /// <summary>How negatives are drawn (default <see cref="NegativeSampling.Random"/>).</summary>
    public NegativeSampling Negatives { get; init; } = NegativeSampling.Random;

    /// <summary>Keep only <c>also_bought</c> links whose two items share a subcategory (exercise 9.1).</summary>
    public bool SameSubcategoryPositives { get; init; }

    /// <summary>Negatives drawn per positive (the book: 1).</summary>
    public int NegativesPerPositive { get; init; } = 1;

    /// <summary>
    /// Reject a drawn negative that is a known positive (an <c>also_bought</c> link of the catalog in either
    /// direction) or pairs an item with itself, and draw again (counted in <see cref="SamplingReport.NegativesRedrawn"/>).
    /// Default true; false reproduces the book, whose random negatives are occasionally real links.
    /// </summary>
    public bool ExcludeKnownPositives { get; init; } = true;

    /// <summary>Seed of the negative draws: same catalog, options and seed → identical pairs.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for impossible values.</summary>
    public void Validate()
    {
        if (NegativesPerPositive is < 0 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(NegativesPerPositive), NegativesPerPositive, "Between 0 and 1000.");
        if (!Enum.IsDefined(Negatives))
            throw new ArgumentOutOfRangeException(nameof(Negatives), Negatives, "Unknown negative sampling.");
    }
}

/// <summary>What the sampler did besides emitting pairs.</summary>
public sealed record SamplingReport
{
    /// <summary>Catalog <c>also_bought</c> links considered.</summary>
    public long LinksConsidered { get; init; }

    /// <summary>Links left out because their items are in different subcategories (or lack one) when
    /// <see cref="PairSamplingOptions.SameSubcategoryPositives"/> is set.</summary>
    public long LinksNotSameSubcategory { get; init; }

    /// <summary>Positive pairs emitted (ordered: A→B and B→A are two pairs, as in the book).</summary>
    public long Positives { get; init; }

    /// <summary>Distinct unordered positive pairs {A, B}: the unit a train/test split never cuts.</summary>
    public long UnorderedPositives { get; init; }

    /// <summary>Negatives emitted.</summary>
    public long Negatives { get; init; }

    /// <summary>Draws rejected because they hit a known positive or paired an item with itself.</summary>
    public long NegativesRedrawn { get; init; }

    /// <summary>Negatives not emitted because no acceptable item was found in <see cref="PairSampler.MaxDraws"/> draws
    /// (tiny subcategories whose items are all linked).</summary>
    public long NegativesUnavailable { get; init; }

    /// <summary>Difficult negatives drawn from the whole catalog because the positive's first item has no subcategory.</summary>
    public long NegativesWithoutSubcategory { get; init; }
}

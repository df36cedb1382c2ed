using CompatNotebooks.Randomness;
namespace CompatNotebooks.Synthetic;

/// <summary>
/// The planted truth behind one generated category: every item's latent subcategory, K-dimensional style
/// and popularity, which items have features or metadata, and how <c>also_bought</c> links are drawn.
/// </summary>
/// <remarks>
/// Items 0 … <see cref="MetadataItems"/>−1 get a metadata line; the next <see cref="FeatureOnlyItems"/> exist
/// only in the feature file (as in the real data, where the two files do not cover exactly the same products).
/// Everything per item comes from its own random sub-stream, so it can be recomputed in any order or thread.
/// Links: for item i, candidates are drawn by popularity (about half from i's own subcategory); the kept targets
/// are sampled without replacement with weight exp(−‖sᵢ − sⱼ‖² / τ), so co-purchases follow style similarity
/// within and across subcategories — exactly what the compatibility model is meant to recover.
/// </remarks>
internal sealed class SampleWorld
{
    // Streams of SeededRandom.ForStream(seed, categoryKey ^ stream, index).
    internal const ulong SetupStream = 0x100, ItemStream = 0x200, LinkStream = 0x300, FeatureStream = 0x400, MetadataStream = 0x500;

    private const double Temperature = 2.0;           // τ: smaller = links follow style more strictly
    private const double CentroidSpread = 1.2;        // std of subcategory style centroids
    private const double MissingFeatures = 0.04;      // metadata items absent from the feature file
    private const double FeatureOnlyShare = 0.01;     // feature rows without a metadata line
    private const double OutsideLinkShare = 0.04;     // also_bought targets that are in neither file
    private const double NoLinks = 0.12;              // items with an empty also_bought list
    private const double SameSubcategoryCandidates = 0.35;
    private const int MaxLinks = 80;

    private readonly AliasTable _global;
    private readonly AliasTable?[] _bySubcategory;

    private SampleWorld(string category, SampleDataOptions options)
    {
        Category = category;
        Options = options;
        Vocabulary = SampleVocabulary.For(category);
        CategoryKey = StableHash(category);
        K = options.StyleDimension;
        MetadataItems = options.ItemsPerCategory;
        FeatureOnlyItems = Math.Max(1, (int)(MetadataItems * FeatureOnlyShare));
        int total = MetadataItems + FeatureOnlyItems;
        int subcategories = Vocabulary.Subcategories.Length;

        var setup = StreamOf(SetupStream, 0);
        Centroids = new float[subcategories * K];
        for (int i = 0; i < Centroids.Length; i++) Centroids[i] = (float)(CentroidSpread * setup.NextGaussian());
        var subcategoryWeights = Enumerable.Range(0, subcategories).Select(s => 1.0 / Math.Pow(s + 1, 1.05)).ToArray();
        var subcategoryTable = new AliasTable(Enumerable.Range(0, subcategories).ToArray(), subcategoryWeights);

        Asins = new string[total];
        Subcategory = new int[total];
        Style = new float[total * K];
        Popularity = new double[total];
        HasFeatures = new bool[total];
        for (int i = 0; i < total; i++)
        {
            var r = StreamOf(ItemStream, i);
            Asins[i] = MakeAsin(i);
            int s = subcategoryTable.Next(ref r);
            Subcategory[i] = s;
            for (int k = 0; k < K; k++) Style[i * K + k] = Centroids[s * K + k] + (float)r.NextGaussian();
            Popularity[i] = Math.Min(5000, Math.Pow(1 - r.NextDouble(), -1 / 1.3)); // Pareto tail: a few best sellers
            HasFeatures[i] = i >= MetadataItems || r.NextDouble() >= MissingFeatures;
        }
        PhantomAsins = Enumerable.Range(total, Math.Max(1, MetadataItems / 10)).Select(MakeAsin).ToArray();

        var all = Enumerable.Range(0, total).ToArray();
        _global = new AliasTable(all, Popularity);
        _bySubcategory = new AliasTable?[subcategories];
        foreach (var group in all.GroupBy(i => Subcategory[i]))
        {
            var members = group.ToArray();
            _bySubcategory[group.Key] = new AliasTable(members, members.Select(i => Popularity[i]).ToArray());
        }
    }

    /// <summary>Builds the world of <paramref name="category"/> for <paramref name="options"/> (deterministic).</summary>
    public static SampleWorld Create(string category, SampleDataOptions options)
    {
        options.Validate();
        return new SampleWorld(category, options);
    }

    public string Category { get; }

    /// <summary>The seed as the 64 bits the streams are keyed by (sign-extended, so a non-negative seed keys the
    /// same streams as when seeds were 64-bit).</summary>
    private ulong Seed64 => unchecked((ulong)Options.Seed);
    public SampleDataOptions Options { get; }
    public SampleVocabulary Vocabulary { get; }
    public ulong CategoryKey { get; }
    public int K { get; }
    public int MetadataItems { get; }
    public int FeatureOnlyItems { get; }
    public int TotalItems => Asins.Length;
    public string[] Asins { get; }
    public int[] Subcategory { get; }
    public float[] Centroids { get; }
    public float[] Style { get; }
    public double[] Popularity { get; }
    public bool[] HasFeatures { get; }
    /// <summary>ASINs that links may point to but that exist in neither file.</summary>
    public string[] PhantomAsins { get; }

    /// <summary>The style vector of item <paramref name="i"/>.</summary>
    public ReadOnlySpan<float> StyleOf(int i) => Style.AsSpan(i * K, K);

    /// <summary>Squared style distance of two items.</summary>
    public double StyleDistance(int a, int b)
    {
        double d = 0;
        for (int k = 0; k < K; k++) { double x = Style[a * K + k] - Style[b * K + k]; d += x * x; }
        return d;
    }

    /// <summary>The sub-stream <paramref name="stream"/>/<paramref name="index"/> of this category.</summary>
    public SeededRandom StreamOf(ulong stream, long index) =>
        SeededRandom.ForStream(Seed64, CategoryKey ^ stream, (ulong)index);

    /// <summary>
    /// Item <paramref name="i"/>'s <c>also_bought</c> list, most-linked first: item indices ≥ 0, or
    /// <c>~p</c> (negative) for phantom ASIN p outside both files.
    /// </summary>
    public int[] AlsoBought(int i)
    {
        var r = StreamOf(LinkStream, i);
        if (r.NextDouble() < NoLinks) return [];
        int degree = (int)Math.Clamp(Math.Round(Math.Exp(Math.Log(8) + 0.8 * r.NextGaussian())), 1, MaxLinks);
        int candidates = Math.Max(64, 2 * degree);
        var own = _bySubcategory[Subcategory[i]]!;
        var seen = new HashSet<int>(candidates) { i };
        var keyed = new List<(double Key, int Item)>(candidates);
        for (int c = 0; c < candidates; c++)
        {
            int j = r.NextDouble() < SameSubcategoryCandidates ? own.Next(ref r) : _global.Next(ref r);
            if (!seen.Add(j)) continue;
            double weight = Math.Exp(-StyleDistance(i, j) / Temperature);
            // Efraimidis–Spirakis: the largest log(u)/w keys are a weighted sample without replacement.
            keyed.Add((Math.Log(1 - r.NextDouble()) / Math.Max(weight, 1e-300), j));
        }
        keyed.Sort((a, b) => a.Key != b.Key ? b.Key.CompareTo(a.Key) : a.Item.CompareTo(b.Item));
        int count = Math.Min(degree, keyed.Count);
        var links = new int[count];
        for (int t = 0; t < count; t++)
            links[t] = r.NextDouble() < OutsideLinkShare ? ~r.NextInt(PhantomAsins.Length) : keyed[t].Item;
        return links;
    }

    /// <summary>The ASIN a link entry from <see cref="AlsoBought"/> points to.</summary>
    public string LinkAsin(int link) => link >= 0 ? Asins[link] : PhantomAsins[~link];

    /// <summary>A unique, real-looking ASIN for index <paramref name="index"/>: mostly "B00" + 7 base-36
    /// characters, some 10-digit ISBN-style ids and a few 9-character ids (written space-padded in the feature file).</summary>
    private string MakeAsin(int index)
    {
        ulong kind = SeededRandom.Mix(CategoryKey ^ Seed64 ^ ((ulong)index << 20)) % 1000;
        if (kind < 60)
        {
            ulong n = ((ulong)index * 1_000_003UL + CategoryKey % 1_000_000_000UL) % 1_000_000_000UL; // bijective: 1000003 is coprime to 10
            return n.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        }
        const ulong space = 78_364_164_096UL; // 36^7
        ulong u = ((ulong)index * 2_654_435_761UL + CategoryKey % space) % space; // bijective: odd and not a multiple of 3
        Span<char> chars = stackalloc char[7];
        for (int c = 6; c >= 0; c--) { chars[c] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(int)(u % 36)]; u /= 36; }
        return (kind < 63 ? "B0" : "B00") + new string(chars);
    }

    /// <summary>FNV-1a 64 of the category name: stable across runs and .NET versions (unlike string.GetHashCode).</summary>
    internal static ulong StableHash(string text)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in text) { h ^= c; h *= 1099511628211UL; }
        return h;
    }
}

using System.IO.Compression;
using System.Text;
using CompatNotebooks.Data;
using CompatNotebooks.Randomness;

namespace CompatNotebooks.Synthetic;

/// <summary>
/// Writes <c>meta_&lt;Category&gt;.json.gz</c> like the 2014 release: gzip, one Python dict literal per line,
/// keys present only when the product has them (as in reality: no title, no price, no brand, no categories,
/// a single category level, empty related lists left out).
/// </summary>
internal static class SampleMetadataWriter
{
    private const int BatchItems = 2048;
    private static readonly string ImageIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly string[] ImageSuffixes = ["._SY300_.jpg", "._SX300_.jpg", "._SX342_.jpg", "._SY344_.jpg"];
    private static readonly string[] DescriptionSentences =
    [
        "Great for beginners and pros alike.", "Includes 2 extra parts.\nEasy to clean.", "Size: 12\" x 8\".",
        "It's the one you'll reach for.", "Colour:\tblack", "Made in Österreich.", "Satisfaction guaranteed &amp; fast shipping.",
    ];

    /// <summary>Writes the metadata of <paramref name="world"/> to <paramref name="path"/>; returns the lines written.</summary>
    public static int Write(SampleWorld world, string path)
    {
        int n = world.MetadataItems;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = world.Options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        var lines = new string[BatchItems];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var text = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        for (int start = 0; start < n; start += BatchItems)
        {
            int count = Math.Min(BatchItems, n - start);
            Parallel.For(0, count, parallel, b => lines[b] = PythonLiteral.Format(Line(world, start + b)));
            for (int b = 0; b < count; b++) text.WriteLine(lines[b]);
        }
        return n;
    }

    /// <summary>The metadata dictionary of item <paramref name="i"/>, keys in the order the real files use.</summary>
    internal static Dictionary<string, object?> Line(SampleWorld world, int i)
    {
        var r = world.StreamOf(SampleWorld.MetadataStream, i);
        var vocabulary = world.Vocabulary;
        var sub = vocabulary.Subcategories[world.Subcategory[i]];
        string? brand = r.NextDouble() < 0.65 ? PickSkewed(ref r, vocabulary.Brands) : null;
        var line = new Dictionary<string, object?>(10) { ["asin"] = world.Asins[i] };

        if (r.NextDouble() < 0.2)
        {
            int first = r.NextInt(DescriptionSentences.Length), second = (first + 1 + r.NextInt(DescriptionSentences.Length - 1)) % DescriptionSentences.Length;
            line["description"] = DescriptionSentences[first] + " " + DescriptionSentences[second];
        }
        int nounIndex = r.NextInt(sub.Nouns.Length);
        string noun = sub.Nouns[nounIndex]; // what the product is, titled or not: sets its price (and its path)
        if (r.NextDouble() >= 0.03)
            line["title"] = Title(ref r, vocabulary, noun, brand);
        if (r.NextDouble() < 0.85)
            line["price"] = Price(ref r, noun);
        if (r.NextDouble() < 0.95)
            line["imUrl"] = ImageUrl(ref r);

        var related = Related(ref r, world, i);
        if (related.Count > 0) line["related"] = related;
        if (r.NextDouble() < 0.8)
        {
            long rank = Math.Max(1, (long)(300_000 / world.Popularity[i] * (0.5 + r.NextDouble())));
            line["salesRank"] = new Dictionary<string, object?> { [vocabulary.TopLevel] = rank };
        }
        double shape = r.NextDouble();
        if (shape >= 0.02) // 2 % have no categories at all
        {
            var first = new List<object?> { vocabulary.TopLevel };
            if (shape >= 0.06) // 4 % stop at the top level (no subcategory)
            {
                first.Add(sub.Name);
                if (r.NextDouble() < 0.8)
                {
                    // Drawn on its own unless the path belongs to the noun (the draw is kept only where it was, so
                    // the categories generated before deeper paths existed keep their bytes).
                    string deeper = sub.PathPerNoun ? sub.ThirdLevels[nounIndex] : sub.ThirdLevels[r.NextInt(sub.ThirdLevels.Length)];
                    foreach (string level in deeper.Split(SampleSubcategory.LevelSeparator)) first.Add(level);
                }
            }
            var paths = new List<object?> { first };
            if (r.NextDouble() < 0.1) // a second path, from another subcategory
            {
                var other = vocabulary.Subcategories[r.NextInt(vocabulary.Subcategories.Length)];
                paths.Add(new List<object?> { vocabulary.TopLevel, other.Name });
            }
            line["categories"] = paths;
        }
        if (brand is not null) line["brand"] = brand;
        return line;
    }

    private static Dictionary<string, object?> Related(ref SeededRandom r, SampleWorld world, int i)
    {
        var related = new Dictionary<string, object?>(4);
        var alsoBought = world.AlsoBought(i);
        if (alsoBought.Length > 0)
            related["also_bought"] = alsoBought.Select(world.LinkAsin).ToList<object?>();
        if (r.NextDouble() < 0.5)
        {
            int count = 1 + r.NextInt(20);
            var viewed = new List<int>(count);
            for (int v = 0; v < count; v++)
            {
                int j = alsoBought.Length > 0 && r.NextDouble() < 0.5 ? alsoBought[r.NextInt(alsoBought.Length)] : r.NextInt(world.TotalItems);
                if (j != i && !viewed.Contains(j)) viewed.Add(j);
            }
            if (viewed.Count > 0) related["also_viewed"] = viewed.Select(world.LinkAsin).ToList<object?>();
        }
        if (alsoBought.Length > 0 && r.NextDouble() < 0.3)
            related["bought_together"] = alsoBought.Take(1 + r.NextInt(2)).Select(world.LinkAsin).ToList<object?>();
        if (r.NextDouble() < 0.05)
            related["buy_after_viewing"] = new List<object?> { world.Asins[r.NextInt(world.TotalItems)] };
        return related;
    }

    private static string Title(ref SeededRandom r, SampleVocabulary vocabulary, string noun, string? brand)
    {
        var sb = new StringBuilder(80);
        if (brand is not null) sb.Append(brand).Append(' ');
        sb.Append(vocabulary.Adjectives[r.NextInt(vocabulary.Adjectives.Length)]).Append(' ');
        sb.Append(noun);
        double extra = r.NextDouble();
        if (extra < 0.22) sb.Append(" - ").Append(SampleVocabulary.TrickyExtras[r.NextInt(SampleVocabulary.TrickyExtras.Length)]);
        else if (extra < 0.5) sb.Append(", Model ").Append((char)('A' + r.NextInt(26))).Append(100 + r.NextInt(900));
        return sb.ToString();
    }

    /// <summary>A price within the noun's plausible range: log-normal around the range's geometric middle (about
    /// 95 % inside the range before clamping), cents mostly, some whole-dollar prices (printed as 20.0).</summary>
    private static double Price(ref SeededRandom r, string noun)
    {
        var (low, high) = SamplePrices.RangeOf(noun);
        double middle = Math.Sqrt(low * high), spread = Math.Log(high / low) / 4;
        double price = Math.Clamp(middle * Math.Exp(spread * r.NextGaussian()), low, high);
        return r.NextDouble() < 0.05 ? Math.Round(price) : Math.Round(price * 100) / 100;
    }

    private static string ImageUrl(ref SeededRandom r)
    {
        Span<char> id = stackalloc char[11];
        for (int c = 0; c < id.Length; c++) id[c] = ImageIdAlphabet[r.NextInt(ImageIdAlphabet.Length)];
        string name = r.NextDouble() < 0.03 ? new string(id[..8]) + "%2BL" : new string(id);
        return "http://ecx.images-amazon.com/images/I/" + name + ImageSuffixes[r.NextInt(ImageSuffixes.Length)];
    }

    /// <summary>Zipf-like pick: the first entries are much more frequent (brand skew).</summary>
    private static string PickSkewed(ref SeededRandom r, string[] values)
    {
        double u = r.NextDouble();
        int index = (int)(values.Length * Math.Pow(u, 2.5));
        return values[Math.Min(index, values.Length - 1)];
    }
}

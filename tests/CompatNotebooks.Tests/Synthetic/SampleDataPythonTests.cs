using System.Diagnostics;
using CompatNotebooks.Catalog;
using CompatNotebooks.Data;

using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Synthetic;

/// <summary>The generated metadata reads in Python exactly as the 2014 files do (the book's <c>eval</c> per line).</summary>
public class SampleDataPythonTests
{
    [Fact]
    public void PythonEvalReadsEveryLineAndCountsTheSameLinks()
    {
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        string dir = GeneratedSample.Directory;
        const string script = """
            import gzip, sys, array
            d = sys.argv[1]
            pos = {}
            with open(d + '/image_features_Musical_Instruments.b', 'rb') as f:
                while True:
                    asin = f.read(10).decode('ascii')
                    if len(asin) < 10: break
                    array.array('f').fromfile(f, 4096)
                    pos[asin.strip()] = len(pos)
            lines = [eval(l) for l in gzip.open(d + '/meta_Musical_Instruments.json.gz', 'r')]
            links = sum(1 for l in lines for a2 in l.get('related', {}).get('also_bought', []) if l['asin'] in pos and a2 in pos)
            print(len(lines), len(pos), links)
            """;
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-");
        start.ArgumentList.Add(dir);
        var outcome = BoundedProcess.Run(start, BoundedProcess.ShortLimit, script);
        string output = outcome.StandardOutput;
        Assert.True(outcome.ExitCode == 0, outcome.StandardError);

        using var catalog = ProductCatalog.Load(dir, "Musical_Instruments");
        var r = catalog.Report;
        Assert.Equal($"{r.ItemsInMetadata} {r.ItemsWithFeatures} {r.LinksInCatalog + r.SelfLinks + r.DuplicateLinks}", output.Trim());
    }
}

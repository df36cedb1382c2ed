using System.Globalization;

namespace CompatNotebooks.Benchmarks.Embedding;

/// <summary>Numeric CSV rows (no header) as one row-major float array, for the t-SNE bench modes.</summary>
internal static class CsvRows
{
    public static (float[] Data, int Rows, int Dimension) Read(string path)
    {
        var lines = File.ReadAllLines(path);
        int dim = lines[0].Split(',').Length;
        var data = new float[lines.Length * dim];
        for (int i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(',');
            if (parts.Length != dim) throw new FormatException($"{path}: line {i + 1} has {parts.Length} values, line 1 has {dim}.");
            for (int d = 0; d < dim; d++) data[i * dim + d] = float.Parse(parts[d], CultureInfo.InvariantCulture);
        }
        return (data, lines.Length, dim);
    }
}

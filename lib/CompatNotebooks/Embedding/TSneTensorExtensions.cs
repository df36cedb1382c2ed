using TorchSharp;

namespace CompatNotebooks.Embedding;

/// <summary>
/// t-SNE on TorchSharp tensors (e.g. style vectors x·E computed by a model): the rows are copied out once as
/// float32 and embedded by <see cref="TSne"/>. Kept apart so the t-SNE core does not depend on TorchSharp.
/// </summary>
public static class TSneTensorExtensions
{
    /// <summary>Embeds the rows of a 2-D tensor (N×D, any float dtype, any device) in 2-D; row i → point i.</summary>
    /// <exception cref="ArgumentException">The tensor is not 2-D (or any <see cref="TSne"/> input error).</exception>
    public static TSneResult EmbedTSne(this torch.Tensor rows, TSneOptions? options = null, IProgress<TSneProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.dim() != 2)
            throw new ArgumentException($"t-SNE needs a 2-D tensor of rows; got shape [{string.Join(", ", rows.shape)}].", nameof(rows));
        int dim = checked((int)rows.shape[1]);
        float[] data;
        using (var scope = torch.NewDisposeScope())
        {
            var cpu = rows.detach().to(torch.CPU).to_type(torch.ScalarType.Float32).contiguous();
            data = cpu.data<float>().ToArray();
        }
        return TSne.Embed(data, dim, options, progress, cancellation);
    }

    /// <summary>The embedding as an N×2 float32 tensor on the CPU.</summary>
    public static torch.Tensor ToTensor(this TSneResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = new float[2 * result.Count];
        for (int c = 0; c < values.Length; c++) values[c] = (float)result.Coordinates[c];
        return torch.tensor(values, [result.Count, 2]);
    }
}

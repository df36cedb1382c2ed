using CompatNotebooks.Embedding;
using CompatNotebooks.Interop;
using TorchSharp;

namespace CompatNotebooks.Tests.Embedding;

public class TSneTensorTests
{
    [Fact]
    public void TensorRowsGiveTheSameEmbeddingAsFloatRows()
    {
        TorchNative.EnsureLoaded();
        var (rows, _) = TSneTestData.Blobs(2, 40, 3, seed: 12);
        var options = new TSneOptions { Perplexity = 10, Iterations = 100 };
        var expected = TSne.Embed(rows, 3, options);
        using var tensor = torch.tensor(rows, [80, 3]).to_type(torch.ScalarType.Float64);
        var result = tensor.EmbedTSne(options);
        Assert.Equal(expected.Coordinates.ToArray(), result.Coordinates.ToArray());
        using var back = result.ToTensor();
        Assert.Equal([80L, 2L], back.shape);
        Assert.Equal((float)result.Y(5), back[5, 1].item<float>());
    }

    [Fact]
    public void NonMatrixTensorIsRejected()
    {
        TorchNative.EnsureLoaded();
        using var t = torch.zeros(4, 3, 2);
        Assert.Contains("2-D", Assert.Throws<ArgumentException>(() => t.EmbedTSne()).Message);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CompatNotebooks.Training;

/// <summary>
/// Kernels over a row's non-zero features only. Parameters are interleaved (<see cref="ParameterLayout.Interleaved"/>):
/// feature d's weights for a block of <see cref="Width"/> style dimensions are one 256-bit vector at
/// <c>e[d·stride + 8·block]</c>, so each non-zero costs one fused multiply-add forward and one backward.
/// </summary>
internal static unsafe class SparseKernels
{
    /// <summary>Style dimensions per vector (K = 5 fits one, padded with zeros).</summary>
    public const int Width = 8;

    /// <summary>s[8·b + j] = Σ_i value_i·e[index_i·stride + 8·b + j] for every block b.</summary>
    public static void Project(ushort* index, float* value, int count, float* e, int stride, int blocks, float* s)
    {
        if (blocks == 1)
        {
            ProjectOneBlock(index, value, count, e, s);
            return;
        }
        for (int b = 0; b < blocks; b++)
        {
            float* eb = e + b * Width;
            var a0 = Vector256<float>.Zero; var a1 = a0; var a2 = a0; var a3 = a0;
            int i = 0;
            // Four independent sums hide the multiply-add latency.
            for (; i + 4 <= count; i += 4)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(value[i]), Vector256.Load(eb + index[i] * stride), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Create(value[i + 1]), Vector256.Load(eb + index[i + 1] * stride), a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Create(value[i + 2]), Vector256.Load(eb + index[i + 2] * stride), a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Create(value[i + 3]), Vector256.Load(eb + index[i + 3] * stride), a3);
            }
            for (; i < count; i++)
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(value[i]), Vector256.Load(eb + index[i] * stride), a0);
            Vector256.Store((a0 + a1) + (a2 + a3), s + b * Width);
        }
    }

    /// <summary>g[index_i·stride + 8·b + j] += value_i·a[8·b + j]: the row's outer product with ∂loss/∂s, scattered.</summary>
    public static void Accumulate(ushort* index, float* value, int count, float* a, float* g, int stride, int blocks)
    {
        if (blocks == 1)
        {
            AccumulateOneBlock(index, value, count, a, g);
            return;
        }
        for (int b = 0; b < blocks; b++)
        {
            var ab = Vector256.Load(a + b * Width);
            float* gb = g + b * Width;
            for (int i = 0; i < count; i++)
            {
                float* p = gb + index[i] * stride;
                Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Create(value[i]), ab, Vector256.Load(p)), p);
            }
        }
    }

    // K ≤ 8 (the chapter's case): stride 8 is a constant, so a weight row's address is one shift and add.
    private static void ProjectOneBlock(ushort* index, float* value, int count, float* e, float* s)
    {
        var a0 = Vector256<float>.Zero; var a1 = a0; var a2 = a0; var a3 = a0;
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            a0 = Vector256.FusedMultiplyAdd(Vector256.Create(value[i]), Vector256.Load(e + ((nint)index[i] << 3)), a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.Create(value[i + 1]), Vector256.Load(e + ((nint)index[i + 1] << 3)), a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.Create(value[i + 2]), Vector256.Load(e + ((nint)index[i + 2] << 3)), a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.Create(value[i + 3]), Vector256.Load(e + ((nint)index[i + 3] << 3)), a3);
        }
        for (; i < count; i++)
            a0 = Vector256.FusedMultiplyAdd(Vector256.Create(value[i]), Vector256.Load(e + ((nint)index[i] << 3)), a0);
        Vector256.Store((a0 + a1) + (a2 + a3), s);
    }

    private static void AccumulateOneBlock(ushort* index, float* value, int count, float* a, float* g)
    {
        var av = Vector256.Load(a);
        int i = 0;
        for (; i + 2 <= count; i += 2)
        {
            float* p0 = g + ((nint)index[i] << 3), p1 = g + ((nint)index[i + 1] << 3);
            Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Create(value[i]), av, Vector256.Load(p0)), p0);
            Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Create(value[i + 1]), av, Vector256.Load(p1)), p1);
        }
        for (; i < count; i++)
        {
            float* p = g + ((nint)index[i] << 3);
            Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Create(value[i]), av, Vector256.Load(p)), p);
        }
    }

    /// <summary>Asks for a row's non-zeros to be brought into cache (issued a pair ahead).</summary>
    public static void Prefetch(ushort* index, float* value, int count)
    {
        if (!Sse.IsSupported) return;
        byte* i = (byte*)index, iEnd = (byte*)(index + count);
        for (; i < iEnd; i += 64) Sse.Prefetch0(i);
        byte* v = (byte*)value, vEnd = (byte*)(value + count);
        for (; v < vEnd; v += 64) Sse.Prefetch0(v);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CompatNotebooks.Data;

namespace CompatNotebooks.Training;

/// <summary>
/// Raw-pointer access to feature rows for the kernels. Rows whose memory cannot move — a memory-mapped
/// <see cref="FeatureMatrix"/>, or a <see cref="DenseFeatureRows"/> whose array is pinned here — are read in place;
/// rows of any other <see cref="IFeatureRows"/> are copied per tile by the worker (correct, a little slower).
/// </summary>
internal sealed unsafe class FeatureRowAccess : IDisposable
{
    private GCHandle _pin;

    public FeatureRowAccess(IFeatureRows rows)
    {
        Rows = rows;
        Dimension = rows.Dimension;
        switch (rows)
        {
            case DenseFeatureRows dense:
                _pin = GCHandle.Alloc(dense.Values, GCHandleType.Pinned);
                InPlace = true;
                break;
            case FeatureMatrix:
                InPlace = true;
                break;
        }
        // A mapped matrix opened with ScaleByMax serves raw values and a factor; the model sees scaled features.
        Scale = rows is FeatureMatrix matrix ? matrix.Scale : 1f;
    }

    public IFeatureRows Rows { get; }

    public int Dimension { get; }

    /// <summary>True when <see cref="Pointer"/> may be used (the row memory does not move).</summary>
    public bool InPlace { get; }

    /// <summary>Factor applied to every feature value.</summary>
    public float Scale { get; }

    public float* Pointer(int row) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(Rows.Row(row)));

    public void Dispose()
    {
        if (_pin.IsAllocated) _pin.Free();
    }
}

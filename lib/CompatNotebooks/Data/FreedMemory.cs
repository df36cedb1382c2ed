namespace CompatNotebooks.Data;

/// <summary>
/// Gives the memory of dead objects back to the operating system before a step that needs gigabytes of its own.
/// </summary>
/// <remarks>
/// The garbage collector keeps the space it frees committed, to reuse for later objects of the same kind. A large
/// catalog's load leaves a gigabyte and more of it (every metadata line parsed into objects that die once joined), and
/// the steps after it (t-SNE's neighbour lists, P) ask for single arrays of hundreds of megabytes that do not fit into
/// that space, so the process grows by their whole size on top of it. One blocking, compacting collection first keeps
/// the peak to what is alive. Called only ahead of such steps: a full collection is not free.
/// </remarks>
internal static class FreedMemory
{
    /// <summary>Runs a blocking, compacting collection of every generation that also releases the freed space.</summary>
    public static void Release() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}

namespace CompatNotebooks.Threading;

/// <summary>
/// One process-wide <see cref="WorkerTeam"/> lent to one parallel loop at a time: code with many short parallel
/// steps (a t-SNE iteration has about ten) borrows it instead of waking thread-pool threads for each step. A loop
/// that finds it lent (another caller, or a loop nested in a step) gets null and uses <see cref="Parallel"/> instead.
/// </summary>
internal static class SharedTeam
{
    private static readonly object Gate = new();
    private static WorkerTeam? _team;
    private static bool _lent;

    /// <summary>The team with <paramref name="size"/> members, or null while it is lent out.</summary>
    public static WorkerTeam? TryBorrow(int size)
    {
        lock (Gate)
        {
            if (_lent) return null;
            if (_team is null || _team.Size != size)
            {
                _team?.Dispose();
                _team = new WorkerTeam(size, "CompatNotebooks shared");
            }
            _lent = true;
            return _team;
        }
    }

    /// <summary>Gives the team back after <see cref="TryBorrow"/>.</summary>
    public static void Return()
    {
        lock (Gate) _lent = false;
    }
}

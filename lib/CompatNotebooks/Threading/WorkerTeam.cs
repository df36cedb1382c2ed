using System.Diagnostics;

namespace CompatNotebooks.Threading;

/// <summary>
/// A fixed team of threads for many short parallel steps (one per minibatch): the caller is member 0 and
/// <c>size − 1</c> dedicated threads are the others. Between steps the members spin briefly before they block, so a
/// step starts and ends in microseconds rather than the tens to hundreds of microseconds a thread-pool wake-up costs
/// (with ~1,000 steps per epoch on two cores that wake-up was a quarter of the training time). Member i always runs
/// share i, so results that depend on the split stay reproducible.
/// </summary>
internal sealed class WorkerTeam : IDisposable
{
    /// <summary>How long an idle member keeps spinning before it blocks: longer than the gap between two steps
    /// (one optimiser update), short enough not to burn a core between epochs.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 2000; // 0.5 ms

    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private Action<int>? _job;
    private int _members;
    private int _generation;
    private int _pending;
    private int _sleepers;
    private Exception? _error;
    private volatile bool _disposed;

    /// <summary>A team of <paramref name="size"/> members (the caller plus <paramref name="size"/> − 1 threads).</summary>
    public WorkerTeam(int size, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _threads = new Thread[size - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int member = i + 1;
            _threads[i] = new Thread(() => Loop(member)) { IsBackground = true, Name = $"{name} {member}" };
            _threads[i].Start();
        }
    }

    /// <summary>Members in the team, the caller included.</summary>
    public int Size => _threads.Length + 1;

    /// <summary>Runs <paramref name="job"/>(i) for i = 0 … <paramref name="members"/> − 1, i = 0 on the calling thread;
    /// returns when all have finished and rethrows the first exception.</summary>
    public void Run(int members, Action<int> job)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(members, Size);
        if (members == 1)
        {
            job(0);
            return;
        }
        _job = job;
        _members = members;
        _error = null;
        Volatile.Write(ref _pending, members - 1);
        Interlocked.Increment(ref _generation); // full fence: the job is visible before the new generation
        if (Volatile.Read(ref _sleepers) > 0)
            lock (_gate) Monitor.PulseAll(_gate);
        try
        {
            job(0);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, e, null);
        }
        AwaitMembers();
        _job = null;
        if (_error is { } error)
            throw new AggregateException(error);
    }

    /// <summary>
    /// Runs <paramref name="body"/>(b) for every block b in [0, <paramref name="blocks"/>) on up to
    /// <paramref name="members"/> members, each claiming the next unclaimed block: a member slowed down (by another
    /// process on its core, say) simply takes fewer blocks. Which member runs a block varies, so results must not
    /// depend on it (per-block outputs combined in block order are fine).
    /// </summary>
    public void ForEachBlock(int blocks, int members, Action<int> body)
    {
        int next = -1;
        Run(Math.Clamp(Math.Min(members, blocks), 1, Size), _ =>
        {
            int block;
            while ((block = Interlocked.Increment(ref next)) < blocks)
                body(block);
        });
    }

    private void Loop(int member)
    {
        int seen = 0;
        while (true)
        {
            int generation = AwaitGeneration(seen);
            if (_disposed) return;
            seen = generation;
            if (member >= _members) continue;
            try
            {
                _job!(member);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>Spins, then blocks, until the generation differs from <paramref name="seen"/> or the team is disposed.</summary>
    private int AwaitGeneration(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        int generation;
        while ((generation = Volatile.Read(ref _generation)) == seen && !_disposed)
        {
            if (Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                Thread.SpinWait(32);
                continue;
            }
            lock (_gate)
            {
                Interlocked.Increment(ref _sleepers); // full fence: Run either sees the sleeper or we see its generation
                while (Volatile.Read(ref _generation) == seen && !_disposed)
                    Monitor.Wait(_gate);
                Interlocked.Decrement(ref _sleepers);
            }
        }
        return generation;
    }

    /// <summary>The caller finishes its share at about the same time as the others: spin, then give the core away
    /// (on a busy machine the member still working may be waiting for this core).</summary>
    private void AwaitMembers()
    {
        long start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _pending) != 0)
        {
            if (Stopwatch.GetTimestamp() - start < SpinTicks) Thread.SpinWait(32);
            else Thread.Yield();
        }
    }

    /// <summary>Stops the team's threads.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_gate) Monitor.PulseAll(_gate);
        foreach (var thread in _threads) thread.Join();
    }
}

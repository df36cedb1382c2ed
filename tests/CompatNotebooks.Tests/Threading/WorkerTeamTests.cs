using CompatNotebooks.Threading;

namespace CompatNotebooks.Tests.Threading;

public class WorkerTeamTests
{
    [Fact]
    public void Every_member_runs_its_share_once_per_step_and_member_zero_is_the_caller()
    {
        using var team = new WorkerTeam(3, "test team");
        Assert.Equal(3, team.Size);
        int caller = Environment.CurrentManagedThreadId;
        for (int step = 0; step < 2_000; step++)
        {
            var counts = new int[3];
            var threads = new int[3];
            int members = step % 3 + 1;
            team.Run(members, t =>
            {
                Interlocked.Increment(ref counts[t]);
                threads[t] = Environment.CurrentManagedThreadId;
            });
            for (int t = 0; t < 3; t++)
                Assert.Equal(t < members ? 1 : 0, counts[t]);
            Assert.Equal(caller, threads[0]);
            if (members > 1)
                Assert.NotEqual(caller, threads[1]);
        }
    }

    [Fact]
    public void Steps_after_an_idle_pause_still_run_on_all_members()
    {
        using var team = new WorkerTeam(2, "test team");
        team.Run(2, _ => { });
        Thread.Sleep(50); // long past the spin: the second member is blocked now and must be woken
        var ran = new bool[2];
        team.Run(2, t => ran[t] = true);
        Assert.Equal([true, true], ran);
    }

    [Fact]
    public void An_exception_in_any_member_is_rethrown_after_all_have_finished()
    {
        using var team = new WorkerTeam(2, "test team");
        int finished = 0;
        var e = Assert.Throws<AggregateException>(() => team.Run(2, t =>
        {
            if (t == 1) throw new InvalidOperationException("member one failed");
            Thread.Sleep(20);
            Interlocked.Increment(ref finished);
        }));
        Assert.Equal("member one failed", Assert.IsType<InvalidOperationException>(e.InnerException).Message);
        Assert.Equal(1, finished);
        var ran = new bool[2];
        team.Run(2, t => ran[t] = true); // the team is still usable
        Assert.Equal([true, true], ran);
    }

    [Fact]
    public void Bad_member_counts_and_use_after_dispose_are_rejected()
    {
        var team = new WorkerTeam(2, "test team");
        Assert.Throws<ArgumentOutOfRangeException>(() => team.Run(0, _ => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => team.Run(3, _ => { }));
        team.Dispose();
        team.Dispose();
        Assert.Throws<ObjectDisposedException>(() => team.Run(1, _ => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerTeam(0, "empty"));
    }

    [Fact]
    public void ForEachBlock_runs_every_block_exactly_once_however_the_members_share_them()
    {
        using var team = new WorkerTeam(2, "test team");
        for (int blocks = 0; blocks < 50; blocks++)
        {
            var runs = new int[blocks];
            team.ForEachBlock(blocks, 2, b => Interlocked.Increment(ref runs[b]));
            Assert.All(runs, r => Assert.Equal(1, r));
        }
    }

    [Fact]
    public void The_shared_team_is_lent_to_one_loop_at_a_time_and_nested_loops_still_run_every_block()
    {
        WorkerTeam? team = null;
        // Tests of other classes running t-SNE in parallel may hold it for a moment.
        Assert.True(SpinWait.SpinUntil(() => (team = SharedTeam.TryBorrow(2)) is not null, TimeSpan.FromSeconds(30)));
        try
        {
            Assert.Null(SharedTeam.TryBorrow(2)); // lent: a second caller falls back to Parallel.For
        }
        finally
        {
            SharedTeam.Return();
        }
        var cells = new int[10, 7];
        CompatNotebooks.Embedding.FixedPartition.For(10, 1, 2, (s, e, _) =>
            CompatNotebooks.Embedding.FixedPartition.For(7, 2, 2, (s2, e2, _) =>
            {
                for (int j = s2; j < e2; j++) Interlocked.Increment(ref cells[s, j]);
            }));
        Assert.All(cells.Cast<int>(), c => Assert.Equal(1, c));
    }
}

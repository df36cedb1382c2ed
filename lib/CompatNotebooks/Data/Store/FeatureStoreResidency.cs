namespace CompatNotebooks.Data;

/// <summary>How an open <see cref="FeatureStore"/> holds its bytes.</summary>
public enum FeatureStoreResidency
{
    /// <summary>Read into the process's memory when the store takes at most half the memory available (the machine's,
    /// or the memory cgroup's when that is less), else mapped.</summary>
    Automatic,

    /// <summary>Read whole into the process's memory: the fastest random row reads, at the store's size in memory.</summary>
    Read,

    /// <summary>Memory-mapped: pages read on use and dropped under memory pressure, so a store larger than memory opens;
    /// train it with <c>PairOrder.BlockLocal</c> then.</summary>
    Map,
}

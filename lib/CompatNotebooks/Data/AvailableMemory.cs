using System.Globalization;

namespace CompatNotebooks.Data;

/// <summary>Memory a process could still use on Linux: <c>MemAvailable</c> of <c>/proc/meminfo</c>, or less when its
/// memory cgroup (v1 or v2) has a limit (the limit minus what the cgroup already uses, its page cache included, as the
/// limit counts it). Null where none of this can be read.</summary>
internal static class AvailableMemory
{
    /// <summary>The bytes available, or null when unknown.</summary>
    public static long? Bytes()
    {
        try
        {
            long? machine = ProcStatus.FieldBytes(File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo") : [], "MemAvailable");
            long? cgroup = CgroupHeadroom();
            return (machine, cgroup) switch
            {
                (long m, long c) => Math.Min(m, c),
                (long m, null) => m,
                (null, long c) => c,
                _ => null,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? CgroupHeadroom()
    {
        if (!File.Exists("/proc/self/cgroup")) return null;
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            string relative = parts[2].TrimStart('/');
            if (parts[0] == "0" && parts[1].Length == 0)
            {
                string folder = Path.Combine("/sys/fs/cgroup", relative);
                if (Read(Path.Combine(folder, "memory.max")) is long max && Read(Path.Combine(folder, "memory.current")) is long current)
                    return Math.Max(0, max - current);
            }
            else if (parts[1].Split(',').Contains("memory"))
            {
                string folder = Path.Combine("/sys/fs/cgroup/memory", relative);
                if (Read(Path.Combine(folder, "memory.limit_in_bytes")) is long limit && limit < long.MaxValue / 2
                    && Read(Path.Combine(folder, "memory.usage_in_bytes")) is long usage)
                    return Math.Max(0, limit - usage);
            }
        }
        return null;
    }

    /// <summary>A number in a cgroup file; null for "max", a missing file or anything else.</summary>
    private static long? Read(string path) =>
        File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;
}

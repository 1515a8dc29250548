using System.Globalization;

namespace Strata.Drivers.Qemu;

/// <summary>CPU time in user and kernel mode, in nanoseconds.</summary>
internal readonly record struct CpuTime(ulong UserNs, ulong SystemNs)
{
    public ulong TotalNs => UserNs + SystemNs;
}

/// <summary>
/// What /proc says about a QEMU process and its threads (a vCPU is a thread): CPU time, time spent waiting for a
/// host CPU, resident memory. A process or thread that is gone, or a file that does not parse, reads as zero.
/// </summary>
internal static class ProcessStats
{
    // sysconf(_SC_CLK_TCK) is 100 on every Linux architecture Strata runs on.
    private const ulong NsPerClockTick = 1_000_000_000UL / 100;

    /// <summary>The process's CPU time (<c>/proc/PID/stat</c>), or one thread's (<c>/proc/PID/task/TID/stat</c>).</summary>
    public static CpuTime CpuTime(int pid, int? thread = null)
    {
        // utime and stime are fields 14 and 15 (1-based), the 12th and 13th after the name.
        var fields = StatFields(thread is { } tid ? $"/proc/{pid}/task/{tid}/stat" : $"/proc/{pid}/stat");
        return fields.Length > 12
            && ulong.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out ulong user)
            && ulong.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out ulong system)
            ? new CpuTime(user * NsPerClockTick, system * NsPerClockTick)
            : default;
    }

    /// <summary>The host CPU a thread last ran on (<c>stat</c>'s field 39), or -1 if unknown.</summary>
    public static int LastHostCpu(int pid, int thread)
    {
        var fields = StatFields($"/proc/{pid}/task/{thread}/stat");
        return fields.Length > 36 && int.TryParse(fields[36], NumberStyles.None, CultureInfo.InvariantCulture, out int cpu) ? cpu : -1;
    }

    /// <summary>The host CPUs a thread may run on (<c>Cpus_allowed_list</c>: "0-3,6"), in order.</summary>
    public static IReadOnlyList<int> Affinity(int pid, int thread)
    {
        var cpus = new List<int>();
        foreach (string range in StatusValue($"/proc/{pid}/task/{thread}/status", "Cpus_allowed_list").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = range.Split('-');
            if (int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
                && int.TryParse(ends[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int last))
                for (int cpu = first; cpu <= last; cpu++)
                    cpus.Add(cpu);
        }
        return cpus;
    }

    /// <summary>How long a thread was ready to run but waited for a host CPU (<c>schedstat</c>'s second field), in ns.</summary>
    public static ulong RunQueueDelayNs(int pid, int thread) =>
        ReadOrNull($"/proc/{pid}/task/{thread}/schedstat")?.Split(' ') is [_, var delay, ..]
        && ulong.TryParse(delay, NumberStyles.None, CultureInfo.InvariantCulture, out ulong ns) ? ns : 0;

    /// <summary>The process's resident memory (<c>VmRSS</c> in <c>/proc/PID/status</c>), in KiB.</summary>
    public static ulong ResidentKiB(int pid) =>
        ulong.TryParse(StatusValue($"/proc/{pid}/status", "VmRSS").Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong kib) ? kib : 0;

    /// <summary>The fields of a <c>stat</c> file after the command name (in parentheses, and it may hold spaces).</summary>
    private static string[] StatFields(string path) =>
        ReadOrNull(path) is { } stat && stat.LastIndexOf(')') is var end and >= 0 && end + 2 <= stat.Length
            ? stat[(end + 2)..].Split(' ')
            : [];

    /// <summary>The value of one <c>Key:</c> line of a <c>status</c> file, trimmed; empty if absent.</summary>
    private static string StatusValue(string path, string key) =>
        (ReadOrNull(path) ?? "").Split('\n').FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal))?[(key.Length + 1)..].Trim() ?? "";

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

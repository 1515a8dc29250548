using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Strata.Host;

/// <summary>
/// The host's TSC frequency, which a microvm guest needs as <c>tsc_early_khz=</c> under TCG (without the PIT it
/// cannot calibrate). Read once per process: a few file reads and at most one non-blocking pass over /dev/kmsg.
/// </summary>
public static partial class HostTsc
{
    private const string SysfsFile = "/sys/devices/system/cpu/cpu0/tsc_freq_khz";
    private const string KernelLog = "/dev/kmsg";
    private const string CpuInfoFile = "/proc/cpuinfo";
    private const string RefinedPrefix = "tsc: Refined TSC clocksource calibration: ";
    private const string DetectedPrefix = "tsc: Detected ";

    /// <summary>One /dev/kmsg record is at most this long (the kernel's CONSOLE_EXT_LOG_MAX).</summary>
    private const int KmsgRecordBytes = 8192;

    /// <summary>A ceiling on records read, so a huge ring buffer cannot make this slow.</summary>
    private const int MaxKmsgRecords = 20_000;

    private static readonly Lazy<TscFrequency?> Cached = new(() => Measure(HostRoot.Default));

    /// <summary>The TSC frequency in kHz, or null when the host does not say.</summary>
    public static long? KHz() => Cached.Value?.KHz;

    /// <summary>The TSC frequency and where it came from (cached for the life of the process).</summary>
    public static TscFrequency? Get() => Cached.Value;

    /// <summary>Reads the frequency afresh from the host under <paramref name="root"/>.</summary>
    public static TscFrequency? Measure(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.ReadText(SysfsFile) is { } sysfs
            && long.TryParse(sysfs.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long khz) && khz > 0)
            return new TscFrequency(khz, TscSource.Sysfs);

        var fromLog = FromKernelLog(ReadKernelLog(root.Resolve(KernelLog)));
        if (fromLog is not null) return fromLog;

        return CpuInfo.Parse(root.ReadText(CpuInfoFile)).MHz is { } mhz and > 0
            ? new TscFrequency((long)Math.Round(mhz * 1000, MidpointRounding.AwayFromZero), TscSource.CpuInfo)
            : null;
    }

    /// <summary>The TSC lines of a kernel log (dmesg or /dev/kmsg records); the refined calibration wins.</summary>
    internal static TscFrequency? FromKernelLog(IEnumerable<string> lines)
    {
        TscFrequency? detected = null;
        foreach (string record in lines)
        {
            // /dev/kmsg: "6,339,5140900,-;tsc: …"; dmesg: "[    0.000052] tsc: …".
            string line = record;
            int index = line.IndexOf(RefinedPrefix, StringComparison.Ordinal);
            if (index >= 0 && ParseMHz(line.AsSpan(index + RefinedPrefix.Length)) is { } refined)
                return new TscFrequency(refined, TscSource.KernelRefinedCalibration);
            index = line.IndexOf(DetectedPrefix, StringComparison.Ordinal);
            if (index >= 0 && ParseMHz(line.AsSpan(index + DetectedPrefix.Length)) is { } found)
                detected ??= new TscFrequency(found, TscSource.KernelDetected);
        }
        return detected;
    }

    /// <summary>"2299.998 MHz …" → 2299998.</summary>
    private static long? ParseMHz(ReadOnlySpan<char> text)
    {
        int space = text.IndexOf(' ');
        if (space <= 0 || !text[(space + 1)..].StartsWith("MHz", StringComparison.Ordinal)) return null;
        return decimal.TryParse(text[..space], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal mhz) && mhz > 0
            ? (long)Math.Round(mhz * 1000, MidpointRounding.AwayFromZero)
            : null;
    }

    /// <summary>
    /// The kernel log lines still in the ring buffer, read without blocking (a read of /dev/kmsg returns one
    /// newline-terminated record, EAGAIN at the end). Empty when /dev/kmsg is missing or not readable (non-root
    /// under dmesg_restrict). A regular file in its place (tests) is read to its end the same way.
    /// </summary>
    private static string[] ReadKernelLog(string path)
    {
        if (!OperatingSystem.IsLinux()) return [];
        int fd = Open(path, OpenReadOnly | OpenNonBlock | OpenCloseOnExec);
        if (fd < 0) return [];
        var text = new StringBuilder();
        try
        {
            var buffer = new byte[KmsgRecordBytes];
            for (int i = 0; i < MaxKmsgRecords; i++)
            {
                nint read = Read(fd, buffer, buffer.Length);
                if (read > 0)
                {
                    text.Append(Encoding.UTF8.GetString(buffer, 0, (int)read));
                    continue;
                }
                if (read < 0 && Marshal.GetLastPInvokeError() is ErrorPipe or ErrorInterrupted)
                    continue; // a record was overwritten while reading, or a signal: carry on
                break; // 0 (end of a file) or EAGAIN (no more records)
            }
        }
        finally
        {
            _ = Close(fd);
        }
        return text.ToString().Split('\n');
    }

    private const int OpenReadOnly = 0;
    private const int OpenNonBlock = 0x800;     // O_NONBLOCK on Linux (x86-64, arm64)
    private const int OpenCloseOnExec = 0x80000; // O_CLOEXEC
    private const int ErrorInterrupted = 4;      // EINTR
    private const int ErrorPipe = 32;            // EPIPE

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Strata.Images;

namespace Strata.Cli.Img;

/// <summary>qemu's snapshot list, as <c>snapshot -l</c> and <c>info</c> print it.</summary>
internal static class SnapshotTable
{
    private const long NanosecondsPerTick = 100;

    public static string Text(IReadOnlyList<ImageSnapshot> snapshots)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"ID",-10}{"TAG",-17}{"VM SIZE",8}{"DATE",20}{"VM CLOCK",13}{"ICOUNT",11}\n");
        foreach (var s in snapshots)
        {
            string date = s.Date.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{s.Id,-9} {s.Name,-16} {ImgValues.HumanSize(s.VmStateSize),8}{date,20}{Clock(s.VmClock),13}{s.Icount?.ToString(CultureInfo.InvariantCulture) ?? "",11}\n");
        }
        return text.ToString();
    }

    /// <summary>Hours:minutes:seconds.milliseconds, hours unbounded, as qemu prints the guest clock.</summary>
    private static string Clock(TimeSpan clock) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)clock.TotalHours:00}:{clock.Minutes:00}:{clock.Seconds:00}.{clock.Milliseconds:000}");

    public static void WriteJson(Utf8JsonWriter writer, IReadOnlyList<ImageSnapshot> snapshots)
    {
        writer.WriteStartArray();
        foreach (var s in snapshots)
        {
            long clockTicks = s.VmClock.Ticks;
            long dateTicks = s.Date.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
            writer.WriteStartObject();
            if (s.Icount is { } icount)
                writer.WriteNumber("icount", icount);
            writer.WriteNumber("vm-clock-nsec", clockTicks % TimeSpan.TicksPerSecond * NanosecondsPerTick);
            writer.WriteString("name", s.Name);
            writer.WriteNumber("date-sec", dateTicks / TimeSpan.TicksPerSecond);
            writer.WriteNumber("date-nsec", dateTicks % TimeSpan.TicksPerSecond * NanosecondsPerTick);
            writer.WriteNumber("vm-clock-sec", clockTicks / TimeSpan.TicksPerSecond);
            writer.WriteString("id", s.Id);
            writer.WriteNumber("vm-state-size", s.VmStateSize);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}

namespace Strata.Domains;

/// <summary>The <c>&lt;clock offset='…'&gt;</c> attribute.</summary>
public enum ClockOffset
{
    /// <summary>The guest RTC runs in UTC.</summary>
    Utc,

    /// <summary>The guest RTC runs in the host's local time.</summary>
    LocalTime,
}

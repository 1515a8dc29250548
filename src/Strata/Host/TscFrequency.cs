namespace Strata.Host;

/// <summary>A TSC frequency and its source.</summary>
public sealed record TscFrequency(long KHz, TscSource Source);

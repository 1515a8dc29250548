namespace Strata.Domains;

/// <summary>An <c>&lt;audio type='none'&gt;</c> backend (the only audio backend supported).</summary>
/// <param name="Id">The backend id that sound devices would refer to.</param>
public sealed record AudioDefinition(int Id);

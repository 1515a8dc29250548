namespace Strata.Domains;

/// <summary>An <c>&lt;input&gt;</c> device.</summary>
/// <param name="Type">Mouse, keyboard or tablet.</param>
/// <param name="Bus">PS/2 or USB.</param>
public sealed record InputDefinition(InputType Type, InputBus Bus);

namespace Strata.Domains;

/// <summary>A <c>&lt;range start='…' end='…' to='…'/&gt;</c> of a port forward: host ports start..end go to guest ports to..</summary>
/// <param name="Start">The first host port.</param>
/// <param name="End">The last host port, or null for a single port.</param>
/// <param name="To">The guest port the first host port maps to, or null for the same port number.</param>
public sealed record PortForwardRange(int Start, int? End = null, int? To = null);

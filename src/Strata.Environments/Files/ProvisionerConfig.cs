namespace Strata.Environments.Files;

/// <summary>A step run in a machine after its first boot (or on <c>provision</c> and <c>up --provision</c>).</summary>
public abstract record ProvisionerConfig
{
    /// <summary>True when the step runs on every <c>up</c>, not only the first (Vagrant's <c>run: always</c>).</summary>
    public bool Always { get; init; }

    /// <summary>What the step is, for progress lines (<c>shell (inline)</c>, <c>file app.conf</c>).</summary>
    public abstract string Description { get; }
}

/// <summary>A shell script run as the box's ssh user: <see cref="Script"/> is the inline text or the file's content.</summary>
/// <param name="Script">The script's text.</param>
/// <param name="Origin">Where the script came from (<c>inline</c> or the path), for messages.</param>
/// <param name="Args">Arguments passed to the script.</param>
/// <param name="Environment">Variables set for the script (the machine's, then the provisioner's).</param>
public sealed record ShellProvisionerConfig(string Script, string Origin, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Environment)
    : ProvisionerConfig
{
    public override string Description => $"shell ({Origin})";
}

/// <summary>A file or folder of the project uploaded into the guest.</summary>
/// <param name="Source">The host path, full.</param>
/// <param name="Destination">The guest path (absolute).</param>
public sealed record FileProvisionerConfig(string Source, string Destination) : ProvisionerConfig
{
    public override string Description => $"file {System.IO.Path.GetFileName(Source)} → {Destination}";
}

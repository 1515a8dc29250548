namespace Strata.Cli.Env;

/// <summary>One <c>strata env</c> verb: its name, usage line, one-line summary and what it runs.</summary>
internal sealed record EnvVerb(string Name, string Usage, string Summary, Func<EnvContext, Task<int>> Run);

/// <summary>The verbs of <c>strata env</c>, Vagrant's names and order.</summary>
internal static class EnvVerbs
{
    public static IReadOnlyList<EnvVerb> All { get; } =
    [
        new("init", "init [BOX] [-f]", "write a commented strata.yaml in this folder", SetupVerbs.InitAsync),
        new("up", "up [NAME…] [--provision|--no-provision]", "create and boot the machines (in parallel), ssh, sync, provision", MachineVerbs.UpAsync),
        new("status", "status", "the state of each machine (boots nothing)", StatusVerbs.StatusAsync),
        new("ssh", "ssh [NAME] [-c COMMAND | -- COMMAND…]", "log in to a machine, or run a command there (its exit code is ours)", SshVerbs.SshAsync),
        new("ssh-config", "ssh-config [NAME…]", "ssh_config entries for the machines", SshVerbs.SshConfigAsync),
        new("provision", "provision [NAME…]", "run the provisioners again on running machines", MachineVerbs.ProvisionAsync),
        new("halt", "halt [NAME…] [-f]", "shut down (ACPI power button, forced after 60 s; at once with -f)", MachineVerbs.HaltAsync),
        new("reload", "reload [NAME…] [--provision|--no-provision]", "halt, then up (the synced folder is copied again)", MachineVerbs.ReloadAsync),
        new("suspend", "suspend [NAME…]", "pause the machines", MachineVerbs.SuspendAsync),
        new("resume", "resume [NAME…]", "let paused machines run on", MachineVerbs.ResumeAsync),
        new("destroy", "destroy [NAME…] [-f]", "stop and delete the machines, their disks and (at the end) the keys", MachineVerbs.DestroyAsync),
        new("snapshot", "snapshot save|restore [--no-start]|list|delete NAME", "disk snapshots of every machine", SnapshotVerbs.RunAsync),
        new("box", "box add NAME FILE [-f] | list | remove NAME", "the boxes of this host (tiny is built in)", SetupVerbs.BoxAsync),
        new("global-status", "global-status", "every environment's machines on this host", StatusVerbs.GlobalStatusAsync),
    ];

    public static EnvVerb? Find(string name) => All.FirstOrDefault(v => v.Name == name);
}

/// <summary>The text of <c>strata env help</c>.</summary>
internal static class EnvHelp
{
    public static void Write(TextWriter output)
    {
        output.WriteLine("Usage: strata [-c URI] env COMMAND [ARGS…]");
        output.WriteLine();
        output.WriteLine("Vagrant's workflow over strata.yaml in this folder (or the nearest parent): machines are Strata");
        output.WriteLine("domains named FOLDER_MACHINE; the environment's keys, disks and state live in .strata/.");
        output.WriteLine();
        int width = EnvVerbs.All.Max(v => v.Usage.Length);
        foreach (var verb in EnvVerbs.All)
            output.WriteLine($"  {verb.Usage.PadRight(width)}  {verb.Summary}");
    }
}

namespace Strata.Tests.Support;

/// <summary>Runs one command through the real virsh and through strata and asserts the same stdout, stderr and exit code.</summary>
internal static class VirshParity
{
    public static async Task AssertSameAsync(string[] args)
    {
        var virsh = await ProcessRunner.RunAsync("virsh", args);
        var strata = await StrataCli.RunAsync(args);
        Assert.Equal(virsh.Stdout, strata.Stdout);
        Assert.Equal(virsh.Stderr, strata.Stderr);
        Assert.Equal(virsh.ExitCode, strata.ExitCode);
    }
}

using Strata.Tests.Support;

namespace Strata.Tests.Environments;

/// <summary><c>./strata env</c> without a guest: init, a bad file refused with its position before anything starts, usage errors.</summary>
public sealed class EnvironmentCliSpecs
{
    [Fact]
    public async Task ABadFileIsRefusedWithItsLineAndNothingStarts()
    {
        await using var scope = await EnvironmentScope.CreateAsync("broken", """
            machines:
              - name: web
              - name: db
                memory: 256M
              - name: web
            """, withTinyBox: false);

        var up = await scope.EnvAsync("up");

        Assert.Equal(1, up.ExitCode);
        Assert.Equal("error: strata.yaml:5:11: duplicate machine name 'web'\n", up.Stderr);
        Assert.False(Directory.Exists(Path.Combine(scope.Project, ".strata")));
        Assert.Equal("", (await scope.StrataAsync("list", "--all", "--name")).Stdout.Trim());
        Assert.Empty(scope.QemuProcesses());
    }

    [Fact]
    public async Task InitWritesASampleThatStatusReads()
    {
        await using var scope = await EnvironmentScope.CreateAsync("fresh", null, withTinyBox: false);

        var init = await scope.EnvAsync("init");
        var again = await scope.EnvAsync("init");
        var status = await scope.EnvAsync("status");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("box: tiny", await File.ReadAllTextAsync(Path.Combine(scope.Project, "strata.yaml")), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            File.GetUnixFileMode(Path.Combine(scope.Project, "strata.yaml")));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"default\s+not created", status.Stdout);
    }

    [Fact]
    public async Task CommandsOutsideAProjectSayHowToStartOne()
    {
        await using var scope = await EnvironmentScope.CreateAsync("empty", null, withTinyBox: false);

        var status = await scope.EnvAsync("status");
        var unknown = await scope.EnvAsync("launch");

        Assert.Equal((1, "error: no strata.yaml in this folder or any parent: 'strata env init' writes one\n"), (status.ExitCode, status.Stderr));
        Assert.Equal((1, "error: unknown env command 'launch' (see 'strata env help')\n"), (unknown.ExitCode, unknown.Stderr));
    }
}

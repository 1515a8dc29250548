using Strata.Environments.Files;

namespace Strata.Tests.Environments;

/// <summary>strata.yaml is read into machines with the defaults applied, and every mistake is named with its line and column.</summary>
public sealed class EnvironmentFileSpecs : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("strata-env-file-").FullName;

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private EnvironmentFile Parse(string yaml) =>
        EnvironmentFileReader.Parse(yaml, Path.Combine(_project, EnvironmentFile.FileName), _project);

    private EnvironmentFileException Refused(string yaml) => Assert.Throws<EnvironmentFileException>(() => Parse(yaml));

    [Fact]
    public void TwoMachinesGetTheDefaultsAndTheirOwnKeys()
    {
        File.WriteAllText(Path.Combine(_project, "setup.sh"), "#!/bin/sh\necho set up\n");
        Directory.CreateDirectory(Path.Combine(_project, "site"));
        var file = Parse("""
            defaults:
              box: tiny
              memory: 1G
              env: { STAGE: dev, REGION: eu }
              provision:
                - shell: echo common
              synced_folder: { source: site, destination: /srv/site, exclude: [.git] }
            machines:
              - name: web
                cpus: 2
                ports:
                  - guest: 80
                    host: 8080
                  - { guest: 53, protocol: udp, auto_correct: false }
                provision:
                  - shell: { path: setup.sh, args: [a, "b c"], env: { REGION: us } }
                  - file: { source: setup.sh, destination: /etc/setup.sh, run: always }
              - name: db
                memory: 512M
                hostname: database.local
                env: { STAGE: test }
            """);

        var web = file.Machines[0];
        Assert.Equal(("web", "tiny", 2, 1024L, "web"), (web.Name, web.Box, web.Cpus, web.MemoryMiB, web.Hostname));
        Assert.Equal([new ForwardedPortConfig(80, 8080, "tcp", true), new ForwardedPortConfig(53, null, "udp", false)], web.Ports);
        Assert.Equal(3, web.Provisioners.Count);
        var common = Assert.IsType<ShellProvisionerConfig>(web.Provisioners[0]);
        Assert.Equal(("echo common", "inline"), (common.Script, common.Origin));
        var script = Assert.IsType<ShellProvisionerConfig>(web.Provisioners[1]);
        Assert.Equal(["a", "b c"], script.Args);
        Assert.Equal("#!/bin/sh\necho set up\n", script.Script);
        // The machine's variables, then the provisioner's own on top.
        Assert.Equal("us", script.Environment["REGION"]);
        Assert.Equal("dev", script.Environment["STAGE"]);
        var upload = Assert.IsType<FileProvisionerConfig>(web.Provisioners[2]);
        Assert.True(upload.Always);
        Assert.Equal(Path.Combine(_project, "setup.sh"), upload.Source);
        Assert.Equal(new SyncedFolderConfig(Path.Combine(_project, "site"), "/srv/site", [".git"]).Source, web.SyncedFolder!.Source);

        var db = file.Machines[1];
        Assert.Equal((512L, "database.local", 1), (db.MemoryMiB, db.Hostname, db.Cpus));
        Assert.Equal("test", Assert.IsType<ShellProvisionerConfig>(Assert.Single(db.Provisioners)).Environment["STAGE"]);
    }

    [Fact]
    public void AnUnknownKeyIsNamedWithItsPosition()
    {
        var error = Refused("""
            machines:
              - name: web
                memroy: 1G
            """);
        Assert.Equal("strata.yaml:3:5: unknown key 'memroy' in machine 'web' (expected one of: name, box, cpus, memory, hostname, primary, ports, provision, synced_folder, env)", error.Message);
    }

    [Fact]
    public void ADuplicateMachineNameIsRefusedWhereItRepeats()
    {
        var error = Refused("""
            machines:
              - name: web
              - name: db
              - name: web
            """);
        Assert.Equal((4, 11), (error.Line, error.Column));
        Assert.Contains("duplicate machine name 'web'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12X", "'12X' is not a size")]
    [InlineData("1.3M", "not a whole number of MiB")]
    [InlineData("8M", "out of range")]
    [InlineData("lots", "'lots' is not a size")]
    public void ABadSizeIsRefusedAtItsValue(string size, string problem)
    {
        var error = Refused($"""
            defaults:
              memory: 256M
            machines:
              - name: web
                memory: {size}
            """);
        Assert.Equal((5, 13), (error.Line, error.Column));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoForwardsOntoOneHostPortAreRefused()
    {
        var error = Refused("""
            machines:
              - name: web
                ports: [{ guest: 80, host: 8080 }]
              - name: db
                ports:
                  - guest: 5432
                    host: 8080
            """);
        Assert.Equal("strata.yaml:7:15: host port 8080/tcp is already forwarded by machine 'web'", error.Message);
    }

    [Fact]
    public void TheSameHostPortOverUdpAndTcpIsFine()
    {
        var file = Parse("""
            machines:
              - name: dns
                ports: [{ guest: 53, host: 5353 }, { guest: 53, host: 5353, protocol: udp }]
            """);
        Assert.Equal(2, file.Machines[0].Ports.Count);
    }

    [Fact]
    public void BrokenYamlIsReportedWithItsPosition()
    {
        var error = Refused("machines:\n  - name: web\n   bad: [\n");
        Assert.StartsWith("strata.yaml:", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 2, error.Message);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARepeatedKeyIsRefused()
    {
        var error = Refused("""
            machines:
              - name: web
                cpus: 1
                cpus: 2
            """);
        Assert.Equal(4, error.Line);
    }

    [Theory]
    [InlineData("machines: []", 1, 1, "no machines")]
    [InlineData("machines:\n  - box: tiny", 2, 5, "has no 'name'")]
    [InlineData("machines:\n  - name: ../x", 2, 11, "not allowed")]
    [InlineData("machines:\n  - name: a\n    cpus: 0", 3, 11, "'cpus' must be a whole number from 1")]
    [InlineData("machines:\n  - name: a\n    hostname: bad_name", 3, 15, "not a valid hostname")]
    [InlineData("machines:\n  - name: a\n    provision: [{ shell: { path: missing.sh } }]", 3, 34, "script 'missing.sh' does not exist")]
    [InlineData("machines:\n  - name: a\n    provision: [{ ansible: x }]", 3, 19, "unknown provisioner 'ansible'")]
    [InlineData("machines:\n  - name: a\n    ports: [{ guest: 80, protocol: sctp }]", 3, 36, "not 'tcp' or 'udp'")]
    [InlineData("machines:\n  - name: a\n    ports: [{ host: 80 }]", 3, 13, "no 'guest' port")]
    [InlineData("machines:\n  - name: a\n    synced_folder: { source: ., destination: / }", 3, 46, "guest's root")]
    [InlineData("machines:\n  - name: a\n    env: { 1BAD: x }", 3, 12, "not a variable name")]
    [InlineData("defaults:\n  name: x\nmachines:\n  - name: a", 2, 3, "unknown key 'name' in 'defaults'")]
    public void EachMistakeIsNamedWithItsPosition(string yaml, int line, int column, string problem)
    {
        var error = Refused(yaml);
        Assert.True((line, column) == (error.Line, error.Column), $"expected {line}:{column}, got {error.Message}");
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSampleThatInitWritesParses()
    {
        var file = Parse(SampleFile.Text("tiny"));
        var machine = Assert.Single(file.Machines);
        Assert.Equal(("default", "tiny", 256L), (machine.Name, machine.Box, machine.MemoryMiB));
    }

    [Theory]
    [InlineData("512M", 512)]
    [InlineData("512", 512)]
    [InlineData("1G", 1024)]
    [InlineData("1.5G", 1536)]
    [InlineData("2GiB", 2048)]
    [InlineData("768MB", 768)]
    public void SizesReadAsMebibytes(string text, long mebibytes)
    {
        Assert.True(MemorySize.TryParse(text, out long parsed, out string error), error);
        Assert.Equal(mebibytes, parsed);
    }
}

namespace Strata.Tests.Support;

/// <summary>
/// What every console client (virsh, strata) must do alike on every connection (stratad, a real libvirtd,
/// daemonless), on the tiny guest with its shell on serial0 and a second pty serial port with a user alias.
/// A client is given as a function from console arguments to the terminal running it.
/// </summary>
internal static class ConsoleScenarios
{
    /// <summary>The second serial port (the guest's /dev/ttyS1), named by a user alias, as <c>--devname</c> takes it.</summary>
    public const string SecondSerial = "<serial type='pty'><alias name='ua-second'/></serial>";

    public static readonly TimeSpan Boot = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan Exit = TimeSpan.FromSeconds(20);

    /// <summary>A definition of the tiny guest with its shell on serial0, <see cref="SecondSerial"/>, then <paramref name="extraDevices"/>.</summary>
    public static async Task<string> DomainXmlAsync(string name, string extraDevices = "") =>
        (await TinyGuest.GetAsync()).DomainXml(name, serialLog: null, extraCmdline: "strata.shell=1", extraDevices: SecondSerial + extraDevices);

    /// <summary>A serial port QEMU writes to <paramref name="path"/>: serial2 in <see cref="DomainXmlAsync"/>'s definition.</summary>
    public static string FileSerial(string path) => $"<serial type='file'><source path='{path}'/></serial>";

    /// <summary>The first console: a command typed into the guest's shell answers on it, and Ctrl+] leaves with exit 0.</summary>
    public static async Task TypeAndLeaveAsync(Func<string, ScriptedTerminal> client, string domain)
    {
        using var console = client(domain);
        await console.ReadUntilAsync($"Connected to domain '{domain}'", Boot);
        await console.ReadUntilAsync("Escape character is ^] (Ctrl + ])", Boot);
        await console.TypeUntilAsync("echo hello-$((6*7))\r", "hello-42", Boot);
        await console.TypeAsync("\u001d");
        Assert.Equal(0, await console.WaitForExitAsync(Exit));
        Assert.DoesNotContain("error:", console.Seen, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>--devname ua-second</c> (on <paramref name="watcher"/>) shows what the guest writes to ttyS1, typed into its
    /// shell on <c>--devname serial0</c> (on <paramref name="typist"/>), and only there: each name opened its own device.
    /// </summary>
    public static async Task NamedDevicesCarryTheirOwnBytesAsync(Func<string, ScriptedTerminal> watcher, Func<string, ScriptedTerminal> typist, string domain)
    {
        using var second = watcher($"--devname ua-second {domain}");
        await second.ReadUntilAsync("Escape character is ^]", Boot);
        using var first = typist($"--devname serial0 {domain}");
        await first.ReadUntilAsync("Escape character is ^]", Boot);

        await first.TypeUntilAsync("echo second-$((6*7)) > /dev/ttyS1\r", second, "second-42", Boot);
        // On a line of its own, as echo prints it (a retyped line that lost its first keys may still name it).
        Assert.DoesNotContain("\nsecond-42\r", first.Seen, StringComparison.Ordinal);

        foreach (var console in new[] { first, second })
        {
            await console.TypeAsync("\u001d");
            Assert.Equal(0, await console.WaitForExitAsync(Exit));
        }
    }

    /// <summary>A name no device has: libvirt's error under the banner, exit 1.</summary>
    public static async Task UnknownNameIsRefusedAsync(Func<string, ScriptedTerminal> client, string domain)
    {
        using var console = client($"--devname nope {domain}");
        Assert.Equal(1, await console.WaitForExitAsync(Exit));
        Assert.Contains("Escape character is ^]", console.Seen, StringComparison.Ordinal);
        Assert.Contains("error: internal error: cannot find character device nope", console.Seen, StringComparison.Ordinal);
    }

    /// <summary>A device that is no pty (<see cref="FileSerial"/>) cannot be a console: libvirt's error, exit 1.</summary>
    public static async Task NonPtyDeviceIsRefusedAsync(Func<string, ScriptedTerminal> client, string domain)
    {
        using var console = client($"--devname serial2 {domain}");
        Assert.Equal(1, await console.WaitForExitAsync(Exit));
        Assert.Contains("error: internal error: character device serial2 is not using a PTY", console.Seen, StringComparison.Ordinal);
    }

    /// <summary>A console open when the guest stops ends as from Ctrl+]: exit 0, no error.</summary>
    public static async Task StoppingTheGuestEndsTheConsoleAsync(Func<string, ScriptedTerminal> client, string domain, Func<Task> stop)
    {
        using var console = client(domain);
        await console.TypeUntilAsync("echo alive-$((6*7))\r", "alive-42", Boot);
        await stop();
        Assert.Equal(0, await console.WaitForExitAsync(Exit));
        Assert.DoesNotContain("error:", console.Seen, StringComparison.Ordinal);
    }

    /// <summary>A client: <paramref name="program"/> (with its connection options) running <c>console ARGS</c> on a terminal.</summary>
    public static Func<string, ScriptedTerminal> Client(string program, IReadOnlyDictionary<string, string> environment) =>
        arguments => ScriptedTerminal.Start($"{program} console {arguments}", environment);
}

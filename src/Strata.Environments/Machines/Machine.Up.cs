using System.Diagnostics;
using Strata.Domains;
using Strata.Environments.Files;
using Strata.Environments.Guests;
using Strata.Environments.Provisioning;
using Strata.Environments.Ssh;
using Strata.Environments.State;

namespace Strata.Environments.Machines;

public sealed partial class Machine
{
    /// <summary>How long a boot may take to answer on ssh (Vagrant's <c>boot_timeout</c> default).</summary>
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(300);

    /// <summary>
    /// How often the first login is tried after the banner: the server may still be busy with the connections
    /// that probed for its banner (dropbear turns logins away while five are unauthenticated).
    /// </summary>
    private const int SshAttempts = 6;

    /// <summary>The pause before the second login attempt; it doubles after each failure.</summary>
    private static readonly TimeSpan SshRetryPause = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Brings the machine up: box, overlay, definition and boot when it is not running, then ssh, the synced folder
    /// and the provisioners. Every step is recorded before it is taken, so an interrupted <c>up</c> is continued by
    /// the next <c>up</c> or cleaned up by <c>destroy</c>.
    /// </summary>
    /// <param name="ports">The forwarded ports to boot with (the ssh port first); ignored when the machine is already running.</param>
    internal async Task UpAsync(IReadOnlyList<GuestPort> ports, ProvisionMode mode, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        var config = RequireConfig();
        var clock = Stopwatch.StartNew();
        var driver = await DriverAsync(cancellationToken).ConfigureAwait(false);
        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        bool booted = false;
        if (status.Domain is { State: DomainState.Paused })
        {
            reporter.Message(Name, "resuming (it was suspended)");
            await driver.ResumeAsync((await FindDomainAsync(cancellationToken).ConfigureAwait(false))!, cancellationToken).ConfigureAwait(false);
        }
        else if (!status.IsActive)
        {
            await BootAsync(config, ports, reporter, cancellationToken).ConfigureAwait(false);
            booted = true;
        }
        else
        {
            reporter.Message(Name, "already running");
        }

        var endpoint = Endpoint!;
        reporter.Step(Name, MachineStep.Ssh, $"{endpoint.Host}:{endpoint.Port}");
        await WaitForSshAsync(endpoint, cancellationToken).ConfigureAwait(false);

        if (config.SyncedFolder is { } folder)
            await SyncFolderAsync(folder, reporter, cancellationToken).ConfigureAwait(false);

        bool all = mode == ProvisionMode.Force || (mode == ProvisionMode.Default && !_state!.Provisioned);
        var steps = mode == ProvisionMode.Skip ? [] : all ? config.Provisioners : booted ? config.Provisioners.Where(p => p.Always).ToList() : [];
        if (steps.Count > 0)
            await RunProvisionersAsync(steps, reporter, cancellationToken).ConfigureAwait(false);
        if (all && !_state!.Provisioned)
            await SaveAsync(_state with { Provisioned = true }, cancellationToken).ConfigureAwait(false);

        reporter.Finished(Name, $"running, ssh on {endpoint.Host}:{endpoint.Port} ({clock.Elapsed.TotalSeconds:0.0} s)");
    }

    /// <summary>Runs the machine's provisioners (all of them) on the running machine, as <c>provision</c>.</summary>
    internal async Task ProvisionAsync(IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        var config = RequireConfig();
        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (!status.IsRunning)
            throw new EnvironmentException($"machine '{Name}' is {status.Text}: run 'strata env up {Name}' first");
        if (config.Provisioners.Count == 0)
        {
            reporter.Finished(Name, "no provisioners");
            return;
        }
        await RunProvisionersAsync(config.Provisioners, reporter, cancellationToken).ConfigureAwait(false);
        await SaveAsync(_state! with { Provisioned = true }, cancellationToken).ConfigureAwait(false);
        reporter.Finished(Name, "provisioned");
    }

    private async Task BootAsync(MachineConfig config, IReadOnlyList<GuestPort> ports, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        if (_state is { } previous && previous.Box != config.Box)
            throw new EnvironmentException($"machine '{Name}' was made from box '{previous.Box}', and {EnvironmentFile.FileName} now says '{config.Box}': destroy it to remake it");

        reporter.Step(Name, MachineStep.Box, config.Box);
        var box = await _project.GetBoxAsync(config.Box, Name, reporter, cancellationToken).ConfigureAwait(false);

        reporter.Step(Name, MachineStep.Disk, $"overlay on {box.Name}");
        string key = await KeyPair.EnsureAsync(_project.State, cancellationToken).ConfigureAwait(false);
        var state = _state ?? new MachineState(await _project.ChooseDomainNameAsync(Name, cancellationToken).ConfigureAwait(false),
            Guid.NewGuid(), box.Name, box.Boot.SshUser, 0, [], Provisioned: false);
        // Recorded before anything is made, so that destroy finds whatever an interrupted up leaves.
        await SaveAsync(state with { SshUser = box.Boot.SshUser, SshPort = ports[0].Host, Ports = ports }, cancellationToken).ConfigureAwait(false);
        var spec = new GuestSpec(_state!.Domain, config.Hostname, config.Cpus, config.MemoryMiB, key, ports, Directory);
        var disks = await GuestBuilder.CreateDisksAsync(box, spec, cancellationToken).ConfigureAwait(false);

        reporter.Step(Name, MachineStep.Boot, $"{config.Cpus} CPU, {config.MemoryMiB} MiB");
        // Defined on every boot, so that changes to cpus, memory or ports in strata.yaml apply (as Vagrant's reload).
        // The UUID is the machine's own, so the definition replaces the same domain.
        var definition = DomainXml.Parse(GuestBuilder.DomainXml(box, spec, disks)) with { Uuid = _state.Uuid };
        var driver = await DriverAsync(cancellationToken).ConfigureAwait(false);
        var domain = await driver.DefineAsync(DomainXml.Format(definition), cancellationToken).ConfigureAwait(false);
        await driver.StartAsync(domain, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the ssh banner on the forwarded port, then for a real ssh login with the key. Fails early if the
    /// guest stops, and after <see cref="BootTimeout"/> with the serial log's path.
    /// </summary>
    private async Task WaitForSshAsync(SshEndpoint endpoint, CancellationToken cancellationToken)
    {
        var driver = await DriverAsync(cancellationToken).ConfigureAwait(false);
        var domain = await FindDomainAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new EnvironmentException($"machine '{Name}': its domain vanished while booting");
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        waiting.CancelAfter(BootTimeout);
        var banner = SshBanner.WaitAsync(endpoint.Host, endpoint.Port, waiting.Token);
        var stopped = driver.WaitForStopAsync(domain, waiting.Token);
        var first = await Task.WhenAny(banner, stopped).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(Observe(banner), Observe(stopped)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (first == stopped && stopped.IsCompletedSuccessfully)
            throw new EnvironmentException($"machine '{Name}' stopped while booting ({stopped.Result.StateText}, {stopped.Result.ReasonText}); {await SerialLogHintAsync(domain).ConfigureAwait(false)}");
        if (!banner.IsCompletedSuccessfully)
            throw new EnvironmentException($"machine '{Name}' did not answer on ssh ({endpoint.Host}:{endpoint.Port}) within {BootTimeout.TotalSeconds:0} s; {await SerialLogHintAsync(domain).ConfigureAwait(false)}");

        var pause = SshRetryPause;
        for (int attempt = 1; ; attempt++)
        {
            var login = await RemoteShell.RunAsync(endpoint, "true", cancellationToken).ConfigureAwait(false);
            if (login.ExitCode == 0)
                return;
            if (attempt == SshAttempts)
                throw new EnvironmentException($"machine '{Name}' answers on ssh but the login failed: {login.Errors.Trim()}");
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause *= 2;
        }
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or StrataException)
        {
            // The loser of the race is cancelled; its outcome says nothing.
        }
    }

    /// <summary>Where to look when a guest does not come up: its serial console log.</summary>
    private async Task<string> SerialLogHintAsync(DomainRef domain)
    {
        try
        {
            var driver = await DriverAsync(CancellationToken.None).ConfigureAwait(false);
            var definition = DomainXml.Parse(await driver.GetXmlAsync(domain, inactive: true, CancellationToken.None).ConfigureAwait(false));
            if (definition.Devices.Serials.FirstOrDefault(s => s.Type == ChardevType.File)?.SourcePath is { } log)
                return $"see its serial console log {log}";
        }
        catch (StrataException)
        {
        }
        return $"see its serial console with 'strata console {_state!.Domain}'";
    }

    private async Task SyncFolderAsync(SyncedFolderConfig folder, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        reporter.Step(Name, MachineStep.Sync, $"{Path.GetRelativePath(_project.Directory, folder.Source)} → {folder.Destination}");
        string how = await FolderSync.RunAsync(Endpoint!, folder, line => reporter.Output(Name, line), cancellationToken).ConfigureAwait(false);
        reporter.Message(Name, $"synced {folder.Destination} ({how})");
    }

    private async Task RunProvisionersAsync(IReadOnlyList<ProvisionerConfig> steps, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint!;
        foreach (var step in steps)
        {
            reporter.Step(Name, MachineStep.Provision, step.Description);
            void Print(string line) => reporter.Output(Name, line);
            var run = step switch
            {
                ShellProvisionerConfig shell => ShellProvisioner.RunAsync(endpoint, shell, Print, cancellationToken),
                FileProvisionerConfig file => FileProvisioner.RunAsync(endpoint, file, Print, cancellationToken),
                _ => throw new UnreachableException(step.GetType().Name),
            };
            await run.ConfigureAwait(false);
        }
    }
}

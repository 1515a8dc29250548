using Strata.Domains;
using Strata.Images;

namespace Strata.Environments.Machines;

public sealed partial class Machine
{
    /// <summary>The names of the internal snapshots in the machine's overlay (empty when it has no domain).</summary>
    public async Task<IReadOnlyList<ImageSnapshot>> ListSnapshotsAsync(CancellationToken cancellationToken)
    {
        if (await OverlayPathAsync(cancellationToken).ConfigureAwait(false) is not { } overlay)
            return [];
        using var image = DiskImage.Open(overlay, new ImageOpenOptions { IgnoreBacking = true });
        return image.GetInfo().Snapshots;
    }

    /// <summary>Records the overlay's content as snapshot <paramref name="name"/>; the machine must be halted (QEMU owns the file while it runs).</summary>
    internal Task SaveSnapshotAsync(string name, CancellationToken cancellationToken) =>
        WithOverlayAsync((image, token) => image.CreateSnapshotAsync(name, token), cancellationToken);

    /// <summary>Reverts the overlay to snapshot <paramref name="name"/>; the machine must be halted.</summary>
    internal Task RestoreSnapshotAsync(string name, CancellationToken cancellationToken) =>
        WithOverlayAsync((image, token) => image.ApplySnapshotAsync(name, token), cancellationToken);

    /// <summary>Removes snapshot <paramref name="name"/> from the overlay; the machine must be halted.</summary>
    internal Task DeleteSnapshotAsync(string name, CancellationToken cancellationToken) =>
        WithOverlayAsync((image, token) => image.DeleteSnapshotAsync(name, token), cancellationToken);

    private async Task WithOverlayAsync(Func<DiskImage, CancellationToken, ValueTask> change, CancellationToken cancellationToken)
    {
        string overlay = await OverlayPathAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new EnvironmentException($"machine '{Name}' has not been created");
        if ((await GetStatusAsync(cancellationToken).ConfigureAwait(false)).IsActive)
            throw new EnvironmentException($"machine '{Name}' is running: its disk can only be snapshotted while it is halted");
        // The backing box image is never written: a snapshot is the overlay's own.
        using var image = DiskImage.Open(overlay, new ImageOpenOptions { ReadOnly = false, IgnoreBacking = true });
        await change(image, cancellationToken).ConfigureAwait(false);
        await image.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The machine's root overlay, as its domain definition names it; null when it has no domain.</summary>
    private async Task<string?> OverlayPathAsync(CancellationToken cancellationToken)
    {
        if (await FindDomainAsync(cancellationToken).ConfigureAwait(false) is not { } domain)
            return null;
        var driver = await DriverAsync(cancellationToken).ConfigureAwait(false);
        var definition = DomainXml.Parse(await driver.GetXmlAsync(domain, inactive: true, cancellationToken).ConfigureAwait(false));
        return definition.Devices.Disks.FirstOrDefault(d => d.Device == DiskDevice.Disk && d.Format == DiskFormat.Qcow2)?.SourcePath
            ?? throw new EnvironmentException($"machine '{Name}' has no qcow2 disk to snapshot");
    }
}

namespace Strata.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary><c>blockdev-add</c> of the node that reads an image file or a host device, as the command line's <c>-blockdev</c>.</summary>
    public Task AddStorageNodeAsync(string driver, string filename, string nodeName, CancellationToken cancellationToken = default) =>
        ExecuteAsync("blockdev-add", writer =>
        {
            writer.WriteString("driver", driver);
            writer.WriteString("filename", filename);
            writer.WriteString("node-name", nodeName);
            writer.WriteBoolean("auto-read-only", true);
            writer.WriteString("discard", "unmap");
        }, cancellationToken);

    /// <summary><c>blockdev-add</c> of an image format node (raw, qcow2) on top of <paramref name="fileNode"/>.</summary>
    public Task AddFormatNodeAsync(string driver, string nodeName, string fileNode, bool readOnly, CancellationToken cancellationToken = default) =>
        ExecuteAsync("blockdev-add", writer =>
        {
            writer.WriteString("driver", driver);
            writer.WriteString("node-name", nodeName);
            writer.WriteBoolean("read-only", readOnly);
            writer.WriteString("file", fileNode);
        }, cancellationToken);

    /// <summary><c>blockdev-del</c>: a node no device uses any more.</summary>
    public Task DeleteNodeAsync(string nodeName, CancellationToken cancellationToken = default) =>
        ExecuteAsync("blockdev-del", writer => writer.WriteString("node-name", nodeName), cancellationToken);

    /// <summary><c>device_add</c> of a guest disk device reading the node <paramref name="drive"/>; QEMU picks its slot.</summary>
    public Task AddDiskDeviceAsync(string driver, string drive, string id, CancellationToken cancellationToken = default) =>
        ExecuteAsync("device_add", writer =>
        {
            writer.WriteString("driver", driver);
            writer.WriteString("drive", drive);
            writer.WriteString("id", id);
        }, cancellationToken);
}

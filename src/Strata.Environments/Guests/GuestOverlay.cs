using Strata.Environments.Boxes;
using Strata.Images;

namespace Strata.Environments.Guests;

/// <summary>A machine's root disk: a qcow2 overlay whose backing file is the box image (absolute path, format recorded), so the box stays pristine.</summary>
internal static class GuestOverlay
{
    public static async Task CreateAsync(Box box, string path, CancellationToken cancellationToken)
    {
        string backing = Path.GetFullPath(box.ImagePath);
        long size;
        await using (var image = DiskImage.Open(backing, new ImageOpenOptions { Format = box.Format, IgnoreBacking = true }))
            size = image.VirtualSize;
        cancellationToken.ThrowIfCancellationRequested();

        // Made under a temp name and renamed: a half-made overlay never looks like a machine's disk.
        string temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}");
        try
        {
            DiskImage.Create(temp, new ImageCreateOptions { Format = ImageFormat.Qcow2, Size = size, BackingFile = backing, BackingFormat = box.Format });
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first: keep that one.
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

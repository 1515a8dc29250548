namespace Strata.Pools;

/// <summary>Where a transfer into or out of a volume file starts.</summary>
public static class VolumeOffset
{
    /// <summary>The offset as a file position; past the largest one, libvirt's words for the lseek that fails.</summary>
    public static long Seekable(string path, ulong offset) =>
        offset <= long.MaxValue ? (long)offset : throw new StrataException(ErrorCode.SystemError, $"Unable to seek {path} to {offset}: Invalid argument");
}

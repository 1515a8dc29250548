namespace Strata.Environments.Boxes;

/// <summary>
/// A folder that becomes a guest's filesystem (the initramfs or the root disk), filled with programs copied from
/// the host's Debian packages: busybox-static with a link per applet, and dynamically linked programs (dropbear,
/// rsync) with every library <c>ldd</c> names, at the same paths.
/// </summary>
internal sealed class GuestTree(string root)
{
    public const string Busybox = "/bin/busybox";

    public string Root { get; } = root;

    /// <summary>The host path of <paramref name="guestPath"/> (an absolute path inside the guest).</summary>
    public string PathOf(string guestPath) => Path.Combine(Root, guestPath.TrimStart('/'));

    /// <summary>Creates folders (with their parents) at the guest paths given.</summary>
    public void Directories(params string[] guestPaths)
    {
        foreach (string path in guestPaths)
            Directory.CreateDirectory(PathOf(path));
    }

    /// <summary>A symbolic link at <paramref name="guestPath"/> pointing to <paramref name="target"/>.</summary>
    public void Link(string guestPath, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(guestPath))!);
        File.CreateSymbolicLink(PathOf(guestPath), target);
    }

    /// <summary>Writes a file with the given mode.</summary>
    public async Task WriteAsync(string guestPath, string contents, UnixFileMode mode, CancellationToken cancellationToken)
    {
        string path = PathOf(guestPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, contents, cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>Copies a host file (symlinks followed) to <paramref name="guestPath"/>, keeping its mode.</summary>
    public void CopyFromHost(string hostPath, string guestPath)
    {
        string path = PathOf(guestPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(hostPath, path, overwrite: true);
    }

    /// <summary>The host's static busybox at /bin/busybox, and a link to it in /bin for each applet it has.</summary>
    public async Task AddBusyboxAsync(CancellationToken cancellationToken)
    {
        CopyFromHost(Busybox, Busybox);
        string list = await SystemTool.RunAsync(Busybox, ["--list"], cancellationToken).ConfigureAwait(false);
        foreach (string applet in list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (applet != "busybox" && !Path.Exists(PathOf("/bin/" + applet)))
                Link("/bin/" + applet, "busybox");
        }
    }

    /// <summary>A host program at the same path in the guest, with the shared libraries it loads.</summary>
    public async Task AddProgramAsync(string hostPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(hostPath))
            throw new BoxException($"{hostPath} is missing on this host (install its Debian package, see tools/packages)");
        CopyFromHost(hostPath, hostPath);
        string libraries = await SystemTool.RunAsync("ldd", [hostPath], cancellationToken).ConfigureAwait(false);
        // "\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x…)" and "\t/lib64/ld-linux-x86-64.so.2 (0x…)"
        foreach (string token in libraries.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith('/') && File.Exists(token))
                CopyFromHost(token, token);
        }
    }

    /// <summary>Every path in the tree relative to its root (<c>./bin</c> …), sorted, symlinks not followed: the input cpio wants.</summary>
    public async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        string found = await SystemTool.RunAsync("find", [".", "-mindepth", "1"], cancellationToken, Root).ConfigureAwait(false);
        var paths = found.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Array.Sort(paths, StringComparer.Ordinal);
        return string.Join('\n', paths) + "\n";
    }
}

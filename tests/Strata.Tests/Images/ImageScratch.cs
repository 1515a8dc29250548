using Strata.Tests.Support;

namespace Strata.Tests.Images;

/// <summary>A temp directory for image files, deleted on dispose, with qemu-img and qemu-io at hand.</summary>
internal sealed class ImageScratch : IDisposable
{
    public ImageScratch()
    {
        Directory = Path.Combine(Path.GetTempPath(), "strata-img-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string File(string name) => Path.Combine(Directory, name);

    public static async Task<ProcessResult> QemuImgAsync(params string[] arguments) =>
        await ProcessRunner.RunAsync("qemu-img", arguments, timeout: TimeSpan.FromMinutes(1));

    public static async Task QemuImgOkAsync(params string[] arguments)
    {
        var result = await QemuImgAsync(arguments);
        Assert.True(result.ExitCode == 0, $"qemu-img {string.Join(' ', arguments)}: {result}");
    }

    /// <summary>Runs qemu-io commands against one image (the format is given, never probed).</summary>
    public static async Task QemuIoAsync(string path, string format, params string[] commands)
    {
        var arguments = new List<string> { "-f", format };
        foreach (string command in commands)
        {
            arguments.Add("-c");
            arguments.Add(command);
        }
        arguments.Add(path);
        var result = await ProcessRunner.RunAsync("qemu-io", arguments, timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0 && !result.Stdout.Contains("failed", StringComparison.Ordinal), $"qemu-io {string.Join(' ', arguments)}: {result}");
    }

    public static async Task<byte[]> ReadAllAsync(Strata.Images.DiskImage image)
    {
        byte[] all = new byte[image.VirtualSize];
        await image.ReadAsync(0, all);
        return all;
    }

    public static long AllocatedBytes(string path)
    {
        using var image = Strata.Images.DiskImage.Open(path);
        return image.GetInfo().ActualSize;
    }

    public static byte[] Sha(string path) => System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(path));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

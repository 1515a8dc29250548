using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Strata.Tests.Support;

/// <summary>Writes a vagrant-libvirt style <c>.box</c> (gzip-compressed tar) from the given entries, as the test needs it, good or bad.</summary>
internal static class VagrantBoxFile
{
    public const string LibvirtMetadata = """{"provider":"libvirt","format":"qcow2","virtual_size":2}""";

    public const string Vagrantfile = """
        Vagrant.configure("2") do |config|
          config.vm.provider :libvirt do |libvirt|
            libvirt.driver = "kvm"
          end
        end
        """;

    /// <summary>Entries are (name in the archive, file on disk to copy or null, text when the file is null).</summary>
    public static async Task WriteAsync(string path, params (string Name, string? File, string? Text)[] entries)
    {
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, source, text) in entries)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "./" + name);
            Stream data = source is not null ? File.OpenRead(source) : new MemoryStream(Encoding.UTF8.GetBytes(text ?? ""));
            await using (data)
            {
                entry.DataStream = data;
                await tar.WriteEntryAsync(entry);
            }
        }
    }

    /// <summary>Converts a disk image to qcow2 with the real qemu-img, as a box maker would.</summary>
    public static async Task ConvertToQcow2Async(string source, string sourceFormat, string target)
    {
        var convert = await ProcessRunner.RunAsync("qemu-img", ["convert", "-f", sourceFormat, "-O", "qcow2", source, target], timeout: TimeSpan.FromMinutes(2));
        Assert.True(convert.ExitCode == 0, convert.ToString());
    }
}

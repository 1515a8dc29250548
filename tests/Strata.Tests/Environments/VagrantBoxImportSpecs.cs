using Strata.Environments.Boxes;
using Strata.Environments.Guests;
using Strata.Images;
using Strata.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Strata.Tests.Environments;

/// <summary>
/// <c>box add</c>: a vagrant-libvirt .box (tar.gz of metadata.json, box.img, Vagrantfile) is checked and imported;
/// a tiny root disk boots with the tiny kernel, anything else with its own boot loader and a cloud-init seed.
/// </summary>
[Trait("Category", "Qemu")]
public sealed class VagrantBoxImportSpecs
{
    [Fact]
    public async Task ATinyDiskPackedAsABoxImportsAndBoots()
    {
        await using var scope = QemuScope.Create();
        var store = await TestBoxes.PrivateStoreAsync(scope);
        var tiny = await TestBoxes.TinyAsync();
        string image = scope.File("box.img");
        await VagrantBoxFile.ConvertToQcow2Async(tiny.ImagePath, "raw", image);
        string boxFile = scope.File("tiny-copy.box");
        await VagrantBoxFile.WriteAsync(boxFile,
            ("metadata.json", null, VagrantBoxFile.LibvirtMetadata), ("box.img", image, null), ("Vagrantfile", null, VagrantBoxFile.Vagrantfile));

        var box = await store.AddAsync("mine", boxFile, force: false, null, default);
        Assert.Equal("mine", box.Name);
        Assert.Equal(ImageFormat.Qcow2, box.Format);
        Assert.Equal((await store.GetAsync("tiny", null, default)).Boot, box.Boot);
        Assert.Equal(box, await store.GetAsync("mine", null, default));

        var (spec, key) = await TestBoxes.MachineAsync(scope, "imported");
        var disks = await GuestBuilder.CreateDisksAsync(box, spec, default);
        var domain = await scope.Driver.CreateAsync(GuestBuilder.DomainXml(box, spec, disks), default);
        await GuestSsh.WaitForBannerAsync(spec.SshPort(), TestBoxes.BootTimeout);
        var ssh = await GuestSsh.RunAsync(spec.SshPort(), key, "cat /etc/hostname");
        await scope.Driver.DestroyAsync(domain, default);

        Assert.True(ssh.ExitCode == 0, ssh.ToString());
        Assert.Equal("imported\n", ssh.Stdout);
    }

    [Fact]
    public async Task AnImportedBoxIsListedAndRemoved()
    {
        await using var scope = QemuScope.Create();
        var store = await TestBoxes.PrivateStoreAsync(scope);
        string boxFile = await CloudBoxFileAsync(scope);

        var box = await store.AddAsync("cloud", boxFile, force: false, null, default);
        Assert.True(box.Boot.CloudInit);
        Assert.Null(box.Boot.Kernel);
        Assert.Equal("vagrant", box.Boot.SshUser);
        Assert.Equal(["cloud", "tiny"], store.List().Select(b => b.Name));
        var again = await Assert.ThrowsAsync<BoxException>(() => store.AddAsync("cloud", boxFile, force: false, null, default));
        Assert.Contains("already exists", again.Message, StringComparison.Ordinal);
        Assert.Equal(box, await store.AddAsync("cloud", boxFile, force: true, null, default));

        Assert.True(store.Remove("cloud"));
        Assert.False(store.Remove("cloud"));
        Assert.Equal(["tiny"], store.List().Select(b => b.Name));
        Assert.Equal(["tiny"], Directory.EnumerateFileSystemEntries(store.Root).Select(Path.GetFileName));
        var missing = await Assert.ThrowsAsync<BoxException>(() => store.GetAsync("cloud", null, default));
        Assert.Contains("no box 'cloud'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMachineOfACloudBoxGetsACloudInitSeedAndBootsFromItsDisk()
    {
        await using var scope = QemuScope.Create();
        var store = await TestBoxes.PrivateStoreAsync(scope);
        var box = await store.AddAsync("cloud", await CloudBoxFileAsync(scope), force: false, null, default);
        var (spec, _) = await TestBoxes.MachineAsync(scope, "cloudy", "cloudy-host");

        var disks = await GuestBuilder.CreateDisksAsync(box, spec, default);
        Assert.NotNull(disks.Seed);
        var volume = await ProcessRunner.RunAsync("isoinfo", ["-d", "-i", disks.Seed]);
        Assert.Contains("Volume id: cidata", volume.Stdout, StringComparison.Ordinal);
        var userData = await ProcessRunner.RunAsync("isoinfo", ["-R", "-i", disks.Seed, "-x", "/user-data"]);
        Assert.StartsWith("#cloud-config\n", userData.Stdout, StringComparison.Ordinal);
        var config = ReadYamlMapping(userData.Stdout);
        Assert.Equal("cloudy-host", config["hostname"].ToString());
        var user = ((YamlSequenceNode)config["users"]).Children.OfType<YamlMappingNode>().Single();
        Assert.Equal("vagrant", user["name"].ToString());
        Assert.Equal(spec.AuthorizedKey, Assert.Single(((YamlSequenceNode)user["ssh_authorized_keys"]).Children).ToString());
        Assert.Equal("true", user["lock_passwd"].ToString());
        var metaData = ReadYamlMapping((await ProcessRunner.RunAsync("isoinfo", ["-R", "-i", disks.Seed, "-x", "/meta-data"])).Stdout);
        Assert.Equal("cloudy-host", metaData["local-hostname"].ToString());
        Assert.Equal(spec.DomainName, metaData["instance-id"].ToString());

        await using (var overlay = DiskImage.Open(disks.Root))
        {
            Assert.Equal(box.ImagePath, overlay.GetInfo().FullBackingPath);
            Assert.Equal(ImageFormat.Qcow2, overlay.GetInfo().BackingFormat);
        }
        // The driver accepts the definition: disk boot, the seed as an IDE cdrom.
        string xml = GuestBuilder.DomainXml(box, spec, disks);
        var domain = await scope.Driver.DefineAsync(xml, default);
        string defined = await scope.Driver.GetXmlAsync(domain, inactive: true, default);
        Assert.Contains("<boot dev='hd'/>", defined, StringComparison.Ordinal);
        Assert.Contains("device='cdrom'", defined, StringComparison.Ordinal);
        Assert.DoesNotContain("<kernel>", defined, StringComparison.Ordinal);
        await scope.Driver.UndefineAsync(domain, default);
    }

    [Theory]
    [InlineData("wrong-provider", "provider 'virtualbox'")]
    [InlineData("no-image", "holds no box.img")]
    [InlineData("not-qcow2", "box.img in")]
    [InlineData("no-metadata", "holds no metadata.json")]
    [InlineData("not-an-archive", "is not a readable")]
    [InlineData("raw-format", "format 'raw'")]
    [InlineData("multi-disk", "multi-disk box")]
    public async Task ABadBoxFileIsRefusedWithAClearErrorAndLeavesNothing(string defect, string message)
    {
        await using var scope = QemuScope.Create();
        var store = await TestBoxes.PrivateStoreAsync(scope);
        string image = scope.File("box.img");
        DiskImage.Create(image, new ImageCreateOptions { Size = 1 << 20 });
        string boxFile = scope.File(defect + ".box");
        var metadata = ("metadata.json", (string?)null, (string?)VagrantBoxFile.LibvirtMetadata);
        var disk = ("box.img", (string?)image, (string?)null);
        var vagrantfile = ("Vagrantfile", (string?)null, (string?)VagrantBoxFile.Vagrantfile);
        switch (defect)
        {
            case "wrong-provider":
                await VagrantBoxFile.WriteAsync(boxFile, ("metadata.json", null, """{"provider":"virtualbox"}"""), disk, vagrantfile);
                break;
            case "raw-format":
                await VagrantBoxFile.WriteAsync(boxFile, ("metadata.json", null, """{"provider":"libvirt","format":"raw"}"""), disk, vagrantfile);
                break;
            case "multi-disk":
                await VagrantBoxFile.WriteAsync(boxFile, ("metadata.json", null, """{"provider":"libvirt","disks":[{"path":"box_1.img","format":"qcow2"}]}"""), disk, vagrantfile);
                break;
            case "no-image":
                await VagrantBoxFile.WriteAsync(boxFile, metadata, vagrantfile);
                break;
            case "not-qcow2":
                await VagrantBoxFile.WriteAsync(boxFile, metadata, ("box.img", null, new string('x', 4096)), vagrantfile);
                break;
            case "no-metadata":
                await VagrantBoxFile.WriteAsync(boxFile, disk, vagrantfile);
                break;
            default:
                await File.WriteAllTextAsync(boxFile, "this is not a tar archive, just text\n");
                break;
        }

        var error = await Assert.ThrowsAsync<BoxException>(() => store.AddAsync("bad", boxFile, force: false, null, default));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(["tiny"], Directory.EnumerateFileSystemEntries(store.Root).Select(Path.GetFileName));
    }

    private static YamlMappingNode ReadYamlMapping(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    /// <summary>A box whose disk is an empty qcow2 (no tiny filesystem): it must boot from its own boot loader with cloud-init.</summary>
    private static async Task<string> CloudBoxFileAsync(QemuScope scope)
    {
        string image = scope.File("cloud.img");
        DiskImage.Create(image, new ImageCreateOptions { Size = 64 << 20 });
        string boxFile = scope.File("cloud.box");
        await VagrantBoxFile.WriteAsync(boxFile,
            ("metadata.json", null, VagrantBoxFile.LibvirtMetadata), ("box.img", image, null), ("Vagrantfile", null, VagrantBoxFile.Vagrantfile));
        return boxFile;
    }
}

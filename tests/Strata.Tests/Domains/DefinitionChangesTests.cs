using Strata.Domains;

namespace Strata.Tests.Domains;

/// <summary>The checks and results of setmem, setvcpus, attach-device and detach-device on one definition.</summary>
public class DefinitionChangesTests
{
    private static DomainDefinition Parse(string xml) => DomainXml.Parse(xml);

    [Fact]
    public void TheCurrentVcpuCountRoundTripsAndAnEqualOneIsLeftOut()
    {
        var definition = Parse(DomainXmlSamples.Minimal.Replace("</memory>", "</memory><vcpu current='2'>4</vcpu>", StringComparison.Ordinal));
        Assert.Equal((4, 2), (definition.Vcpus, definition.OnlineVcpus));
        Assert.Contains("<vcpu placement='static' current='2'>4</vcpu>", DomainXml.Format(definition), StringComparison.Ordinal);

        var all = Parse(DomainXmlSamples.Minimal.Replace("</memory>", "</memory><vcpu current='4'>4</vcpu>", StringComparison.Ordinal));
        Assert.Null(all.CurrentVcpus);
        Assert.Contains("<vcpu placement='static'>4</vcpu>", DomainXml.Format(all), StringComparison.Ordinal);
    }

    [Fact]
    public void ACurrentVcpuCountAboveTheMaximumIsRefused()
    {
        var error = Assert.Throws<InvalidDefinitionException>(() =>
            Parse(DomainXmlSamples.Minimal.Replace("</memory>", "</memory><vcpu current='3'>2</vcpu>", StringComparison.Ordinal)));
        Assert.Equal("XML error: maxvcpus must not be less than current vcpus (2 < 3)", error.Message);
    }

    [Fact]
    public void LoweringTheMaximumLowersWhatIsOnlineAndTheCountMayNotExceedIt()
    {
        var four = Parse(DomainXmlSamples.Minimal.Replace("</memory>", "</memory><vcpu>4</vcpu>", StringComparison.Ordinal));
        var two = DefinitionChanges.SetVcpus(four, 2, maximum: true, live: false);
        Assert.Equal((2, 2), (two.Vcpus, two.OnlineVcpus));
        Assert.Equal(1, DefinitionChanges.SetVcpus(two, 1, maximum: false, live: false).CurrentVcpus);

        var error = Assert.Throws<StrataException>(() => DefinitionChanges.SetVcpus(two, 3, maximum: false, live: true));
        Assert.Equal("invalid argument: requested vcpus is greater than max allowable vcpus for the live domain: 3 > 2", error.Message);
    }

    [Fact]
    public void MemoryAboveTheMaximumIsRefusedAndAMaximumBelowTheCurrentLowersIt()
    {
        var definition = Parse(DomainXmlSamples.Minimal); // 256 MiB
        var error = Assert.Throws<StrataException>(() => DefinitionChanges.SetMemory(definition, 300 * 1024, maximum: false));
        Assert.Equal(ErrorCode.InvalidArg, error.Code);

        var smaller = DefinitionChanges.SetMemory(definition, 100 * 1024, maximum: true);
        Assert.Equal((102400UL, 102400UL), (smaller.MemoryKiB, smaller.CurrentMemoryKiB));
    }

    [Fact]
    public void AnAttachedDiskGetsTheChecksAndDefaultsOfADefinedOne()
    {
        var definition = Parse(DomainXmlSamples.Minimal);
        var withDisk = DefinitionChanges.AttachDevice(definition, "<disk type='file'><source file='/images/a.img'/><target dev='sdb'/></disk>");
        var disk = Assert.Single(withDisk.Devices.Disks);
        Assert.Equal(DiskBus.Scsi, disk.Bus); // from the target's name, and with the controller it needs, as in a definition
        Assert.Contains(withDisk.Devices.Controllers, c => c.Type == ControllerType.Scsi);

        var taken = Assert.Throws<OperationInvalidException>(() =>
            DefinitionChanges.AttachDevice(withDisk, "<disk type='file'><source file='/images/b.img'/><target dev='sdb'/></disk>"));
        Assert.Equal("Requested operation is not valid: target sdb already exists", taken.Message);
        Assert.Throws<InvalidDefinitionException>(() => DefinitionChanges.AttachDevice(definition, "<disk type='file'><target dev='bad name'/></disk>"));
        var unknown = Assert.Throws<InvalidDefinitionException>(() => DefinitionChanges.AttachDevice(definition, "<hostdev/>"));
        Assert.Equal("unsupported configuration: unknown device type 'hostdev'", unknown.Message);
    }

    [Fact]
    public void DetachFindsADiskByTargetAndAnInterfaceByMac()
    {
        var definition = Parse(DomainXmlSamples.WithDevice("""
            <disk type='file'><source file='/images/a.img'/><target dev='vda'/></disk>
            <interface type='user'><mac address='52:54:00:00:00:01'/></interface>
            <interface type='user'><mac address='52:54:00:00:00:02'/></interface>
            """));
        Assert.Empty(DefinitionChanges.DetachDevice(definition, "<disk><target dev='vda'/></disk>").Devices.Disks);
        var missing = Assert.Throws<StrataException>(() => DefinitionChanges.DetachDevice(definition, "<disk><target dev='vdz'/></disk>"));
        Assert.Equal((ErrorCode.DeviceMissing, "device not found: no target device vdz"), (missing.Code, missing.Message));

        var left = DefinitionChanges.DetachDevice(definition, "<interface type='user'><mac address='52:54:00:00:00:02'/></interface>");
        Assert.Equal("52:54:00:00:00:01", Assert.Single(left.Devices.Interfaces).Mac);
        Assert.Throws<StrataException>(() => DefinitionChanges.DetachDevice(definition, "<interface type='user'/>")); // which of two?
    }
}

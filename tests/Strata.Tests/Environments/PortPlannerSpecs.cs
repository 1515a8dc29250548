using System.Net;
using System.Net.Sockets;
using Strata.Environments;
using Strata.Environments.Files;
using Strata.Environments.Guests;
using Strata.Environments.Machines;
using Strata.Environments.State;

namespace Strata.Tests.Environments;

/// <summary>Host ports: kept from the last boot when free, chosen when absent, moved when taken (Vagrant's auto_correct).</summary>
public sealed class PortPlannerSpecs
{
    private static MachineConfig Machine(params ForwardedPortConfig[] ports) =>
        new("web", "tiny", 1, 256, "web", false, ports, [], null, new Dictionary<string, string>(), 1);

    [Fact]
    public void ATakenHostPortMovesToAFreeOneAndSaysSo()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int taken = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var messages = new List<string>();

        var ports = new PortPlanner([]).Plan(Machine(new ForwardedPortConfig(80, taken, "tcp", AutoCorrect: true)), null, messages.Add);

        Assert.Equal(2, ports.Count);
        Assert.Equal(22, ports[0].Guest);
        var web = ports[1];
        Assert.NotEqual(taken, web.Host);
        Assert.InRange(web.Host, PortPlanner.FirstAutoPort, PortPlanner.LastAutoPort);
        Assert.Equal($"fixed port collision for 80 => {taken}: now on port {web.Host}", Assert.Single(messages));
    }

    [Fact]
    public void ATakenHostPortWithoutAutoCorrectIsAnError()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int taken = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var error = Assert.Throws<EnvironmentException>(() =>
            new PortPlanner([]).Plan(Machine(new ForwardedPortConfig(80, taken, "tcp", AutoCorrect: false)), null, _ => { }));
        Assert.Contains($"host port {taken}/tcp is in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PortsOfTheLastBootAreKeptAndOtherMachinesPortsAreNotTaken()
    {
        var planner = new PortPlanner([new GuestPort(22, 2200, "tcp")]);
        int previousSsh = FreeAutoPort(after: 2200);
        var previous = new MachineState("p_web", Guid.NewGuid(), "tiny", "root", previousSsh, [new GuestPort(22, previousSsh, "tcp")], true);

        var kept = planner.Plan(Machine(), previous, _ => { });
        var fresh = planner.Plan(Machine() with { Name = "db" }, null, _ => { });

        Assert.Equal(previousSsh, kept[0].Host);
        Assert.NotEqual(2200, fresh[0].Host);
        Assert.NotEqual(previousSsh, fresh[0].Host);
    }

    private static int FreeAutoPort(int after)
    {
        for (int port = after + 1; port <= PortPlanner.LastAutoPort; port++)
        {
            if (PortPlanner.IsFree(port, "tcp"))
                return port;
        }
        throw new InvalidOperationException("no free port in the auto range");
    }
}

using Strata.Environments.State;

namespace Strata.Environments.Machines;

/// <summary>One machine of some environment on this host, as <c>global-status</c> lists it.</summary>
/// <param name="Id">The environment's short id.</param>
/// <param name="Machine">The machine's name.</param>
/// <param name="Domain">Its domain's name.</param>
/// <param name="State">Its state in the driver's words, or <c>not created</c>.</param>
/// <param name="Directory">The project folder.</param>
public sealed record GlobalMachine(string Id, string Machine, string Domain, string State, string Directory);

/// <summary>Every environment on this host, from the host's index and each environment's own state; boots nothing.</summary>
public static class GlobalStatus
{
    public static async Task<IReadOnlyList<GlobalMachine>> ReadAsync(EnvironmentIndex index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        await index.PruneAsync(cancellationToken).ConfigureAwait(false);
        var connections = new Dictionary<string, Connection>(StringComparer.Ordinal);
        var result = new List<GlobalMachine>();
        try
        {
            foreach (string folder in index.List())
            {
                var project = new ProjectState(folder);
                string uri = project.ReadUri() ?? Connection.DefaultUri;
                if (!connections.TryGetValue(uri, out var connection))
                    connections[uri] = connection = await Connection.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
                foreach (string machine in project.KnownMachines())
                {
                    if (project.ReadMachine(machine) is not { } state)
                        continue;
                    string text = MachineStatus.NotCreatedText;
                    try
                    {
                        var domain = await connection.Driver.LookupByNameAsync(state.Domain, cancellationToken).ConfigureAwait(false);
                        text = (await connection.Driver.GetStatusAsync(domain, cancellationToken).ConfigureAwait(false)).StateText;
                    }
                    catch (DomainNotFoundException)
                    {
                    }
                    result.Add(new GlobalMachine(project.ShortId, machine, state.Domain, text, folder));
                }
            }
        }
        finally
        {
            foreach (var connection in connections.Values)
                await connection.DisposeAsync().ConfigureAwait(false);
        }
        return result;
    }
}

using System.Text;
using System.Text.Json;
using Strata.Environments.Guests;

namespace Strata.Environments.State;

/// <summary>
/// What <c>.strata/machines/NAME/machine.json</c> remembers of one machine between commands: its domain, the host
/// ports it was given, and whether it has been provisioned.
/// </summary>
/// <param name="Domain">The Strata domain's name.</param>
/// <param name="Uuid">The domain's UUID, kept so that a redefinition replaces the same domain.</param>
/// <param name="Box">The box the machine was made from.</param>
/// <param name="SshUser">The user <c>env ssh</c> logs in as (the box's).</param>
/// <param name="SshPort">The host port forwarded to the guest's ssh port.</param>
/// <param name="Ports">Every forwarded port, ssh's among them.</param>
/// <param name="Provisioned">True once the provisioners have run to the end.</param>
public sealed record MachineState(string Domain, Guid Uuid, string Box, string SshUser, int SshPort, IReadOnlyList<GuestPort> Ports, bool Provisioned)
{
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("domain", Domain);
            json.WriteString("uuid", Uuid);
            json.WriteString("box", Box);
            json.WriteString("sshUser", SshUser);
            json.WriteNumber("sshPort", SshPort);
            json.WriteStartArray("ports");
            foreach (var port in Ports)
            {
                json.WriteStartObject();
                json.WriteNumber("guest", port.Guest);
                json.WriteNumber("host", port.Host);
                json.WriteString("protocol", port.Protocol);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteBoolean("provisioned", Provisioned);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote; a damaged file is an error that names it.</summary>
    public static MachineState FromJson(string text, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var ports = root.GetProperty("ports").EnumerateArray()
                .Select(p => new GuestPort(p.GetProperty("guest").GetInt32(), p.GetProperty("host").GetInt32(), p.GetProperty("protocol").GetString()!))
                .ToList();
            return new MachineState(
                root.GetProperty("domain").GetString()!,
                root.GetProperty("uuid").GetGuid(),
                root.GetProperty("box").GetString()!,
                root.GetProperty("sshUser").GetString()!,
                root.GetProperty("sshPort").GetInt32(),
                ports,
                root.GetProperty("provisioned").GetBoolean());
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EnvironmentException($"damaged machine state {path}: {error.Message} (destroy the machine, or delete the file to forget it)");
        }
    }
}

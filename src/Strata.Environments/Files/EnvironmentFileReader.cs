using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Environments.Files;

/// <summary>
/// Reads <c>strata.yaml</c> with YamlDotNet's node model (no reflection), so that every problem is reported with
/// its line and column, and nothing is started from a file that has one.
/// </summary>
public static partial class EnvironmentFileReader
{
    /// <summary>Used when neither the machine nor <c>defaults</c> names a box.</summary>
    public const string DefaultBox = "tiny";

    public const int DefaultCpus = 1;
    public const long DefaultMemoryMiB = 256;

    /// <summary>More than any host here has; catches a typo.</summary>
    public const int MaxCpus = 256;

    /// <summary>
    /// Finds <c>strata.yaml</c> in <paramref name="directory"/> or the nearest parent (as Vagrant finds its
    /// Vagrantfile); null when there is none.
    /// </summary>
    public static string? FindProjectDirectory(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, EnvironmentFile.FileName)))
                return dir.FullName;
        }
        return null;
    }

    /// <summary>Reads and checks the project's <c>strata.yaml</c>.</summary>
    public static EnvironmentFile Load(string projectDirectory)
    {
        string path = Path.Combine(projectDirectory, EnvironmentFile.FileName);
        return Parse(File.ReadAllText(path), path, projectDirectory);
    }

    /// <summary>Parses <paramref name="text"/>; relative paths in it are relative to <paramref name="projectDirectory"/>.</summary>
    public static EnvironmentFile Parse(string text, string path, string projectDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(Path.GetFileName(path), Path.GetFullPath(projectDirectory));
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException error)
        {
            // YamlDotNet's messages repeat the position: keep only what is wrong.
            string problem = error.InnerException is YamlException inner ? inner.Message : error.Message;
            throw new EnvironmentFileException(parser.FileName, (int)error.Start.Line, (int)error.Start.Column, StripPosition(problem));
        }
        if (stream.Documents.Count == 0)
            throw new EnvironmentFileException(parser.FileName, 1, 1, "the file is empty: it needs a 'machines' list");
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw parser.Error(second, "only one YAML document is allowed");
        }
        return new EnvironmentFile(Path.GetFullPath(path), parser.Read(stream.Documents[0].RootNode));
    }

    private static string StripPosition(string message) =>
        PositionPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")]
    internal static partial Regex MachineNamePattern();

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostnamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableNamePattern();

    /// <summary>What a machine entry or the defaults section says; null where it says nothing.</summary>
    private sealed class Draft
    {
        public string? Box;
        public int? Cpus;
        public long? MemoryMiB;
        public string? Hostname;
        public bool? Primary;
        public List<ForwardedPortConfig> Ports = [];
        public List<ProvisionerConfig> Provisioners = [];
        public SyncedFolderConfig? SyncedFolder;
        public Dictionary<string, string> Environment = new(StringComparer.Ordinal);
    }

    private sealed class Parser(string fileName, string projectDirectory)
    {
        private static readonly string[] MachineKeys = ["name", "box", "cpus", "memory", "hostname", "primary", "ports", "provision", "synced_folder", "env"];
        private static readonly string[] DefaultsKeys = ["box", "cpus", "memory", "ports", "provision", "synced_folder", "env"];

        // Host ports named in the file, to refuse two forwards onto one port before anything starts.
        private readonly Dictionary<(string Protocol, int Port), string> _hostPorts = [];

        public string FileName { get; } = fileName;

        public EnvironmentFileException Error(YamlNode node, string problem) =>
            new(FileName, (int)node.Start.Line, (int)node.Start.Column, problem);

        public IReadOnlyList<MachineConfig> Read(YamlNode root)
        {
            var top = Mapping(root, "the file");
            var defaults = new Draft();
            YamlSequenceNode? machines = null;
            foreach (var (key, value) in Entries(top, ["defaults", "machines"], "the top level"))
            {
                if (key == "defaults")
                    defaults = ReadDraft(Mapping(value, "'defaults'"), DefaultsKeys, "'defaults'", "default");
                else
                    machines = value as YamlSequenceNode ?? throw Error(value, "'machines' must be a list (each entry starting with '- name: …')");
            }
            if (machines is null || machines.Children.Count == 0)
                throw Error(root, "no machines: add a 'machines' list with at least one '- name: …' entry");

            var result = new List<MachineConfig>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in machines)
            {
                var mapping = Mapping(entry, "a machine");
                var nameNode = mapping.Children.FirstOrDefault(c => Scalar(c.Key) == "name").Value
                    ?? throw Error(entry, "this machine has no 'name'");
                string name = Text(nameNode, "'name'");
                if (!MachineNamePattern().IsMatch(name))
                    throw Error(nameNode, $"machine name '{name}' is not allowed: use letters, digits, '-' and '_', starting with a letter or digit (at most 63)");
                if (!names.Add(name))
                    throw Error(nameNode, $"duplicate machine name '{name}'");
                var draft = ReadDraft(mapping, MachineKeys, $"machine '{name}'", name);
                result.Add(Merge(name, defaults, draft, (int)entry.Start.Line));
            }
            if (result.Count(m => m.Primary) > 1)
                throw Error(machines, "more than one machine says 'primary: true'");
            return result;
        }

        private static MachineConfig Merge(string name, Draft defaults, Draft machine, int line)
        {
            var environment = new Dictionary<string, string>(defaults.Environment, StringComparer.Ordinal);
            foreach (var (key, value) in machine.Environment)
                environment[key] = value;
            // Outer provisioners first, as Vagrant runs the Vagrantfile's global ones before a machine's own. A loop,
            // not Concat().Select(): in the AOT binary that Select is a generic virtual call the runtime builds on
            // first use (~0.15 ms of every env command).
            List<ProvisionerConfig> provisioners = [.. defaults.Provisioners, .. machine.Provisioners];
            for (int i = 0; i < provisioners.Count; i++)
            {
                if (provisioners[i] is ShellProvisionerConfig shell)
                    provisioners[i] = shell with { Environment = Overlay(environment, shell.Environment) };
            }
            return new MachineConfig(
                name,
                machine.Box ?? defaults.Box ?? DefaultBox,
                machine.Cpus ?? defaults.Cpus ?? DefaultCpus,
                machine.MemoryMiB ?? defaults.MemoryMiB ?? DefaultMemoryMiB,
                machine.Hostname ?? name.Replace('_', '-'),
                machine.Primary ?? false,
                [.. defaults.Ports, .. machine.Ports],
                provisioners,
                machine.SyncedFolder ?? defaults.SyncedFolder,
                environment,
                line);
        }

        private static Dictionary<string, string> Overlay(IReadOnlyDictionary<string, string> under, IReadOnlyDictionary<string, string> over)
        {
            var merged = new Dictionary<string, string>(under, StringComparer.Ordinal);
            foreach (var (key, value) in over)
                merged[key] = value;
            return merged;
        }

        private Draft ReadDraft(YamlMappingNode mapping, string[] allowed, string where, string owner)
        {
            var draft = new Draft();
            foreach (var (key, value) in Entries(mapping, allowed, where))
            {
                switch (key)
                {
                    case "name":
                        break; // read by the caller
                    case "box":
                        draft.Box = Text(value, "'box'");
                        if (!BoxNameIsSafe(draft.Box))
                            throw Error(value, $"box name '{draft.Box}' is not allowed (no '/', no '..', not empty)");
                        break;
                    case "cpus":
                        draft.Cpus = Integer(value, "'cpus'", 1, MaxCpus);
                        break;
                    case "memory":
                        if (!MemorySize.TryParse(Text(value, "'memory'"), out long mebibytes, out string problem))
                            throw Error(value, problem);
                        draft.MemoryMiB = mebibytes;
                        break;
                    case "hostname":
                        draft.Hostname = Text(value, "'hostname'");
                        if (!HostnamePattern().IsMatch(draft.Hostname))
                            throw Error(value, $"'{draft.Hostname}' is not a valid hostname (letters, digits and '-', labels separated by '.')");
                        break;
                    case "primary":
                        draft.Primary = Boolean(value, "'primary'");
                        break;
                    case "ports":
                        foreach (var port in Sequence(value, "'ports'"))
                            draft.Ports.Add(ReadPort(port, owner));
                        break;
                    case "provision":
                        foreach (var step in Sequence(value, "'provision'"))
                            draft.Provisioners.Add(ReadProvisioner(step));
                        break;
                    case "synced_folder":
                        draft.SyncedFolder = ReadSyncedFolder(value);
                        break;
                    case "env":
                        draft.Environment = ReadVariables(value, "'env'");
                        break;
                }
            }
            return draft;
        }

        private ForwardedPortConfig ReadPort(YamlNode node, string owner)
        {
            int? guest = null, host = null;
            string protocol = "tcp";
            bool autoCorrect = true;
            YamlNode? hostNode = null;
            foreach (var (key, value) in Entries(Mapping(node, "a port"), ["guest", "host", "protocol", "auto_correct"], "a port"))
            {
                switch (key)
                {
                    case "guest":
                        guest = Integer(value, "'guest'", 1, 65535);
                        break;
                    case "host":
                        host = Integer(value, "'host'", 1, 65535);
                        hostNode = value;
                        break;
                    case "protocol":
                        protocol = Text(value, "'protocol'");
                        if (protocol is not ("tcp" or "udp"))
                            throw Error(value, $"protocol '{protocol}' is not 'tcp' or 'udp'");
                        break;
                    case "auto_correct":
                        autoCorrect = Boolean(value, "'auto_correct'");
                        break;
                }
            }
            if (guest is null)
                throw Error(node, "this port has no 'guest' port");
            if (host is int chosen && !_hostPorts.TryAdd((protocol, chosen), owner))
                throw Error(hostNode!, $"host port {chosen}/{protocol} is already forwarded by {Describe(_hostPorts[(protocol, chosen)])}");
            return new ForwardedPortConfig(guest.Value, host, protocol, autoCorrect);
        }

        private static string Describe(string owner) => owner == "default" ? "'defaults'" : $"machine '{owner}'";

        private ProvisionerConfig ReadProvisioner(YamlNode node)
        {
            var mapping = Mapping(node, "a provisioner");
            if (mapping.Children.Count != 1)
                throw Error(node, "a provisioner is one of '- shell: …' or '- file: …'");
            var (keyNode, value) = mapping.Children.First();
            return Scalar(keyNode) switch
            {
                "shell" => ReadShell(value),
                "file" => ReadFileUpload(value),
                var other => throw Error(keyNode, $"unknown provisioner '{other}' (expected 'shell' or 'file')"),
            };
        }

        private ShellProvisionerConfig ReadShell(YamlNode node)
        {
            // "- shell: echo hi" is the short form of inline.
            if (node is YamlScalarNode)
                return new ShellProvisionerConfig(Text(node, "'shell'"), "inline", [], new Dictionary<string, string>());
            string? script = null, origin = null;
            IReadOnlyList<string> args = [];
            Dictionary<string, string> environment = new(StringComparer.Ordinal);
            bool always = false;
            foreach (var (key, value) in Entries(Mapping(node, "'shell'"), ["inline", "path", "args", "env", "run"], "'shell'"))
            {
                switch (key)
                {
                    case "inline":
                        if (script is not null)
                            throw Error(value, "'shell' takes either 'inline' or 'path', not both");
                        script = Text(value, "'inline'");
                        origin = "inline";
                        break;
                    case "path":
                        if (script is not null)
                            throw Error(value, "'shell' takes either 'inline' or 'path', not both");
                        string relative = Text(value, "'path'");
                        string full = ProjectPath(relative);
                        if (!File.Exists(full))
                            throw Error(value, $"script '{relative}' does not exist");
                        script = File.ReadAllText(full);
                        origin = relative;
                        break;
                    case "args":
                        args = value is YamlSequenceNode list
                            ? [.. list.Select(a => Text(a, "an argument"))]
                            : [.. Text(value, "'args'").Split(' ', StringSplitOptions.RemoveEmptyEntries)];
                        break;
                    case "env":
                        environment = ReadVariables(value, "'env'");
                        break;
                    case "run":
                        always = ReadRun(value);
                        break;
                }
            }
            if (script is null)
                throw Error(node, "'shell' needs 'inline' (the script) or 'path' (a script file)");
            return new ShellProvisionerConfig(script, origin!, args, environment) { Always = always };
        }

        private FileProvisionerConfig ReadFileUpload(YamlNode node)
        {
            string? source = null, destination = null;
            bool always = false;
            foreach (var (key, value) in Entries(Mapping(node, "'file'"), ["source", "destination", "run"], "'file'"))
            {
                switch (key)
                {
                    case "source":
                        string relative = Text(value, "'source'");
                        source = ProjectPath(relative);
                        if (!File.Exists(source) && !Directory.Exists(source))
                            throw Error(value, $"'{relative}' does not exist");
                        break;
                    case "destination":
                        destination = GuestPath(value, "'destination'");
                        break;
                    case "run":
                        always = ReadRun(value);
                        break;
                }
            }
            if (source is null || destination is null)
                throw Error(node, "'file' needs 'source' (in the project) and 'destination' (in the guest)");
            return new FileProvisionerConfig(source, destination) { Always = always };
        }

        private bool ReadRun(YamlNode value) => Text(value, "'run'") switch
        {
            "once" => false,
            "always" => true,
            var other => throw Error(value, $"'run' is 'once' or 'always', not '{other}'"),
        };

        private SyncedFolderConfig ReadSyncedFolder(YamlNode node)
        {
            string? source = null, destination = null;
            List<string> exclude = [];
            foreach (var (key, value) in Entries(Mapping(node, "'synced_folder'"), ["source", "destination", "exclude"], "'synced_folder'"))
            {
                switch (key)
                {
                    case "source":
                        string relative = Text(value, "'source'");
                        source = ProjectPath(relative);
                        if (!Directory.Exists(source))
                            throw Error(value, $"folder '{relative}' does not exist");
                        break;
                    case "destination":
                        destination = GuestPath(value, "'destination'");
                        // The folder is mirrored, deletions included: never over the guest's whole tree.
                        if (destination.Trim('/').Length == 0)
                            throw Error(value, "a synced folder cannot be the guest's root '/'");
                        break;
                    case "exclude":
                        exclude = [.. Sequence(value, "'exclude'").Select(e => Text(e, "an exclude pattern"))];
                        break;
                }
            }
            if (source is null || destination is null)
                throw Error(node, "'synced_folder' needs 'source' (in the project) and 'destination' (in the guest)");
            return new SyncedFolderConfig(source, destination, exclude);
        }

        private Dictionary<string, string> ReadVariables(YamlNode node, string what)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in Mapping(node, what).Children)
            {
                string name = Text(keyNode, "a variable name");
                if (!VariableNamePattern().IsMatch(name))
                    throw Error(keyNode, $"'{name}' is not a variable name (letters, digits and '_', not starting with a digit)");
                result[name] = Text(value, $"variable '{name}'");
            }
            return result;
        }

        private string ProjectPath(string relative) => Path.GetFullPath(Path.Combine(projectDirectory, relative));

        private string GuestPath(YamlNode node, string what)
        {
            string path = Text(node, what);
            if (!path.StartsWith('/'))
                throw Error(node, $"{what} must be an absolute path in the guest, not '{path}'");
            return path;
        }

        private static bool BoxNameIsSafe(string name) =>
            name.Length > 0 && !name.Contains('/', StringComparison.Ordinal) && name is not ("." or "..") && !name.Contains("..", StringComparison.Ordinal);

        /// <summary>The mapping's entries as (key, value), refusing keys outside <paramref name="allowed"/>.</summary>
        private IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode mapping, string[] allowed, string where)
        {
            foreach (var (keyNode, value) in mapping.Children)
            {
                string key = Scalar(keyNode) ?? throw Error(keyNode, $"a key in {where} must be a plain word");
                if (!allowed.Contains(key))
                    throw Error(keyNode, $"unknown key '{key}' in {where} (expected one of: {string.Join(", ", allowed)})");
                yield return (key, value);
            }
        }

        private YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of 'key: value' lines");

        private YamlSequenceNode Sequence(YamlNode node, string what) =>
            node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list ('- …' lines)");

        private static string? Scalar(YamlNode node) => (node as YamlScalarNode)?.Value;

        private string Text(YamlNode node, string what) =>
            node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(node, $"{what} must be a non-empty value");

        private int Integer(YamlNode node, string what, int min, int max)
        {
            string text = Text(node, what);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
                throw Error(node, $"{what} must be a whole number from {min} to {max}, not '{text}'");
            return value;
        }

        private bool Boolean(YamlNode node, string what) => Text(node, what) switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw Error(node, $"{what} must be true or false, not '{other}'"),
        };
    }
}

using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary><c>stack</c>: the live layers under a domain, top to bottom: domain → driver → QEMU → accelerator.</summary>
internal static class StackCommand
{
    public static CommandSpec Command() => new("stack", "domain", "show the layers a domain runs on",
        "Shows the live stack of a domain, top to bottom: the domain, the driver that manages it, the QEMU process " +
        "that runs it (pid and the key parts of its command line), and the accelerator (KVM or TCG, and why).",
        [OptionSpec.Domain()], async context =>
        {
            var domain = await context.DomainAsync().ConfigureAwait(false);
            var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
            var report = await driver.GetStackAsync(domain, context.Cancellation).ConfigureAwait(false);
            var o = context.Out;
            int labelWidth = report.Layers.SelectMany(l => l.Details).Select(d => d.Key.Length).DefaultIfEmpty(0).Max();
            for (int i = 0; i < report.Layers.Count; i++)
            {
                var layer = report.Layers[i];
                o.WriteLine($"{layer.Layer}: {layer.Summary}");
                foreach (var (key, value) in layer.Details)
                    o.WriteLine($"  │ {key.PadRight(labelWidth)}  {value}");
                if (i < report.Layers.Count - 1)
                    o.WriteLine("  ▼");
            }
            return 0;
        });
}

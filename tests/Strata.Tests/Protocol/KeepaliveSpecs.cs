using Strata.Protocol;

namespace Strata.Tests.Protocol;

/// <summary>libvirt's keepalive rule: PING a silent peer once per interval; give it up after Count unanswered PINGs and one more silent interval.</summary>
public class KeepaliveSpecs
{
    private static readonly KeepaliveSettings Settings = new(TimeSpan.FromMilliseconds(100), 3);

    [Fact]
    public async Task ASilentPeerGetsCountPingsAndIsThenGivenUp()
    {
        int pings = 0;
        var dead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var keepalive = new Keepalive(Settings, _ => { Interlocked.Increment(ref pings); return ValueTask.CompletedTask; }, () => dead.TrySetResult());
        await dead.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, pings);
    }

    [Fact]
    public async Task APeerThatAnswersEveryPingIsKeptAndPingedOnlyWhenSilent()
    {
        int pings = 0, deaths = 0;
        Keepalive? keepalive = null;
        keepalive = new Keepalive(Settings, _ =>
        {
            Interlocked.Increment(ref pings);
            keepalive!.Heard(); // the PONG
            return ValueTask.CompletedTask;
        }, () => Interlocked.Increment(ref deaths));
        await Task.Delay(Settings.Timeout * 4);
        await keepalive.DisposeAsync();
        Assert.Equal(0, deaths);
        Assert.InRange(pings, 1, 16);
    }

    [Fact]
    public async Task APeerThatKeepsTalkingIsNeverPinged()
    {
        int pings = 0, deaths = 0;
        var settings = new KeepaliveSettings(TimeSpan.FromMilliseconds(500), 1);
        await using (var keepalive = new Keepalive(settings, _ => { Interlocked.Increment(ref pings); return ValueTask.CompletedTask; }, () => Interlocked.Increment(ref deaths)))
        {
            var until = DateTime.UtcNow + settings.Timeout * 2;
            while (DateTime.UtcNow < until)
            {
                keepalive.Heard();
                await Task.Delay(settings.Interval / 10);
            }
        }
        Assert.Equal(0, pings);
        Assert.Equal(0, deaths);
    }

    [Fact]
    public void HowLongASilentPeerLastsIsTheIntervalTimesCountPlusOne()
    {
        Assert.Equal(TimeSpan.FromSeconds(35), KeepaliveSettings.Client.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), KeepaliveSettings.Daemon.Timeout);
    }
}

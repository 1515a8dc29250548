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
        // A long interval against short pauses between messages: a loaded machine may stretch a pause, not twentyfold.
        var settings = new KeepaliveSettings(TimeSpan.FromSeconds(2), 1);
        await using (var keepalive = new Keepalive(settings, _ => { Interlocked.Increment(ref pings); return ValueTask.CompletedTask; }, () => Interlocked.Increment(ref deaths)))
        {
            var until = DateTime.UtcNow + settings.Interval * 2.5;
            while (DateTime.UtcNow < until)
            {
                keepalive.Heard();
                await Task.Delay(settings.Interval / 20);
            }
        }
        Assert.Equal(0, pings);
        Assert.Equal(0, deaths);
    }

    [Fact]
    public async Task APeerThisEndIsNotListeningToIsNotGivenUpForItsSilence()
    {
        int pings = 0, deaths = 0;
        bool listening = false;
        await using (var keepalive = new Keepalive(Settings, _ => { Interlocked.Increment(ref pings); return ValueTask.CompletedTask; },
            () => Interlocked.Increment(ref deaths), () => Volatile.Read(ref listening)))
        {
            await Task.Delay(Settings.Timeout * 3);
            Assert.Equal(0, deaths);
            Volatile.Write(ref listening, true); // listening again: silence counts from now
            var until = DateTime.UtcNow + Settings.Timeout * 4;
            while (Volatile.Read(ref deaths) == 0 && DateTime.UtcNow < until)
                await Task.Delay(Settings.Interval);
        }
        Assert.Equal(1, deaths);
        Assert.Equal(Settings.Count, pings);
    }

    [Fact]
    public async Task APingThatCannotBeSentDoesNotStopTheCount()
    {
        // The PING waits behind a write the peer never takes: the peer is still given up in time.
        var stuck = new TaskCompletionSource();
        var dead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var keepalive = new Keepalive(Settings, token => new ValueTask(stuck.Task.WaitAsync(token)), () => dead.TrySetResult());
        await dead.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void HowLongASilentPeerLastsIsTheIntervalTimesCountPlusOne()
    {
        Assert.Equal(TimeSpan.FromSeconds(35), KeepaliveSettings.Client.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), KeepaliveSettings.Daemon.Timeout);
    }
}

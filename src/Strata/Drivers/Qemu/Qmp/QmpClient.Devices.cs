namespace Strata.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary>
    /// <c>device_del</c>, then the DEVICE_DELETED event that says the guest let the device go (the event wait starts
    /// before the command, so it cannot be missed).
    /// </summary>
    public async Task DeleteDeviceAsync(string id, CancellationToken cancellationToken = default)
    {
        var deleted = WaitForEventAsync(e => e.Name == "DEVICE_DELETED" && e.GetString("device") == id, cancellationToken);
        try
        {
            await ExecuteAsync("device_del", writer => writer.WriteString("id", id), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The wait ends when the connection closes; its failure then is of no interest.
            _ = deleted.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
        await deleted.ConfigureAwait(false);
    }
}

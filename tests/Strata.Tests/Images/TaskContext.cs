namespace Strata.Tests.Images;

/// <summary>Names the table row a failed assertion came from.</summary>
internal static class TaskContext
{
    public static async Task<T> WithContext<T>(this Task<T> task, string context)
    {
        try
        {
            return await task;
        }
        catch (Exception e) when (e is Xunit.Sdk.IAssertionException)
        {
            throw new Xunit.Sdk.XunitException($"case '{context}': {e.Message}");
        }
    }
}

namespace Strata.Cli.Img;

/// <summary><c>strata img</c>: qemu-img's verbs and flags over Strata's own image library.</summary>
internal static class ImgProgram
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine($"error: 'strata img' is not built yet ({args.Length} arguments)");
        return Task.FromResult(1);
    }
}

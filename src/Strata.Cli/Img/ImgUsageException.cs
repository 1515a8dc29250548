namespace Strata.Cli.Img;

/// <summary>A command line qemu-img would refuse: unknown option, missing file name, bad size or format.</summary>
internal sealed class ImgUsageException(string message) : Exception(message);

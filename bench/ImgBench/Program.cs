using System.Diagnostics;
using System.Globalization;
using Strata.Images;

// 4 KiB requests through Strata's image library, laid out as `qemu-img bench` lays out its own: request i goes to
// (i × step) mod virtual size, one request at a time. Prints the seconds the requests took, as qemu-img bench does.
//   ImgBench read|write FILE FORMAT COUNT STEP [PATTERN]
if (args.Length < 5 || args[0] is not ("read" or "write"))
{
    Console.Error.WriteLine("usage: ImgBench read|write FILE raw|qcow2 COUNT STEP [PATTERN]");
    return 2;
}
const int RequestSize = 4096;
bool write = args[0] == "write";
var format = args[2] == "qcow2" ? ImageFormat.Qcow2 : ImageFormat.Raw;
long count = long.Parse(args[3], CultureInfo.InvariantCulture);
long step = long.Parse(args[4], CultureInfo.InvariantCulture);
byte pattern = args.Length > 5 ? byte.Parse(args[5], CultureInfo.InvariantCulture) : (byte)0xa5;

using var image = DiskImage.Open(args[1], new ImageOpenOptions { ReadOnly = !write, Format = format });
byte[] buffer = new byte[RequestSize];
buffer.AsSpan().Fill(pattern);
long size = image.VirtualSize;
long offset = 0;
var clock = Stopwatch.StartNew();
for (long i = 0; i < count; i++)
{
    if (write)
        await image.WriteAsync(offset, buffer);
    else
        await image.ReadAsync(offset, buffer);
    offset = (offset + step) % size;
}
clock.Stop();
if (write)
    await image.FlushAsync(); // after the clock, as qemu-img bench flushes only when it closes the image
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run completed in {clock.Elapsed.TotalSeconds:0.000} seconds."));
return 0;

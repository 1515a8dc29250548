namespace Strata.Cli.Img;

/// <summary>The usage text of <c>strata img</c>.</summary>
internal static class ImgHelp
{
    public const string Text = """
        usage: strata img [standard options] command [command options]
        Disk image utility with qemu-img's commands and flags, over Strata's own raw and qcow2 library.

        Command syntax:
          check [-f fmt] [-r leaks|all] [--output human|json] [-q] filename
          commit [-f fmt] [-d] [-q] filename
          convert [-c] [-f fmt] [-O output_fmt] [-o cluster_size=size] [-t cache] [-p] [-q] filename output_filename
          create [-f fmt] [-b backing_file -F backing_fmt] [-o cluster_size=size] [-u] [-q] filename [size]
          info [-f fmt] [--output human|json] [--backing-chain] filename
          rebase [-f fmt] [-u] -b backing_file [-F backing_fmt] [-q] filename
          resize [-f fmt] [-q] filename [+ | -]size
          snapshot [-f fmt] [-q] [-l | -a snapshot | -c snapshot | -d snapshot] filename

        Formats: raw, qcow2 (-f is probed when left out; -O defaults to raw, as in qemu-img).
        convert -t: unsafe (the default, as in qemu-img: no flush at the end), or writeback, none, … (flush).
        convert -c: deflate each data cluster of a qcow2 output (clusters that do not shrink are stored as they are).
        Sizes: bytes, or with a suffix k, M, G, T, P, E (powers of 1024), e.g. 10G, 512M, 1.5G.

        Exit status of check: 0 no problems, 1 the check did not run, 2 corruptions, 3 leaked clusters only,
        63 the format has no metadata to check (raw).
        Differences from qemu-img: shrinking is not supported; -r all repairs leaks only.

        """;
}

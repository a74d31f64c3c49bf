using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DaprSupport.DaprEmulator.Processes;

/// <summary>
/// Loopback ports for processes that bind them later (etcd, the apps, test servers). A port is taken below the
/// kernel's ephemeral range (32768+ on Linux): one the kernel hands out itself can be reused at once as the local port
/// of some outgoing connection. Nothing may listen on it, and it is claimed for <see cref="Hold"/> through a file in
/// the temp directory, so that two callers — in this process or in another one, such as test projects run side by
/// side — are never handed the same port in the time between the hand-out and the bind.
/// </summary>
public static class LoopbackPorts
{
    /// <summary>How long a handed-out port stays claimed; longer than any app takes to bind its port.</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromMinutes(10);

    private const int Lowest = 20_000;
    private const int HighestExclusive = 32_000;

    private static readonly string ClaimDirectory = Path.Combine(Path.GetTempPath(), "daprsupport-ports");

    /// <summary>A port nothing listens on and no caller on this machine was handed within <see cref="Hold"/>.</summary>
    public static int Free()
    {
        Directory.CreateDirectory(ClaimDirectory);
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(Lowest, HighestExclusive);
            if (TryClaim(port) && NothingListensOn(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException(
            $"No loopback port in {Lowest}..{HighestExclusive - 1} is free and unclaimed (claims in {ClaimDirectory}).");
    }

    /// <summary>Claims a port by creating its file; a claim older than <see cref="Hold"/> is taken over.</summary>
    internal static bool TryClaim(int port)
    {
        var path = Path.Combine(ClaimDirectory, port.ToString(CultureInfo.InvariantCulture));
        if (TryCreate(path))
        {
            return true;
        }

        if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < Hold)
        {
            return false;
        }

        // A stale claim: its writer is long done with the port. Renaming it away is atomic, so of two callers that
        // found it stale only the one whose rename succeeds goes on to create the new claim.
        var aside = path + "." + Guid.NewGuid().ToString("N");
        try
        {
            File.Move(path, aside);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        File.Delete(aside);
        return TryCreate(path);
    }

    private static bool TryCreate(string path)
    {
        try
        {
            using var claim = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool NothingListensOn(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

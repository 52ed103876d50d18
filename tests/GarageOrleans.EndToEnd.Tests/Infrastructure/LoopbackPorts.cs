using System.Net;
using System.Net.Sockets;

namespace GarageOrleans.EndToEnd.Tests.Infrastructure;

/// <summary>The four ports a node listens on, each free on 127.0.0.1 when chosen.</summary>
internal sealed record LoopbackPorts(int S3, int Admin, int Web, int Silo)
{
    /// <summary>Binds port 0 for each and releases them together (so the four differ).</summary>
    public static LoopbackPorts Allocate()
    {
        var sockets = Enumerable.Range(0, 4).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToArray();
        try
        {
            foreach (var socket in sockets)
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }

            var ports = sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToArray();
            return new LoopbackPorts(ports[0], ports[1], ports[2], ports[3]);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>These ports if all can be bound again (a restart on the same ports), else fresh ones.</summary>
    public LoopbackPorts ReuseIfFree() => new[] { S3, Admin, Web, Silo }.All(IsFree) ? this : Allocate();

    /// <summary>True when <paramref name="port"/> can be listened on at 127.0.0.1 now.</summary>
    public static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel does on Linux: a port whose old connections linger in TIME_WAIT can be listened on again.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

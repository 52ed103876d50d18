using System.Net;
using System.Net.Sockets;

namespace GarageOrleans.Testing;

/// <summary>Free loopback TCP ports: bind port 0, read the port back, release it (for listeners that need a fixed port).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

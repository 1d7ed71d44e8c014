using System.Net;
using System.Net.Sockets;

namespace Oracle.Enclave.Host.Tests.Support;

public static class Ports
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits (bounded) until something accepts on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool WaitListening(int port, TimeSpan timeout)
    {
        DateTime end = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < end)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(25);
            }
        }
        return false;
    }
}

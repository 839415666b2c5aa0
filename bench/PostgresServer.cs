using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bench;

/// <summary>
/// A throwaway PostgreSQL server for comparisons: a fresh cluster in a temporary folder, listening on 127.0.0.1 on a
/// free port, trust authentication, stopped and deleted on dispose. Needs the PostgreSQL server binaries
/// (`scripts/test.sh` installs Debian's postgresql); as root it runs them as the postgres user.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _data;
    private readonly bool _asPostgres;

    private PostgresServer(string bin, string data, int port, bool asPostgres)
    {
        _bin = bin;
        _data = data;
        Port = port;
        _asPostgres = asPostgres;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=traffic;Database=postgres;Timeout=30;Command Timeout=0";

    public static PostgresServer Start()
    {
        string bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) not found; run scripts/test.sh once, or apt-get install postgresql");
        string data = Path.Combine(Path.GetTempPath(), $"traffic-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        bool asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            Run("chown", ["postgres:postgres", data]);
        }

        int port = FreePort();
        var server = new PostgresServer(bin, data, port, asPostgres);
        server.Pg("initdb", ["-D", data, "-U", "traffic", "-A", "trust", "-E", "UTF8", "--no-instructions"]);
        server.Pg("pg_ctl", ["-D", data, "-l", Path.Combine(data, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -c listen_addresses=127.0.0.1 -k {data} -c fsync=off -c shared_buffers=256MB -c work_mem=256MB", "start"]);
        return server;
    }

    public void Dispose()
    {
        try
        {
            Pg("pg_ctl", ["-D", _data, "-m", "fast", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private void Pg(string tool, string[] args)
    {
        string path = Path.Combine(_bin, tool);
        if (_asPostgres)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. args]);
        }
        else
        {
            Run(path, args);
        }
    }

    private static void Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {output}");
        }
    }

    private static string? FindBinaries()
    {
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            foreach (string version in Directory.GetDirectories("/usr/lib/postgresql").OrderDescending())
            {
                if (File.Exists(Path.Combine(version, "bin", "initdb")))
                {
                    return Path.Combine(version, "bin");
                }
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

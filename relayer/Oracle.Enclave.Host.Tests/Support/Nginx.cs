namespace Oracle.Enclave.Host.Tests.Support;

/// <summary>nginx on 127.0.0.1 serving files over TLS, one server block per (name, certificate), like deploy/lib/local-https.sh.</summary>
public sealed class Nginx : IDisposable
{
    private readonly ChildProcess _process;

    public Nginx(TempDir dir, string name, PemPair certificate)
    {
        Prefix = dir.File("nginx-" + name);
        Root = Path.Combine(Prefix, "www");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Path.Combine(Prefix, "tmp"));
        Port = Ports.Free();
        string conf = $$"""
            daemon off;
            worker_processes 1;
            pid {{Prefix}}/nginx.pid;
            error_log {{Prefix}}/error.log warn;
            events { worker_connections 256; }
            http {
              access_log {{Prefix}}/access.log;
              client_body_temp_path {{Prefix}}/tmp; proxy_temp_path {{Prefix}}/tmp; fastcgi_temp_path {{Prefix}}/tmp;
              uwsgi_temp_path {{Prefix}}/tmp; scgi_temp_path {{Prefix}}/tmp;
              types { application/json json; }
              default_type application/json;
              server {
                listen 127.0.0.1:{{Port}} ssl;
                server_name {{name}};
                ssl_certificate {{certificate.CertificatePath}};
                ssl_certificate_key {{certificate.KeyPath}};
                root {{Root}};
              }
            }
            """;
        File.WriteAllText(Path.Combine(Prefix, "nginx.conf"), conf);
        _process = new ChildProcess("nginx", ["-p", Prefix, "-c", Path.Combine(Prefix, "nginx.conf"), "-e", Path.Combine(Prefix, "error.log")], Prefix);
        if (!Ports.WaitListening(Port, TimeSpan.FromSeconds(10)))
        {
            string log = File.Exists(Path.Combine(Prefix, "error.log")) ? File.ReadAllText(Path.Combine(Prefix, "error.log")) : "";
            _process.Dispose();
            throw new InvalidOperationException($"nginx did not start on {Port}: {log}\n{_process.Output}");
        }
    }

    public string Prefix { get; }

    public string Root { get; }

    public int Port { get; }

    public void Serve(string path, string content) => File.WriteAllText(Path.Combine(Root, path), content);

    public void Dispose() => _process.Dispose();
}

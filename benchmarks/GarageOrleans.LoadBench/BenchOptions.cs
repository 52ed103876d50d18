using System.Globalization;

namespace GarageOrleans.LoadBench;

internal enum BenchMode
{
    Small,
    Large,
    Rss,
}

/// <summary>Command line of the load generator; see <see cref="Usage"/>.</summary>
internal sealed record BenchOptions(
    BenchMode Mode,
    S3Target Target,
    S3Target? Reference,
    int? Pid,
    int? ReferencePid,
    int Count,
    int Concurrency,
    long ObjectBytes,
    string? Bucket,
    PayloadMode Payload)
{
    public const string Usage = """
        usage: garage-orleans-loadbench --endpoint URL --key K --secret S [--mode small|large|rss] [--pid PID]
               [--count N] [--concurrency C] [--size BYTES] [--bucket NAME] [--region R] [--payload sdk|plain]
               [--reference-endpoint URL --reference-key K --reference-secret S [--reference-region R] [--reference-pid PID]]
          small  N x 4 KiB PUT then GET with C workers (defaults N=2000, C=8): ops/s
          large  N x 16 MiB PUT then GET with C workers (defaults N=16, C=4): MiB/s
          rss    PUT then GET one object of --size (default 2G) streamed from generated data while sampling the
                 server's RSS (/proc/PID/status) every 100 ms; needs --pid. Prints baseline, peak and growth.
          With a reference endpoint the same run goes against it too and the ratios are printed.
          --payload plain: no aws-chunked bodies and checksums only where required, for both targets (s3rver 3.7
          stores aws-chunked bodies verbatim); the default, sdk, sends what the SDK sends by default.
          Sizes take K, M, G suffixes (powers of 1024). A bucket is created and removed unless --bucket names one.
        """;

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            values[args[i][2..]] = args[++i];
        }

        string? Get(string name) => values.Remove(name, out var v) ? v : null;
        string Need(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");

        var mode = (Get("mode") ?? "small") switch
        {
            "small" => BenchMode.Small,
            "large" => BenchMode.Large,
            "rss" => BenchMode.Rss,
            var m => throw new ArgumentException($"unknown --mode '{m}'"),
        };
        var target = new S3Target("garage", Need("endpoint"), Need("key"), Need("secret"), Get("region") ?? "garage");
        var referenceEndpoint = Get("reference-endpoint");
        var reference = referenceEndpoint is null
            ? null
            : new S3Target("reference", referenceEndpoint, Need("reference-key"), Need("reference-secret"), Get("reference-region") ?? "us-east-1");
        var options = new BenchOptions(
            mode,
            target,
            reference,
            ParseInt(Get("pid")),
            ParseInt(Get("reference-pid")),
            ParseInt(Get("count")) ?? (mode == BenchMode.Large ? 16 : 2000),
            ParseInt(Get("concurrency")) ?? (mode == BenchMode.Large ? 4 : 8),
            ParseSize(Get("size")) ?? mode switch
            {
                BenchMode.Small => 4L << 10,
                BenchMode.Large => 16L << 20,
                _ => 2L << 30,
            },
            Get("bucket"),
            (Get("payload") ?? "sdk") switch
            {
                "sdk" => PayloadMode.Sdk,
                "plain" => PayloadMode.Plain,
                var p => throw new ArgumentException($"unknown --payload '{p}'"),
            });
        if (values.Count > 0)
        {
            throw new ArgumentException($"unknown option --{values.Keys.First()}");
        }

        if (mode == BenchMode.Rss && options.Pid is null)
        {
            throw new ArgumentException("--mode rss needs --pid (the server process to watch)");
        }

        return options;
    }

    /// <summary>"4096", "4K", "16M", "2G" (powers of 1024).</summary>
    public static long? ParseSize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var shift = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            _ => 0,
        };
        var digits = shift == 0 ? text : text[..^1];
        return long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) << shift;
    }

    private static int? ParseInt(string? text) =>
        text is null ? null : int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}

using System.CommandLine;
using TrafficEngine.Arrow;

namespace Jobs;

/// <summary>The <c>--compression</c> option every command that writes Arrow files takes.</summary>
internal static class ArrowOptions
{
    public static Option<string> Compression() => new("--compression")
    {
        Description = "Buffer compression of the Arrow files written: none (default; every Arrow reader opens them), lz4 or zstd (smaller, for storage; pyarrow, Polars and DuckDB read them).",
        DefaultValueFactory = _ => "none",
    };

    /// <summary>Sets the context's compression from the parsed option.</summary>
    public static void Apply(CliContext context, ParseResult parse, Option<string> option) =>
        context.Compression = ArrowCompressions.Parse(parse.GetValue(option)!);
}

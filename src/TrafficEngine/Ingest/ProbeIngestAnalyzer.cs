using System.Diagnostics;
using Apache.Arrow;
using TrafficEngine.Geo;

namespace TrafficEngine.Ingest;

/// <summary>
/// Ingests probe GPS files into WGS-84, pseudonymised, cleaned rows ordered by (vehicle, timestamp).
/// Phase 1 parses and checks rows into one buffer (past a row budget it spills to disk in hash partitions of whole
/// vehicles); phase 2 sorts and cleans the buffer, or each partition, as an index permutation (kept in memory without
/// a spill, written to a temporary result file after one); only when all counts are final is the output opened (its
/// schema metadata carries the summary) and the kept rows gathered into its batches. Temporary files are always deleted.
/// </summary>
public static class ProbeIngestAnalyzer
{
    public static IngestReport Run(ProbeIngestOptions options, Func<Schema, IBatchSink> openOutput, IQuarantineSink? quarantine = null,
        IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(openOutput);
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        string[] files = options.Inputs.ToArray();
        long totalBytes = 0;
        foreach (string file in files)
        {
            totalBytes += File.Exists(file)
                ? new FileInfo(file).Length
                : throw new IngestException($"Input file '{file}' does not exist.", file);
        }

        string tempRoot = Path.Combine(options.TempDirectory ?? Path.GetTempPath(), "traffic-ingest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tempRoot);
        try
        {
            var vehicles = new VehicleTable(options.Pseudonymizer!);
            // About 40 bytes per row in T-Drive-like text; gzip compresses such text about 4:1.
            long expectedRows = files.Sum(f => new FileInfo(f).Length * (f.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? 4 : 1)) / 40;
            bool optionalColumns = options.Format != ProbeFormat.TDrive;
            var store = new PartitionStore(tempRoot, options.MaxRowsInMemory, expectedRows, vehicles.Partition, optionalColumns);
            var reader = new ProbeFileReader(options, vehicles, store, quarantine, progress, totalBytes);
            for (int i = 0; i < files.Length; i++)
            {
                reader.ReadFile(files[i], i, cancellationToken);
            }

            // Without a spill the one buffer is cleaned in memory and written from there; after a spill each partition's
            // kept rows go, in output order, to a temporary result file read back once the counts are final.
            var cleaner = new PartitionCleaner(vehicles.RankByPseudonym(), options.MaxSpeedKmh);
            ProbeRows? inMemory = null;
            ReadOnlySpan<int> inMemoryOrder = default;
            using var results = new FileStream(Path.Combine(tempRoot, "kept.bin"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                FileOptions.DeleteOnClose);
            var compacted = new ProbeRows(1024, optionalColumns);
            foreach (ProbeRows group in store.TakeGroups())
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<int> kept = cleaner.Clean(group);
                if (store.SpillCount == 0)
                {
                    inMemory = group;
                    inMemoryOrder = kept;
                    continue;
                }

                compacted.Clear();
                compacted.AddGathered(group, kept);
                compacted.WriteChunk(results);
            }

            long[] rejected = reader.Rejected;
            rejected[(int)RejectCode.Duplicate] = cleaner.Duplicates;
            rejected[(int)RejectCode.Drift] = cleaner.Drift;
            if (reader.RowsRead != cleaner.Kept + rejected.Sum())
            {
                throw new InvalidOperationException(
                    $"Ingest accounting is broken: {reader.RowsRead} rows read but {cleaner.Kept} kept and {rejected.Sum()} rejected.");
            }

            if (quarantine is not null)
            {
                LateQuarantine.Write(files, cleaner.LateRejects, quarantine, cancellationToken);
            }

            var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
            for (int code = 1; code < rejected.Length; code++)
            {
                byReason[RejectReason.FromCode((RejectCode)code)] = rejected[code];
            }

            string[] names = files.Select(f => Path.GetFileName(f)).ToArray();
            var report = new IngestReport
            {
                Format = options.Format.ToName(),
                SourceCrs = options.SourceCrs.ToName(),
                SourceFiles = names,
                PseudonymKeyId = options.Pseudonymizer!.KeyId,
                RowsRead = reader.RowsRead,
                RowsKept = cleaner.Kept,
                RowsRejected = byReason,
                Vehicles = vehicles.Count,
                FirstTimestampMs = cleaner.FirstTimestampMs,
                LastTimestampMs = cleaner.LastTimestampMs,
                SamplingIntervalP50Seconds = cleaner.IntervalPercentileSeconds(0.5),
                SamplingIntervalP90Seconds = cleaner.IntervalPercentileSeconds(0.9),
                InputBytes = totalBytes,
                Elapsed = stopwatch.Elapsed,
                Spills = store.SpillCount,
                Warnings = reader.Warnings.ToArray(),
            };

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ProbeSchema.SourceFilesKey] = IngestReport.ToJsonArray(names),
                [ProbeSchema.SourceCrsKey] = report.SourceCrs,
                [ProbeSchema.FormatKey] = report.Format,
                [ProbeSchema.PseudonymKeyIdKey] = report.PseudonymKeyId,
                [ProbeSchema.IngestSummaryKey] = report.ToJson(),
                [ProbeSchema.TimeZoneNoteKey] = ProbeSchema.TimeZoneNote,
            };
            Schema schema = ProbeSchema.Create(reader.HasSpeed, reader.HasHeading, reader.HasOccupied, metadata);
            using (IBatchSink sink = openOutput(schema) ?? throw new InvalidOperationException("openOutput returned no sink."))
            {
                var writer = new ProbeBatchWriter(schema, vehicles, options.MaxBatchRows, cleaner.Kept, sink);
                if (inMemory is not null)
                {
                    writer.Append(inMemory, inMemoryOrder);
                }
                else
                {
                    results.Position = 0;
                    int[] identity = [];
                    while (true)
                    {
                        compacted.Clear();
                        if (!compacted.ReadChunk(results))
                        {
                            break;
                        }

                        cancellationToken.ThrowIfCancellationRequested();
                        if (identity.Length < compacted.Count)
                        {
                            identity = Enumerable.Range(0, compacted.Count).ToArray();
                        }

                        writer.Append(compacted, identity.AsSpan(0, compacted.Count));
                    }
                }

                writer.Finish();
                sink.Complete();
            }

            return report with { Elapsed = stopwatch.Elapsed };
        }
        finally
        {
            DeleteQuietly(tempRoot);
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not hide the real outcome (or exception) of the ingest.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}

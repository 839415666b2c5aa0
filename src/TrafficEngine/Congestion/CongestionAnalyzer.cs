using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// Turns map-matched traversals into segment speeds, levels, the city TPI and TTI per bin, area and corridor indices,
/// and reliability over the date range.
/// </summary>
public static class CongestionAnalyzer
{
    /// <summary>
    /// Analyses traversals in any order with memory bounded whatever the feed's size: the batches are read once and
    /// sorted by bin externally (runs of 1M rows in temporary files under <paramref name="tempFolder"/>, the system's
    /// temp folder by default, removed afterwards, also on failure or cancellation; see <see cref="TraversalSpill"/>),
    /// then aggregated in bin order chunk by chunk, and read once more for the vehicles and intervals of the city, area and
    /// corridor rows (<see cref="VehicleBootstrap"/>). <paramref name="progress"/> hears of the batches read (out of
    /// their count when <paramref name="traversals"/> is a collection) and then of the rows aggregated.
    /// <paramref name="history"/> names earlier segment_speeds.arrow files or folders of them (<see cref="SpeedHistory"/>):
    /// their cells of the <see cref="CongestionOptions.HistoryDays"/> days before the first bin join the free-flow
    /// estimate and give <see cref="CongestionResult.TypicalSpeeds"/>.
    /// </summary>
    public static CongestionResult Analyze(RoadNetwork network, IEnumerable<RecordBatch> traversals, CongestionOptions options,
        AreaPolygons? areas = null, Corridors? corridors = null, IReadOnlyList<string>? history = null, string? tempFolder = null,
        IProgress<StageProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(traversals);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        IReadOnlyList<string> historyFiles = history is { Count: > 0 } ? SpeedHistory.Files(history) : [];
        var aggregator = new SegmentSpeedAggregator(Math.Max(network.EdgeCount, 1), options.BinMinutes,
            options.MinTraversalSpeedKmh, options.MaxTraversalSpeedKmh);
        int batchCount = traversals is IReadOnlyCollection<RecordBatch> collection ? collection.Count : 0;
        Action<long>? read = progress is null ? null : batches => progress.Report(new StageProgress("reading traversals", batches, batchCount, "batches"));
        using TraversalSpill rows = TraversalSpill.Write(network, traversals, aggregator.BinMs, tempFolder, cancel, batchesRead: read);
        if (rows.RowsRead > 0 && rows.UnknownEdges == rows.RowsRead)
        {
            throw new InvalidDataException(
                $"None of the {rows.RowsRead:N0} traversals refers to an edge of this network: were they matched on another network?");
        }

        SegmentSpeedTable speeds = aggregator.AggregateChunks(Reported(rows.Chunks(cancel), rows.RowsKept, progress, "aggregating"));
        cancel.ThrowIfCancellationRequested();
        FreeFlowGroups groups = FreeFlowGroups.Build(network, options, areas);
        FreeFlowHistory? freeFlowHistory = null;
        TypicalSpeeds? typical = null;
        if (historyFiles.Count > 0 && speeds.Count > 0)
        {
            progress?.Report(new StageProgress("reading history", 0, historyFiles.Count, "files"));
            freeFlowHistory = new FreeFlowHistory(network, groups, options);
            var typicalBuilder = new TypicalSpeeds.Builder(network.EdgeCount, options);
            HistoryReport historyRead = SpeedHistory.Read(network, historyFiles, speeds.BinStartMs[0], options, cells =>
            {
                freeFlowHistory.Add(cells);
                typicalBuilder.Add(cells);
            }, progress, cancel);
            typical = typicalBuilder.Build(historyRead);
        }

        FreeFlowSpeeds freeFlow = FreeFlowEstimator.Estimate(network, speeds, options, groups, freeFlowHistory);
        SegmentIndices indices = SegmentIndices.Compute(network, speeds, options, freeFlow);

        (int[] cityOffsets, int[] cityMembers) = GroupIndexCalculator.WholeNetwork(network.EdgeCount);
        GroupIndexTable city = GroupIndexCalculator.Compute(network, speeds, indices, cityOffsets, cityMembers, 1, options);
        var groupings = new List<VehicleBootstrap.Grouping> { new(city, cityOffsets, cityMembers, 1) };

        GroupIndexTable? areaIndex = null;
        if (areas is not null)
        {
            (int[] offsets, int[] members) = areas.AssignEdges(network);
            areaIndex = GroupIndexCalculator.Compute(network, speeds, indices, offsets, members, areas.Count, options);
            groupings.Add(new(areaIndex, offsets, members, areas.Count));
        }

        GroupIndexTable? corridorIndex = null;
        ReliabilityTable? corridorReliability = null;
        if (corridors is not null)
        {
            (int[] offsets, int[] members) = Corridors.Membership(network.EdgeCount, corridors.Offsets, corridors.Edges);
            corridorIndex = GroupIndexCalculator.Compute(network, speeds, indices, offsets, members, corridors.Count, options);
            corridorReliability = ReliabilityCalculator.ForCorridors(network, speeds, indices, corridors.Offsets, corridors.Edges, options);
            groupings.Add(new(corridorIndex, offsets, members, corridors.Count));
        }

        // How sure each figure is: distinct vehicles and bootstrap intervals, from a second pass over the sorted rows.
        GroupIndexTable[] spread = VehicleBootstrap.Apply(network, speeds, indices, Reported(rows.Chunks(cancel), rows.RowsKept, progress, "intervals"),
            rows.VehicleCount, groupings, options, cancel: cancel);
        city = spread[0];
        areaIndex = areaIndex is null ? null : spread[1];
        corridorIndex = corridorIndex is null ? null : spread[^1];

        ReliabilityTable segmentReliability = ReliabilityCalculator.ForSegments(network, speeds, indices, options);
        (var recurrent, int workdays) = ReliabilityCalculator.RecurrentCongestion(speeds, indices, options);

        int lowSample = indices.LowSample.Count(x => x);
        var report = new CongestionReport(
            rows.RowsRead, rows.RowsKept - speeds.RowsRejected - speeds.RowsImplausibleSpeed, rows.UnknownEdges, rows.NullRows,
            speeds.RowsRejected, speeds.RowsImplausibleSpeed,
            rows.VehicleCount, speeds.Count, lowSample, city.Count,
            city.Count > 0 ? city.BinStartMs[0] : 0, city.Count > 0 ? city.BinStartMs[^1] : 0,
            indices.EdgeFreeFlowFromData.Count(x => x))
        {
            EdgesByFreeFlowSource = freeFlow.CountBySource(),
            History = typical?.Report,
        };
        return new CongestionResult(network, options, speeds, indices, city, areas, areaIndex, corridors, corridorIndex,
            segmentReliability, corridorReliability, recurrent, workdays, report)
        {
            TypicalSpeeds = typical,
        };
    }

    private static IEnumerable<TraversalSpill.Rows> Reported(IEnumerable<TraversalSpill.Rows> chunks, long total, IProgress<StageProgress>? progress,
        string stage)
    {
        long done = 0;
        progress?.Report(new StageProgress(stage, 0, total, "traversals"));
        foreach (TraversalSpill.Rows chunk in chunks)
        {
            yield return chunk;
            done += chunk.Count;
            progress?.Report(new StageProgress(stage, done, total, "traversals"));
        }
    }
}
